// WebSocket event names and the event envelope, as Mattermost sends them.

export const WsEvents = {
  Hello: 'hello',
  Posted: 'posted',
  PostEdited: 'post_edited',
  PostDeleted: 'post_deleted',
  PostUnread: 'post_unread',
  ChannelCreated: 'channel_created',
  ChannelUpdated: 'channel_updated',
  ChannelDeleted: 'channel_deleted',
  ChannelRestored: 'channel_restored',
  ChannelConverted: 'channel_converted',
  ChannelMemberUpdated: 'channel_member_updated',
  ChannelViewed: 'channel_viewed',
  MultipleChannelsViewed: 'multiple_channels_viewed',
  DirectAdded: 'direct_added',
  GroupAdded: 'group_added',
  UserAdded: 'user_added',
  UserRemoved: 'user_removed',
  UserUpdated: 'user_updated',
  UserRoleUpdated: 'user_role_updated',
  NewUser: 'new_user',
  AddedToTeam: 'added_to_team',
  LeaveTeam: 'leave_team',
  UpdateTeam: 'update_team',
  DeleteTeam: 'delete_team',
  MemberRoleUpdated: 'memberrole_updated',
  Typing: 'typing',
  StatusChange: 'status_change',
  PreferencesChanged: 'preferences_changed',
  PreferencesDeleted: 'preferences_deleted',
  ReactionAdded: 'reaction_added',
  ReactionRemoved: 'reaction_removed',
  RoleUpdated: 'role_updated',
  EmojiAdded: 'emoji_added',
  ThreadUpdated: 'thread_updated',
  ThreadFollowChanged: 'thread_follow_changed',
  ThreadReadChanged: 'thread_read_changed',
  SidebarCategoryCreated: 'sidebar_category_created',
  SidebarCategoryUpdated: 'sidebar_category_updated',
  SidebarCategoryDeleted: 'sidebar_category_deleted',
  SidebarCategoryOrderUpdated: 'sidebar_category_order_updated',
  ConfigChanged: 'config_changed',
  RestoreTeam: 'restore_team',
  UserActivationStatusChange: 'user_activation_status_change',
  UpdateTeamScheme: 'update_team_scheme',
  GuestsDeactivated: 'guests_deactivated',
  ChannelSchemeUpdated: 'channel_scheme_updated',
  DraftCreated: 'draft_created',
  DraftUpdated: 'draft_updated',
  DraftDeleted: 'draft_deleted',
} as const;

export interface Broadcast {
  omit_users: Record<string, boolean> | null;
  user_id: string;
  channel_id: string;
  team_id: string;
  connection_id: string;
  omit_connection_id: string;
  contains_sanitized_data?: boolean;
  contains_sensitive_data?: boolean;
}

export interface WsEvent {
  event: string;
  data: Record<string, unknown>;
  broadcast: Broadcast;
  /** `posted` only: who should acknowledge it (Mattermost's posted_ack broadcast hook); never sent as is. */
  postedAck?: PostedAckHook;
}

/**
 * A connection opened with `posted_ack=true` gets `should_ack: true` on a `posted` event it should notify for: not the
 * poster's own, and it mentions or is followed by the user, is in a DM, or the user takes desktop notifications for
 * all of the channel's posts (`users`).
 */
export interface PostedAckHook {
  poster: string;
  channel_type: string;
  users: string[];
}

/** Builds an event; `to` names the scope exactly as Mattermost's NewWebSocketEvent(event, teamId, channelId, userId, omit). */
export function wsEvent(
  event: string,
  data: Record<string, unknown>,
  to: { teamId?: string; channelId?: string; userId?: string; omitUsers?: string[]; omitConnectionId?: string },
): WsEvent {
  return {
    event,
    data,
    broadcast: {
      omit_users: to.omitUsers?.length ? Object.fromEntries(to.omitUsers.map((u) => [u, true])) : null,
      user_id: to.userId ?? '',
      channel_id: to.channelId ?? '',
      team_id: to.teamId ?? '',
      connection_id: '',
      omit_connection_id: to.omitConnectionId ?? '',
    },
  };
}
