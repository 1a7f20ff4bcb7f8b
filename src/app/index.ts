// The one door into the application: `createApp(ctx)` binds every use-case module to the app context, so entry
// points (api4/, ws/, hooks, commands, jobs) call `app.channels.createChannel(actor, …)` and hold no store, no caches
// and no event sink: the type App has none of them, and the compiler keeps the door.
import type { Config } from '../config/config.ts';
import type { AppContext } from './context.ts';
import * as admin from './admin.ts';
import * as authz from './authz.ts';
import * as channelLifecycle from './channel-lifecycle.ts';
import * as channelPrivacy from './channel-privacy.ts';
import * as channels from './channels.ts';
import * as emoji from './files/emoji.ts';
import * as files from './files/files.ts';
import * as invites from './invites.ts';
import * as postUnread from './post-unread.ts';
import * as posts from './posts.ts';
import * as presence from './presence.ts';
import * as reactions from './reactions.ts';
import * as search from './search.ts';
import * as sidebar from './sidebar.ts';
import * as slackImport from './slack-import.ts';
import * as status from './status.ts';
import * as teams from './teams.ts';
import * as threads from './threads.ts';
import * as users from './users.ts';

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
    channelPrivacy: bind(ctx, channelPrivacy),
    channels: bind(ctx, channels),
    emoji: bind(ctx, emoji),
    files: bind(ctx, files),
    invites: bind(ctx, invites),
    postUnread: bind(ctx, postUnread),
    posts: bind(ctx, posts),
    presence: bind(ctx, presence),
    reactions: bind(ctx, reactions),
    search: bind(ctx, search),
    sidebar: bind(ctx, sidebar),
    slackImport: bind(ctx, slackImport),
    status: bind(ctx, status),
    teams: bind(ctx, teams),
    threads: bind(ctx, threads),
    users: bind(ctx, users),
  };
}

export type App = ReturnType<typeof areas> & {
  /** The live configuration (read-only for entry points; changes go through app.admin). */
  config(): Config;
  /** The site URL clients should use in links. */
  siteURL(): string;
  readonly diagnosticId: string;
};

const contexts = new WeakMap<App, AppContext>();

export function createApp(ctx: AppContext): App {
  const app: App = { ...areas(ctx), config: () => ctx.config(), siteURL: () => ctx.siteURL(), diagnosticId: ctx.diagnosticId };
  contexts.set(app, ctx);
  return app;
}

/**
 * @deprecated The transition's escape hatch for route files not yet moved behind the door: the whole context.
 * Nothing new may call it; it goes once every area calls use-cases only.
 */
export function legacyContext(app: App): AppContext {
  return contexts.get(app)!;
}
