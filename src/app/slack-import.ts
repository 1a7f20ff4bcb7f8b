// Importing a Slack export into a team: one import per team at a time and a few per server, each staged in its own
// directory until it commits; what an interrupted import left is swept at start, and shutdown abandons the running.
import { appError } from '../model/app-error.ts';
import { Permissions } from '../model/roles.ts';
import { discardRowsAhead, runSlackImport } from '../importer/slack/apply.ts';
import { ImportStaging, sweepStaging } from '../importer/slack/staging.ts';
import type { Actor } from './actor.ts';
import { hasSystemPermission, requireTeamPermission } from './authz.ts';
import type { AppContext } from './context.ts';
import { fileBackend } from './files/backend.ts';
import { getTeamOr404 } from './teams.ts';

/** Receives the upload into `zipPath` (the HTTP side: the multipart form); stops early when `signal` aborts. */
export type ReceiveUpload = (zipPath: string, signal: AbortSignal) => Promise<void>;

interface RunningImport {
  importId: string;
  controller: AbortController;
  done: Promise<void>;
}

interface Imports {
  byTeam: Map<string, RunningImport>;
  closing: boolean;
}

const registries = new WeakMap<AppContext, Imports>();

/** How long shutdown waits for abandoned imports to clean up (rollback, files removed) before it goes on. */
const ABORT_WAIT_MS = 5_000;

function running(ctx: AppContext): Imports {
  let r = registries.get(ctx);
  if (!r) registries.set(ctx, (r = { byTeam: new Map(), closing: false }));
  return r;
}

const abandoned = () =>
  appError('api.slackimport.slack_import.failed.app_error', 'SlackImport', {
    detailed: 'the import was abandoned: the server is shutting down',
  });

/**
 * POST /teams/{team_id}/import: needs import_team in the team. A second import into the same team while one runs is
 * a 409 (`api.team.import_team.in_progress.app_error`), one beyond ImportSettings.ParleyMaxConcurrentImports a 429
 * (`…busy…`), both before the upload is read. The upload is received into the import's staging directory; the
 * import commits whole or leaves nothing (rows or files). Returns `{results: base64(import log)}`.
 */
export async function importTeam(ctx: AppContext, actor: Actor, teamId: string, receive: ReceiveUpload): Promise<{ results: string }> {
  await requireTeamPermission(ctx, actor, teamId, Permissions.IMPORT_TEAM, 'importTeam');
  const team = await getTeamOr404(ctx, teamId);
  const imports = running(ctx);
  const cfg = ctx.config();
  if (imports.closing) throw abandoned();
  if (imports.byTeam.has(teamId)) throw appError('api.team.import_team.in_progress.app_error', 'importTeam');
  if (imports.byTeam.size >= cfg.ImportSettings.ParleyMaxConcurrentImports)
    throw appError('api.team.import_team.busy.app_error', 'importTeam');
  let finished!: () => void;
  const run: RunningImport = { importId: '', controller: new AbortController(), done: new Promise((r) => (finished = r)) };
  imports.byTeam.set(teamId, run);
  const signal = run.controller.signal;
  let staging: ImportStaging | undefined;
  let committed = false;
  try {
    staging = await ImportStaging.create(cfg.ImportSettings.Directory, teamId, cfg.FileSettings.Directory);
    run.importId = staging.id;
    signal.throwIfAborted();
    await receive(staging.zipPath, signal);
    signal.throwIfAborted();
    const isAdminImport = hasSystemPermission(ctx, actor, Permissions.MANAGE_SYSTEM);
    const result = await runSlackImport(ctx, { team, staging, isAdminImport, signal });
    committed = true;
    return result.body;
  } finally {
    if (staging) {
      const files = fileBackend(cfg);
      if (!committed) await staging.discardFiles((key) => files.remove(key));
      await staging.remove();
    }
    imports.byTeam.delete(teamId);
    finished();
  }
}

/**
 * At start: removes the staging directories of imports that were interrupted (the process died, kill -9 included)
 * and the files they had written that no FileInfo row references. Returns how many of each it removed; never throws.
 */
export async function sweepImportStaging(ctx: AppContext): Promise<{ dirs: number; files: number }> {
  const cfg = ctx.config();
  const files = fileBackend(cfg);
  const ids = new Set([...running(ctx).byTeam.values()].map((r) => r.importId));
  try {
    const removed = await sweepStaging(cfg.ImportSettings.Directory, {
      filesRoot: cfg.FileSettings.Directory,
      retentionDays: cfg.ImportSettings.RetentionDays,
      isRunning: (id) => ids.has(id),
      hasFileInfo: async (id) => !!(await ctx.store.files.get(id, true)),
      removeFile: (key) => files.remove(key),
      discardRows: (channelIds) => discardRowsAhead(ctx.store, channelIds),
    });
    if (removed.dirs) ctx.log.info(removed, 'Slack import: removed what interrupted imports left');
    return removed;
  } catch (err) {
    // A server that cannot sweep still starts; the next start tries again.
    ctx.log.error({ err }, 'Slack import: sweeping the staging directory failed');
    return { dirs: 0, files: 0 };
  }
}

/**
 * At shutdown: refuses new imports and abandons the running ones (their worker stops, their transaction rolls back,
 * their files are removed); resolves once they have all cleaned up, or after ABORT_WAIT_MS (what is left is swept at
 * the next start).
 */
export async function abortImports(ctx: AppContext): Promise<void> {
  const imports = running(ctx);
  imports.closing = true;
  const all = [...imports.byTeam.values()];
  for (const r of all) r.controller.abort(abandoned());
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<void>((resolve) => (timer = setTimeout(resolve, ABORT_WAIT_MS)));
  await Promise.race([Promise.all(all.map((r) => r.done)), late]);
  clearTimeout(timer);
}
