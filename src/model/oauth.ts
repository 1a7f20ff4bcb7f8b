// Wire types and limits of the OAuth 2.0 provider (Mattermost's model/oauth.go, authorize.go, access.go).

export interface OAuthApp {
  id: string;
  creator_id: string;
  create_at: number;
  update_at: number;
  client_secret: string;
  name: string;
  description: string;
  icon_url: string;
  callback_urls: string[];
  homepage: string;
  is_trusted: boolean;
  mattermost_app_id: string;
}

/** An authorization code (model.AuthData). */
export interface AuthData {
  code: string;
  client_id: string;
  user_id: string;
  expires_in: number;
  create_at: number;
  redirect_uri: string;
  state: string;
  scope: string;
  code_challenge: string;
  code_challenge_method: string;
}

/** An issued access token with its refresh token (model.AccessData); `token` is the OAuth session's token. */
export interface AccessData {
  token: string;
  refresh_token: string;
  client_id: string;
  user_id: string;
  redirect_uri: string;
  expires_at: number;
  scope: string;
}

export const OAUTH = {
  /** model.AuthCodeExpireTime, seconds. */
  AUTH_CODE_EXPIRE_SECONDS: 600,
  DEFAULT_SCOPE: 'user',
  NAME_MAX: 64,
  DESCRIPTION_MAX: 512,
  ICON_URL_MAX: 512,
  HOMEPAGE_MAX: 256,
  CALLBACK_URLS_MAX_TOTAL: 1024,
  MATTERMOST_APP_ID_MAX: 32,
  REDIRECT_URI_MAX: 256,
  STATE_MAX: 1024,
  SCOPE_MAX: 128,
  PKCE_MIN: 43,
  PKCE_MAX: 128,
  /** The preference category that remembers a user's consent (model.PreferenceCategoryAuthorizedOAuthApp). */
  PREFERENCE_CATEGORY: 'oauth_app',
  /** model.AccessTokenGrantType / RefreshTokenGrantType. */
  GRANT_AUTHORIZATION_CODE: 'authorization_code',
  GRANT_REFRESH_TOKEN: 'refresh_token',
} as const;
