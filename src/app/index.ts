// The one door into the application: `createApp(ctx)` binds every use-case module to the app context, so entry
// points (api4/, ws/, hooks, commands, jobs) call `app.channels.createChannel(actor, …)` and hold no store, no caches
// and no event sink: the type App has none of them, and the compiler keeps the door.
import type { Config } from '../config/config.ts';
import type { AppContext } from './context.ts';
import * as admin from './admin.ts';
import * as authz from './authz.ts';
import * as channelLifecycle from './channel-lifecycle.ts';
import * as channelStats from './channel-stats.ts';
import * as channelMembers from './channel-members.ts';
import * as channelPrivacy from './channel-privacy.ts';
import * as channels from './channels.ts';
import * as directChannels from './direct-channels.ts';
import * as emoji from './files/emoji.ts';
import * as files from './files/files.ts';
import * as fileUploads from './files/upload.ts';
import * as invites from './invites.ts';
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
    admin: bind(ctx, admin),
    authz: bind(ctx, authz),
    channelLifecycle: bind(ctx, channelLifecycle),
    channelStats: bind(ctx, channelStats),
    channelMembers: bind(ctx, channelMembers),
    channelPrivacy: bind(ctx, channelPrivacy),
    channels: bind(ctx, channels),
    directChannels: bind(ctx, directChannels),
    emoji: bind(ctx, emoji),
    files: bind(ctx, files),
    fileUploads: bind(ctx, fileUploads),
    invites: bind(ctx, invites),
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
  void ctx;
  const stops: Array<() => void | Promise<void>> = [];
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
