// Notification e-mails: one for a post (Mattermost's sendNotificationEmail) or one digest for several (batching,
// quiet hours), with Mattermost's subjects, links and headers.
import type { Channel, Post, UserWithSecrets } from '../../model/types.ts';
import type { AppContext } from '../context.ts';
import { notificationEmail, type NotificationPostBlock } from '../mail/notification-templates.ts';
import { displayName, postLink, postText, postTime, subjectDate } from './content.ts';

export interface EmailItem {
  post: Post;
  channel: Channel;
  sender: UserWithSecrets | undefined;
  /** The post was a reply the recipient follows with collapsed threads. */
  follower: boolean;
}

/** Team name for links: the channel's team, else the recipient's first team, else `select_team`. */
async function teamFor(ctx: AppContext, channel: Channel, recipient: UserWithSecrets): Promise<{ name: string; display: string }> {
  const team = channel.team_id ? await ctx.store.teams.get(channel.team_id) : (await ctx.store.teams.listForUser(recipient.id))[0];
  return team ? { name: team.name, display: team.display_name } : { name: 'select_team', display: '' };
}

async function military(ctx: AppContext, userId: string): Promise<boolean> {
  const p = await ctx.store.preferences.list(userId, 'display_settings', 'use_military_time');
  return p[0]?.value === 'true';
}

function headersFor(ctx: AppContext, post: Post): Record<string, string> {
  let host = 'localhost';
  try {
    host = new URL(ctx.siteURL()).hostname || host;
  } catch {
    host = 'localhost';
  }
  const h: Record<string, string> = { 'Message-ID': `<${post.id}@${host}>`, 'X-SMTPAPI': '{"category": "Notification"}' };
  if (post.root_id) {
    h['In-Reply-To'] = `<${post.root_id}@${host}>`;
    h.References = `<${post.root_id}@${host}>`;
  }
  return h;
}

function fullContents(ctx: AppContext): boolean {
  return ctx.config().EmailSettings.EmailNotificationContentsType !== 'generic';
}

/** One post's e-mail to `recipient`. */
export async function sendPostEmail(ctx: AppContext, recipient: UserWithSecrets, item: EmailItem): Promise<void> {
  const config = ctx.config();
  const { post, channel } = item;
  const site = config.TeamSettings.SiteName;
  const sender = displayName(config, item.sender);
  const date = subjectDate(post.create_at, recipient);
  const team = await teamFor(ctx, channel, recipient);
  const full = fullContents(ctx);
  let subject: string;
  let title: string;
  let subTitle: string;
  if (channel.type === 'D') {
    subject = `[${site}] New Direct Message from ${sender} on ${date}`;
    title = `${sender} sent you a new message`;
    subTitle = `While you were away, ${sender} sent you a new Direct Message.`;
  } else if (channel.type === 'G') {
    subject = full ? `[${site}] New Group Message in ${channel.display_name} on ${date}` : `[${site}] New Group Message on ${date}`;
    title = `${sender} sent you a new message`;
    subTitle = `While you were away, ${sender} sent a message to your group.`;
  } else {
    const where = config.EmailSettings.UseChannelInEmailNotifications ? `${team.display} (${channel.display_name})` : team.display;
    subject = `[${site}] Notification in ${where} on ${date}`;
    title = item.follower ? `${sender} replied to a thread` : `${sender} mentioned you in a message`;
    subTitle = item.follower
      ? `While you were away, ${sender} replied to a thread you're following.`
      : `While you were away, ${sender} mentioned you in the ${channel.display_name} channel.`;
  }
  if (item.follower && channel.type !== 'O' && channel.type !== 'P') title = `${sender} replied to a thread`;
  const link = postLink(ctx.siteURL(), team.name, post.id, true);
  const posts: NotificationPostBlock[] = full
    ? [
        {
          senderName: [...sender].slice(0, 22).join(''),
          channelName: channel.type === 'D' ? 'Direct Message' : channel.display_name,
          time: postTime(post.create_at, recipient, await military(ctx, recipient.id)),
          message: fileOnlyText(post) ?? postText(post),
          link,
        },
      ]
    : [];
  const mail = notificationEmail({
    subject,
    title,
    subTitle,
    buttonText: 'Reply in Mattermost',
    buttonLink: link,
    siteName: site,
    siteURL: ctx.siteURL(),
    posts,
  });
  await ctx.mailer.send({ to: recipient.email, ...mail, headers: headersFor(ctx, post) });
}

function fileOnlyText(post: Post): string | undefined {
  if (post.message.trim() || !post.file_ids?.length) return undefined;
  const files = (post.metadata?.files as Array<{ name?: string }> | undefined) ?? [];
  const names = files.map((f) => f.name).filter(Boolean);
  return `${post.file_ids.length} ${post.file_ids.length === 1 ? 'file' : 'files'} sent: ${names.join(', ')}`;
}

/** One digest of several posts (batching or the end of quiet hours). */
export async function sendDigestEmail(ctx: AppContext, recipient: UserWithSecrets, items: EmailItem[]): Promise<void> {
  const config = ctx.config();
  const site = config.TeamSettings.SiteName;
  const mil = await military(ctx, recipient.id);
  const full = fullContents(ctx);
  const posts: NotificationPostBlock[] = [];
  for (const it of items) {
    const team = await teamFor(ctx, it.channel, recipient);
    posts.push({
      senderName: displayName(config, it.sender),
      channelName: it.channel.type === 'D' ? 'Direct Message' : it.channel.display_name,
      time: postTime(it.post.create_at, recipient, mil),
      message: full ? (fileOnlyText(it.post) ?? postText(it.post)) : '',
      link: postLink(ctx.siteURL(), team.name, it.post.id, false),
    });
  }
  const first = items[0].post;
  const mail = notificationEmail({
    subject: `[${site}] New Notification${items.length === 1 ? '' : 's'} for ${subjectDate(first.create_at, recipient)}`,
    title: 'You have new messages',
    subTitle: `While you were away you received ${items.length} new notification${items.length === 1 ? '' : 's'}.`,
    buttonText: 'Open Mattermost',
    buttonLink: ctx.siteURL(),
    siteName: site,
    siteURL: ctx.siteURL(),
    posts,
    postLinkText: 'View this message',
  });
  await ctx.mailer.send({ to: recipient.email, ...mail });
}
