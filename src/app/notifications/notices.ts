// What the server tells the sender or answers for the recipient after a post: ephemeral notices (channel-wide
// mentions disabled in a large channel, mentioned users not in the channel or team) and the out-of-office reply.
import type { Channel, Post } from '../../model/types.ts';
import type { AppContext } from '../context.ts';
import { sendEphemeralPost } from '../ephemeral.ts';
import { mentionedNames } from '../mentions.ts';
import { createPost } from '../posts.ts';
import { isSystemPost } from './rules.ts';

const CHANNEL_WIDE = ['channel', 'all', 'here'] as const;

/** "@a", "@a and @b", "@a, @b and @c". */
function listNames(names: string[]): string {
  const at = names.map((n) => '@' + n);
  return at.length === 1 ? at[0] : `${at.slice(0, -1).join(', ')} and ${at[at.length - 1]}`;
}

/** The sender's ephemeral notices for a post just published (sent by the node that took the post, once). */
export async function afterPostNotices(ctx: AppContext, post: Post, channel: Channel): Promise<void> {
  if (post.type || !post.message.includes('@')) return;
  const names = mentionedNames(post.message);
  if (!names.size) return;
  const memberIds = await ctx.caches.channelMemberIds(channel.id);
  const max = ctx.config().TeamSettings.MaxNotificationsPerChannel;
  if (channel.type !== 'D' && memberIds.size > max) {
    for (const key of CHANNEL_WIDE)
      if (names.has(key))
        sendEphemeralPost(ctx, post.user_id, {
          channel_id: channel.id,
          root_id: post.root_id,
          create_at: post.create_at + 1,
          message: `@${key} has been disabled because the channel has more than ${max} users.`,
        });
  }
  if (channel.type === 'D' || channel.type === 'G' || !channel.team_id) return;
  const candidates = [...names].filter((n) => !(CHANNEL_WIDE as readonly string[]).includes(n));
  if (!candidates.length) return;
  const found = (await ctx.store.users.getByUsernames(candidates)).filter((u) => !u.delete_at && !u.is_bot && !memberIds.has(u.id));
  if (!found.length) return;
  const team = await ctx.caches.teamMemberIds(channel.team_id);
  const inTeam = found.filter((u) => team.has(u.id));
  const outOfTeam = found.filter((u) => !team.has(u.id));
  if (inTeam.length) {
    const usernames = inTeam.map((u) => u.username);
    const ids = inTeam.map((u) => u.id);
    sendEphemeralPost(ctx, post.user_id, {
      channel_id: channel.id,
      root_id: post.root_id,
      create_at: post.create_at + 1,
      message: `${listNames(usernames)} did not get notified by this mention because they are not in the channel.`,
      props: {
        add_channel_member: {
          post_id: post.id,
          usernames,
          not_in_channel_usernames: usernames,
          user_ids: ids,
          not_in_channel_user_ids: ids,
          not_in_groups_usernames: [],
          not_in_groups_user_ids: [],
        },
      },
    });
  }
  if (outOfTeam.length)
    sendEphemeralPost(ctx, post.user_id, {
      channel_id: channel.id,
      root_id: post.root_id,
      create_at: post.create_at + 1,
      message: `${listNames(outOfTeam.map((u) => u.username))} didn't get notified by this mention because they aren't a member of this team.`,
    });
}

/**
 * Mattermost's auto-responder: in a DM, when the other member has `auto_responder_active` and a message, answer as
 * them once per channel and UTC day. Runs from the queue (one node, once per post).
 */
export async function maybeAutoRespond(ctx: AppContext, post: Post, channel: Channel): Promise<void> {
  if (isSystemPost(post) || post.type === 'system_auto_responder') return;
  const sender = await ctx.store.users.get(post.user_id);
  if (!sender || sender.is_bot) return;
  const ids = await ctx.store.channels.memberUserIds(channel.id);
  const otherId = ids.find((id) => id !== post.user_id) ?? post.user_id;
  const other = await ctx.store.users.get(otherId);
  if (!other || other.delete_at || other.notify_props.auto_responder_active !== 'true') return;
  const message = (other.notify_props.auto_responder_message ?? '').trim();
  if (!message) return;
  const day = new Date(post.create_at);
  const midnight = Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate());
  if (await ctx.store.notifications.autoRepliedSince(other.id, channel.id, midnight)) return;
  await createPost(ctx, channel, {
    channel_id: channel.id,
    user_id: other.id,
    message,
    type: 'system_auto_responder',
    root_id: post.root_id || post.id,
  });
}
