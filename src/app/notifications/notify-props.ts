// Notify props: the values Mattermost accepts for a user's notify_props and a channel member's, checked on write.
import { appError, type ErrorId } from '../../model/app-error.ts';

/** Largest mention_keys / auto_responder_message / any other user prop value kept (runes). */
export const MAX_NOTIFY_PROP_VALUE = 4000;
/** Mattermost's limit on a channel member's notify props JSON (runes). */
export const MAX_CHANNEL_NOTIFY_PROPS = 800_000;

const USER_ENUMS: Record<string, readonly string[]> = {
  email: ['true', 'false'],
  push: ['all', 'mention', 'none'],
  desktop: ['all', 'mention', 'none'],
  desktop_sound: ['true', 'false'],
  channel: ['true', 'false'],
  first_name: ['true', 'false'],
  push_status: ['online', 'away', 'offline', 'dnd', 'ooo'],
  comments: ['never', 'root', 'any'],
  desktop_threads: ['all', 'mention', 'none'],
  email_threads: ['all', 'mention'],
  push_threads: ['all', 'mention', 'none'],
  auto_responder_active: ['true', 'false'],
};

/** Refuses a user notify_props map with a known key set to a value Mattermost does not define, or an oversized value. */
export function validateUserNotifyProps(props: Record<string, string>): void {
  for (const [k, v] of Object.entries(props)) {
    if (typeof v !== 'string')
      throw appError('model.user.is_valid.notify_props.app_error', 'validateUserNotifyProps', { params: { Key: k } });
    const allowed = USER_ENUMS[k];
    if ((allowed && !allowed.includes(v)) || [...v].length > MAX_NOTIFY_PROP_VALUE)
      throw appError('model.user.is_valid.notify_props.app_error', 'validateUserNotifyProps', { params: { Key: k } });
  }
}

const LEVELS = ['default', 'all', 'mention', 'none'];
const CHANNEL_ENUMS: Record<string, [readonly string[], ErrorId]> = {
  desktop: [LEVELS, 'model.channel_member.is_valid.notify_level.app_error'],
  desktop_threads: [LEVELS, 'model.channel_member.is_valid.notify_level.app_error'],
  push: [LEVELS, 'model.channel_member.is_valid.push_level.app_error'],
  push_threads: [LEVELS, 'model.channel_member.is_valid.push_level.app_error'],
  email: [['default', 'true', 'false'], 'model.channel_member.is_valid.email_value.app_error'],
  mark_unread: [['all', 'mention'], 'model.channel_member.is_valid.unread_level.app_error'],
  ignore_channel_mentions: [['default', 'off', 'on'], 'model.channel_member.is_valid.ignore_channel_mentions_value.app_error'],
  channel_auto_follow_threads: [['off', 'on'], 'model.channel_member.is_valid.channel_auto_follow_threads_value.app_error'],
  desktop_sound: [['default', 'on', 'off'], 'model.channel_member.is_valid.notify_level.app_error'],
};

/** The keys PUT /channels/{id}/members/{user_id}/notify_props keeps (others are dropped, as Mattermost). */
export const CHANNEL_NOTIFY_KEYS = [...Object.keys(CHANNEL_ENUMS), 'desktop_notification_sound'];

/** The patch as stored: kept keys only, values checked as ChannelMember.IsValid checks them. */
export function channelNotifyPatch(body: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of CHANNEL_NOTIFY_KEYS) {
    if (!(k in body)) continue;
    const v = body[k];
    const rule = CHANNEL_ENUMS[k];
    const err: ErrorId = rule?.[1] ?? 'model.channel_member.is_valid.notify_props.app_error';
    if (typeof v !== 'string') throw appError(err, 'updateChannelMemberNotifyProps', { detailed: k });
    if (rule && !rule[0].includes(v)) throw appError(err, 'updateChannelMemberNotifyProps', { detailed: `${k}=${v.slice(0, 40)}` });
    if (!rule && v.length > 64) throw appError(err, 'updateChannelMemberNotifyProps', { detailed: k });
    out[k] = v;
  }
  return out;
}
