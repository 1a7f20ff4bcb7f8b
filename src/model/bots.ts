// Wire types of bot accounts and personal access tokens (Mattermost's model/bot.go, model/user_access_token.go).

/** A bot as Mattermost sends it: username and display name come from the bot's user (first_name). */
export interface Bot {
  user_id: string;
  username: string;
  display_name?: string;
  description?: string;
  owner_id: string;
  last_icon_update?: number;
  create_at: number;
  update_at: number;
  delete_at: number;
}

/** The bots row. */
export interface BotRecord {
  user_id: string;
  description: string;
  owner_id: string;
  last_icon_update: number;
  create_at: number;
  update_at: number;
  delete_at: number;
}

/** A personal access token; `token` (the secret) leaves the server only in the answer to its creation. */
export interface UserAccessToken {
  id: string;
  token?: string;
  user_id: string;
  description: string;
  is_active: boolean;
  expires_at: number;
}

/** Mattermost's limits (model/bot.go, model/user_access_token.go). */
export const BOT_DESCRIPTION_MAX_RUNES = 1024;
export const BOT_DISPLAY_NAME_MAX_RUNES = 64;
export const USER_ACCESS_TOKEN_DESCRIPTION_MAX = 255;

/** Session props of a personal-access-token session (model/session.go). */
export const SESSION_TYPE_USER_ACCESS_TOKEN = 'UserAccessToken';
/** model.SessionUserAccessTokenExpiryHours: a PAT session lasts as long as its token (100 years). */
export const SESSION_USER_ACCESS_TOKEN_EXPIRY_HOURS = 100 * 365 * 24;
/** The owner's DM post announcing a new bot (model.PostTypeAddBotTeamsChannels). */
export const POST_TYPE_ADD_BOT_TEAMS_CHANNELS = 'add_bot_teams_channels';
/** The text of that post (Mattermost's api.bot.teams_channels.add_message_mobile, in English). */
export const ADD_BOT_TEAMS_CHANNELS_MESSAGE =
  'Please add me to teams and channels you want me to interact in. To do this, use the browser or Mattermost Desktop App.';

/** Largest bot icon (an SVG) accepted, bytes. */
export const BOT_ICON_MAX_BYTES = 1024 * 1024;
