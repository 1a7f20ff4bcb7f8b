// Notification e-mails: one for a post (Mattermost's sendNotificationEmail) or one digest for several (batching,
// quiet hours), with Mattermost's subjects, links and headers, in the recipient's language (their `locale`, else
// LocalizationSettings.DefaultServerLocale) with dates and times in their timezone.
import type { Locale } from '../../i18n/locales.ts';
import { plural, translator } from '../../i18n/server.ts';
import type { Channel, Post, UserWithSecrets } from '../../model/types.ts';
import type { AppContext } from '../context.ts';
import { notificationEmail, type NotificationPostBlock } from '../mail/notification-templates.ts';
import { recipientLocale } from '../user-locale.ts';
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

/** What a post's e-mail reads per recipient, when the caller already read it for many recipients at once. */
export interface EmailPreload {
  team?: { name: string; display: string };
  military?: boolean;
}

/** The team link parts for a channel of a team (undefined for DMs and GMs, where they depend on the recipient). */
export async function channelTeam(ctx: AppContext, channel: Channel): Promise<{ name: string; display: string } | undefined> {
  if (!channel.team_id) return undefined;
  const team = await ctx.store.teams.get(channel.team_id);
  return team ? { name: team.name, display: team.display_name } : { name: 'select_team', display: '' };
}

/** One post's e-mail to `recipient`, in their language. */
export async function sendPostEmail(ctx: AppContext, recipient: UserWithSecrets, item: EmailItem, pre: EmailPreload = {}): Promise<void> {
  const config = ctx.config();
  const { post, channel } = item;
  const locale = recipientLocale(ctx, recipient);
  const t = translator(locale);
  const site = config.TeamSettings.SiteName;
  const sender = displayName(config, item.sender);
  const date = subjectDate(post.create_at, recipient, locale);
  const team = pre.team ?? (await teamFor(ctx, channel, recipient));
  const full = fullContents(ctx);
  const p = { SiteName: site, SenderName: sender, SenderDisplayName: sender, ChannelName: channel.display_name, Date: date };
  let subject: string;
  let title: string;
  let subTitle: string;
  if (channel.type === 'D') {
    subject = t('app.notification.subject.direct.full', p);
    title = t('app.notification.body.dm.title', p);
    subTitle = t('app.notification.body.dm.subTitle', p);
  } else if (channel.type === 'G') {
    subject = t(full ? 'app.notification.subject.group_message.full' : 'app.notification.subject.group_message.generic', p);
    title = t('app.notification.body.group.title', p);
    subTitle = t('app.notification.body.group.subTitle', p);
  } else {
    const where = config.EmailSettings.UseChannelInEmailNotifications ? `${team.display} (${channel.display_name})` : team.display;
    subject = t('app.notification.subject.notification.full', { ...p, TeamName: where });
    title = t(item.follower ? 'app.notification.body.thread.title' : 'app.notification.body.mention.title', p);
    subTitle = t(item.follower ? 'app.notification.body.thread.subTitle' : 'app.notification.body.mention.subTitle', p);
  }
  if (item.follower && channel.type !== 'O' && channel.type !== 'P') title = t('app.notification.body.thread.title', p);
  const link = postLink(ctx.siteURL(), team.name, post.id, true);
  const posts: NotificationPostBlock[] = full
    ? [
        {
          senderName: [...sender].slice(0, 22).join(''),
          channelName: channel.type === 'D' ? t('app.notification.body.direct_message') : channel.display_name,
          time: postTime(post.create_at, recipient, pre.military ?? (await military(ctx, recipient.id)), locale),
          message: fileOnlyText(post, locale) ?? postText(post),
          link,
        },
      ]
    : [];
  const mail = notificationEmail({
    subject,
    title,
    subTitle,
    buttonText: t('app.notification.body.button'),
    buttonLink: link,
    siteName: site,
    siteURL: ctx.siteURL(),
    posts,
    locale,
  });
  await ctx.mailer.send({ to: recipient.email, ...mail, headers: headersFor(ctx, post) });
}

function fileOnlyText(post: Post, locale: Locale): string | undefined {
  if (post.message.trim() || !post.file_ids?.length) return undefined;
  const files = (post.metadata?.files as Array<{ name?: string }> | undefined) ?? [];
  const names = files.map((f) => f.name).filter(Boolean);
  return plural(locale, 'app.notification.body.files_sent', post.file_ids.length, { Names: names.join(', ') });
}

/** One digest of several posts (batching or the end of quiet hours), in the recipient's language. */
export async function sendDigestEmail(ctx: AppContext, recipient: UserWithSecrets, items: EmailItem[]): Promise<void> {
  const config = ctx.config();
  const locale = recipientLocale(ctx, recipient);
  const t = translator(locale);
  const site = config.TeamSettings.SiteName;
  const mil = await military(ctx, recipient.id);
  const full = fullContents(ctx);
  const posts: NotificationPostBlock[] = [];
  for (const it of items) {
    const team = await teamFor(ctx, it.channel, recipient);
    posts.push({
      senderName: displayName(config, it.sender),
      channelName: it.channel.type === 'D' ? t('app.notification.body.direct_message') : it.channel.display_name,
      time: postTime(it.post.create_at, recipient, mil, locale),
      message: full ? (fileOnlyText(it.post, locale) ?? postText(it.post)) : '',
      link: postLink(ctx.siteURL(), team.name, it.post.id, false),
    });
  }
  const first = items[0].post;
  const date = subjectDate(first.create_at, recipient, locale);
  const mail = notificationEmail({
    subject: plural(locale, 'api.email_batching.send_batched_email_notification.subject', items.length, { SiteName: site, Date: date }),
    title: t('api.email_batching.send_batched_email_notification.title'),
    subTitle: plural(locale, 'api.email_batching.send_batched_email_notification.subTitle', items.length),
    buttonText: t('api.email_batching.send_batched_email_notification.button'),
    buttonLink: ctx.siteURL(),
    siteName: site,
    siteURL: ctx.siteURL(),
    posts,
    postLinkText: t('api.email_batching.render_batched_post.go_to_post'),
    locale,
  });
  await ctx.mailer.send({ to: recipient.email, ...mail });
}
