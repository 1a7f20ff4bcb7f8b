// The messages between a Slack import and its worker thread (structured-clone data only: no classes, no functions).
import { AppError } from '../../model/app-error.ts';
import type { ExistingState, ImportPlan, PlannedFile, PlannedPost } from './mapper.ts';
import type { SlackChannel, SlackUser, ZipLimits } from './parse.ts';
import type { SkipCounts } from './summary.ts';

/** What the worker is started with. */
export interface WorkerInput {
  zipPath: string;
  /** Where the planned posts go (see PlanBatch). */
  planPath: string;
  /** The staging journal: each file is recorded there before it is written. */
  journalPath: string;
  /** FileSettings.Directory: the uploads are copied straight into the file store. */
  filesRoot: string;
  limits: ZipLimits;
  plan: { teamId: string; now: number; isAdminImport: boolean; maxFileSize: number };
}

/** Worker → import. `lists` first (the import answers with ExistingReply), then `planned` or `error`. */
export type FromWorker =
  | { type: 'lists'; users: SlackUser[]; channels: SlackChannel[] }
  | { type: 'planned'; head: PlanHead; posts: number; files: number; skipped: SkipCounts }
  | { type: 'error'; error: SerializedError };

/** Import → worker: what already exists, looked up from the lists. */
export interface ExistingReply {
  type: 'existing';
  existing: ExistingState;
  /** An earlier import's bot, reused so a repeated import authors its bot posts with it again. */
  importBotId?: string;
}

/** The plan without its posts and files, which are in the plan file. */
export type PlanHead = Omit<ImportPlan, 'posts' | 'files'>;

/** One line of the plan file: posts in insertion order and the files attached to them, copied to `key`. */
export interface PlanBatch {
  posts: PlannedPost[];
  files: Array<PlannedFile & { key: string }>;
}

export interface SerializedError {
  message: string;
  app?: { where: string; id: string; status: number; params?: Record<string, unknown>; detailed: string; message: string };
}

export function serializeError(err: unknown): SerializedError {
  if (err instanceof AppError)
    return {
      message: err.message,
      app: { where: err.where, id: err.id, status: err.statusCode, params: err.params, detailed: err.detailed, message: err.message },
    };
  return { message: String((err as Error)?.message ?? err) };
}

export function deserializeError(e: SerializedError): Error {
  if (!e.app) return new Error(e.message);
  const a = e.app;
  return new AppError(a.where, a.id, a.status, { params: a.params, detailed: a.detailed, message: a.message });
}
