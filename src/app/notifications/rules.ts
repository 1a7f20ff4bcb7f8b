// Who a post notifies by e-mail and push, as Mattermost decides it (SendNotifications, sendNotificationEmail,
// shouldSendPushNotification): pure functions over the user, their channel member props and their status.
import type { Channel, Post, StringMap, UserWithSecrets } from '../../model/types.ts';

/** Why a user hears of a post, highest first where several apply (Mattermost's mention types). */
export type MentionKind = 'dm' | 'keyword' | 'channel' | 'comment' | 'gm' | 'follower' | 'post';

/** Explicit mentions (above GM) are what `push: mention` needs. */
export function isExplicit(kind: MentionKind | undefined): boolean {
  return kind === 'dm' || kind === 'keyword' || kind === 'channel' || kind === 'comment';
}

export function isMuted(member: StringMap): boolean {
  return member.mark_unread === 'mention';
}

export function isSystemPost(post: Post): boolean {
  return post.type.startsWith('system_');
}

export function fromWebhook(post: Post): boolean {
  return post.props?.from_webhook === 'true';
}

/** E-mail, for a mentioned user or a CRT follower (`follower`): props, mute and status (away/offline only). */
export function shouldEmail(
  user: UserWithSecrets,
  member: StringMap,
  status: string,
  post: Post,
  opts: { follower: boolean; mentioned: boolean; requireVerified: boolean },
): boolean {
  if (user.delete_at || user.is_bot) return false;
  if (opts.requireVerified && !user.email_verified) return false;
  if (post.type === 'system_auto_responder') return false;
  if (isMuted(member)) return false;
  if (opts.follower) {
    if (user.notify_props.email !== 'true') return false;
    if (!opts.mentioned && user.notify_props.email_threads !== 'all') return false;
  } else {
    const channelEmail = member.email ?? 'default';
    if (channelEmail === 'false') return false;
    if (channelEmail !== 'true' && user.notify_props.email === 'false') return false;
  }
  return status === 'away' || status === 'offline';
}

/** Push level for a user in a channel: the channel's unless `default`, else the user's (GM: `mention` counts as `all`). */
export function pushLevel(user: UserWithSecrets, member: StringMap, channel: Channel): string {
  const ch = member.push ?? 'default';
  let level = ch !== 'default' ? ch : (user.notify_props.push ?? 'mention');
  if (channel.type === 'G' && ch === 'default' && level === 'mention') level = 'all';
  return level;
}

/** Status part of the push rule: never in dnd/ooo; `push_status` says how absent the user must be. */
export function pushStatusAllows(user: UserWithSecrets, status: string): boolean {
  if (status === 'dnd' || status === 'ooo') return false;
  const when = user.notify_props.push_status || 'online';
  if (when === 'away') return status === 'away' || status === 'offline';
  if (when === 'offline') return status === 'offline';
  return true;
}

/** Push for a non-follower: a mention, or level `all`. */
export function shouldPush(
  user: UserWithSecrets,
  member: StringMap,
  channel: Channel,
  post: Post,
  kind: MentionKind | undefined,
  status: string,
): boolean {
  if (user.delete_at || user.is_bot) return false;
  if (post.props?.force_notification) return pushStatusAllows(user, status);
  if (isMuted(member) || isSystemPost(post)) return false;
  const level = pushLevel(user, member, channel);
  if (level === 'none') return false;
  if (level === 'mention' && !isExplicit(kind)) return false;
  if (!kind) return false;
  return pushStatusAllows(user, status);
}

/** Push for a CRT follower of the thread a reply is in (Mattermost's follower sorting). */
export function shouldPushFollower(user: UserWithSecrets, member: StringMap, mentioned: boolean, status: string): boolean {
  if (user.delete_at || user.is_bot || isMuted(member)) return false;
  const ch = member.push ?? 'default';
  const up = user.notify_props;
  let ok: boolean;
  if (ch === 'default') ok = up.push !== 'none' && (mentioned || up.push_threads === 'all' || up.push === 'all');
  else ok = ch !== 'none' && (mentioned || (member.push_threads === 'all' && up.push_threads !== 'mention') || ch === 'all');
  return ok && pushStatusAllows(user, status);
}

/** Whether the user reads with collapsed threads: the server setting, then their display_settings preference. */
export function crtOn(setting: string, pref: string | undefined): boolean {
  if (setting === 'disabled') return false;
  if (setting === 'always_on') return true;
  if (pref === 'on') return true;
  if (pref === 'off') return false;
  return setting === 'default_on';
}
