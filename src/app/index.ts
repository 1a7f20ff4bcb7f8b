// The one door into the application: `createApp(ctx)` binds every use-case module to the app context, so entry
// points (api4/, ws/, hooks, commands, jobs) call `app.channels.createChannel(actor, …)` and hold no store, no caches
// and no event sink: the type App has none of them, and the compiler keeps the door.
import type { Config } from '../config/config.ts';
import type { AppContext } from './context.ts';
import * as accessTokens from './access-tokens.ts';
import * as admin from './admin.ts';
import * as authz from './authz.ts';
import * as bots from './bots.ts';
import * as botIcons from './bot-icons.ts';
import * as channelLifecycle from './channel-lifecycle.ts';
import * as channelStats from './channel-stats.ts';
import * as channelMembers from './channel-members.ts';
import * as channelPrivacy from './channel-privacy.ts';
import * as channels from './channels.ts';
import * as directChannels from './direct-channels.ts';
import * as drafts from './drafts.ts';
import * as emoji from './files/emoji.ts';
import * as files from './files/files.ts';
import * as fileUploads from './files/upload.ts';
import * as invites from './invites.ts';
import * as oauth from './oauth.ts';
import * as pins from './pins.ts';
import * as postUnread from './post-unread.ts';
import * as posts from './posts.ts';
import * as presence from './presence.ts';
import * as rateLimit from './ratelimit.ts';
import * as reactions from './reactions.ts';
import * as search from './search.ts';
import * as signup from './signup.ts';
import * as sidebar from './sidebar.ts';
import * as slackImport from './slack-import.ts';
import * as status from './status.ts';
import * as teams from './teams.ts';
import * as teamMembers from './team-members.ts';
import * as threads from './threads.ts';
import * as unreads from './unreads.ts';
import * as users from './users.ts';
import * as preferences from './preferences.ts';
import * as roles from './roles.ts';
import * as sessions from './sessions.ts';
import * as system from './system.ts';
import * as userImages from './user-images.ts';
import * as userLists from './user-lists.ts';
import * as incomingWebhooks from './webhooks-incoming.ts';
import * as outgoingWebhooks from './webhooks-outgoing.ts';
import * as integrationActions from './integration-actions.ts';
import { startOutgoingWebhooks } from './webhooks-outgoing.ts';
import * as commands from './commands.ts';
import * as commandExecute from './command-execute.ts';
import * as commandWebhooks from './command-webhooks.ts';
import * as ephemeral from './ephemeral.ts';
import * as audits from './audits.ts';
import * as emailVerification from './email-verification.ts';
import * as mfa from './mfa.ts';
import * as passwordReset from './password-reset.ts';
import * as notifications from './notifications.ts';
import { startNotifications } from './notifications/queue.ts';
import * as memberRoles from './member-roles.ts';
import * as teamAdmin from './team-admin.ts';
import * as userAdmin from './user-admin.ts';
import * as schemes from './schemes.ts';
import * as guests from './guests.ts';
import * as opengraph from './opengraph.ts';
import { startLinkPreviews } from './opengraph.ts';

type UseCase = (ctx: AppContext, ...args: any[]) => unknown;
/** A module's use-cases (its exports whose first parameter is the app context) with that parameter bound. */
export type Bound<M> = {
  [K in keyof M as M[K] extends UseCase ? K : never]: M[K] extends (ctx: AppContext, ...a: infer A) => infer R ? (...a: A) => R : never;
};

function bind<M extends object>(ctx: AppContext, mod: M): Bound<M> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(mod)) if (typeof v === 'function') out[k] = (...a: unknown[]) => v(ctx, ...a);
  return out as Bound<M>;
}

function areas(ctx: AppContext) {
  return {
    accessTokens: bind(ctx, accessTokens),
    admin: bind(ctx, admin),
    authz: bind(ctx, authz),
    bots: bind(ctx, bots),
    botIcons: bind(ctx, botIcons),
    channelLifecycle: bind(ctx, channelLifecycle),
    channelStats: bind(ctx, channelStats),
    channelMembers: bind(ctx, channelMembers),
    channelPrivacy: bind(ctx, channelPrivacy),
    channels: bind(ctx, channels),
    directChannels: bind(ctx, directChannels),
    drafts: bind(ctx, drafts),
    emoji: bind(ctx, emoji),
    files: bind(ctx, files),
    fileUploads: bind(ctx, fileUploads),
    invites: bind(ctx, invites),
    oauth: bind(ctx, oauth),
    pins: bind(ctx, pins),
    postUnread: bind(ctx, postUnread),
    posts: bind(ctx, posts),
    presence: bind(ctx, presence),
    rateLimit: bind(ctx, rateLimit),
    reactions: bind(ctx, reactions),
    search: bind(ctx, search),
    signup: bind(ctx, signup),
    sidebar: bind(ctx, sidebar),
    slackImport: bind(ctx, slackImport),
    status: bind(ctx, status),
    teams: bind(ctx, teams),
    teamMembers: bind(ctx, teamMembers),
    threads: bind(ctx, threads),
    unreads: bind(ctx, unreads),
    users: bind(ctx, users),
    preferences: bind(ctx, preferences),
    roles: bind(ctx, roles),
    sessions: bind(ctx, sessions),
    system: bind(ctx, system),
    userImages: bind(ctx, userImages),
    userLists: bind(ctx, userLists),
    incomingWebhooks: bind(ctx, incomingWebhooks),
    outgoingWebhooks: bind(ctx, outgoingWebhooks),
    integrationActions: bind(ctx, integrationActions),
    commands: bind(ctx, commands),
    commandExecute: bind(ctx, commandExecute),
    commandWebhooks: bind(ctx, commandWebhooks),
    ephemeral: bind(ctx, ephemeral),
    audits: bind(ctx, audits),
    emailVerification: bind(ctx, emailVerification),
    mfa: bind(ctx, mfa),
    passwordReset: bind(ctx, passwordReset),
    notifications: bind(ctx, notifications),
    memberRoles: bind(ctx, memberRoles),
    teamAdmin: bind(ctx, teamAdmin),
    userAdmin: bind(ctx, userAdmin),
    schemes: bind(ctx, schemes),
    guests: bind(ctx, guests),
    opengraph: bind(ctx, opengraph),
  };
}

export type App = ReturnType<typeof areas> & {
  /** The live configuration (read-only for entry points; changes go through app.admin). */
  config(): Config;
  /** The site URL clients should use in links. */
  siteURL(): string;
  readonly diagnosticId: string;
};

/**
 * Background work the app owns (after-post steps, queues, sweepers) starts here; `stop` ends it on close.
 * Each area that has some adds one line: `stops.push(startX(ctx))` (a start function returns its stop).
 */
function startBackground(ctx: AppContext): Array<() => void | Promise<void>> {
  const stops: Array<() => void | Promise<void>> = [];
  stops.push(startOutgoingWebhooks(ctx));
  stops.push(commandWebhooks.startCommands(ctx));
  stops.push(startNotifications(ctx));
  stops.push(startLinkPreviews(ctx));
  return stops;
}

export function createApp(ctx: AppContext): App & { stop(): Promise<void> } {
  const stops = startBackground(ctx);
  const app = {
    ...areas(ctx),
    config: () => ctx.config(),
    siteURL: () => ctx.siteURL(),
    diagnosticId: ctx.diagnosticId,
    async stop() {
      for (const s of stops.reverse()) await s();
    },
  };
  return app;
}
