// POST /api/v4/teams/{team_id}/import: a Slack export zip as multipart (`file`, `filesize`, `importFrom=slack`).
// Reading the form is this file's part: the upload is streamed (limit FileSettings.MaxFileSize, not
// MaximumPayloadSizeBytes) to the path the import use-case gives, once it has checked permission and the team.
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import multipart from '@fastify/multipart';
import { AppError, appError, Errors, type ErrorId } from '../model/app-error.ts';
import type { App } from '../app/index.ts';
import { route, type Ctx } from './context.ts';

export function teamsImportRoutes(f: FastifyInstance, app: App): void {
  // Multipart parsing only in this scope; the limit is read when the plugin registers (config changes need a restart).
  void f.register(async (scope) => {
    await scope.register(multipart, {
      limits: { fileSize: app.config().FileSettings.MaxFileSize, files: 1, fields: 10, fieldSize: 1024, parts: 12 },
    });
    // An answer sent before the upload has all arrived (a refusal, a shutdown) closes the connection instead of
    // reading the rest of the upload only to discard it, which would also keep a closing server waiting.
    scope.addHook('onSend', async (req, reply) => {
      if (!req.raw.complete) reply.header('connection', 'close');
    });
    route(scope, app, 'POST', '/teams/:team_id/import', { auth: 'session' }, importTeam);
  });
}

async function importTeam(c: Ctx) {
  return c.app.slackImport.importTeam(c.actor, c.id('team_id'), (zipPath, signal) => receiveImportForm(c.req, zipPath, signal));
}

const bad = (id: ErrorId, detailed = '') => appError(id, 'importTeam', { detailed });

interface ImportForm {
  fields: Record<string, string>;
  file?: { size: number };
}

/**
 * Reads the form, the `file` part into `zipPath`, and checks it as Mattermost's handler does: importFrom, filesize
 * (present, an integer, the size received), a non-empty file, source `slack`. An abort (shutdown) drops the request.
 */
async function receiveImportForm(req: FastifyRequest, zipPath: string, signal: AbortSignal): Promise<void> {
  let drop!: () => void;
  const dropped = new Promise<never>((_, reject) => {
    drop = () => {
      req.raw.destroy();
      reject(signal.reason as Error);
    };
  });
  if (signal.aborted) drop();
  else signal.addEventListener('abort', drop, { once: true });
  let form: ImportForm;
  try {
    // A destroyed request does not always end the multipart iterator: the abort settles the wait itself.
    form = await Promise.race([readForm(req, zipPath), dropped]);
  } finally {
    signal.removeEventListener('abort', drop);
  }
  const importFrom = form.fields.importFrom;
  if (!importFrom) throw bad('api.team.import_team.no_import_from.app_error');
  const filesizeField = form.fields.filesize;
  if (filesizeField === undefined || filesizeField === '') throw bad('api.team.import_team.unavailable.app_error');
  if (!/^\d+$/.test(filesizeField.trim())) throw bad('api.team.import_team.integer.app_error');
  if (!form.file) throw bad('api.team.import_team.no_file.app_error');
  if (form.file.size === 0) throw bad('api.team.import_team.array.app_error');
  if (importFrom !== 'slack') throw bad('api.team.import_team.unknown_import_from.app_error');
  // Mattermost hands filesize to its zip reader: a wrong size makes the archive unreadable.
  if (Number(filesizeField) !== form.file.size)
    throw bad(
      'api.slackimport.slack_import.zip.app_error',
      `filesize ${filesizeField} does not match the ${form.file.size} bytes received`,
    );
}

/** Reads the multipart body: fields into memory, the first `file` part to `zipPath`. */
async function readForm(req: FastifyRequest, zipPath: string): Promise<ImportForm> {
  const form: ImportForm = { fields: {} };
  if (!req.isMultipart()) throw bad('api.team.import_team.parse.app_error', 'the request is not multipart/form-data');
  try {
    for await (const part of req.parts()) {
      if (part.type === 'file') {
        if (part.fieldname !== 'file' || form.file) {
          part.file.resume();
          continue;
        }
        await pipeline(part.file, fs.createWriteStream(zipPath));
        if (part.file.truncated) throw Errors.tooLarge();
        form.file = { size: (await fsp.stat(zipPath)).size };
      } else {
        form.fields[part.fieldname] = String(part.value ?? '');
      }
    }
  } catch (err) {
    if (err instanceof AppError) throw err;
    const e = err as { code?: string; message?: string };
    if (e.code === 'FST_REQ_FILE_TOO_LARGE') throw Errors.tooLarge();
    throw bad('api.team.import_team.parse.app_error', String(e.message ?? err));
  }
  return form;
}
