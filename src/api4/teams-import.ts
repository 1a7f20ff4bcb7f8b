// POST /api/v4/teams/{team_id}/import: a Slack export zip as multipart (`file`, `filesize`, `importFrom=slack`).
// The upload is streamed to a temp file (limit FileSettings.MaxFileSize, not MaximumPayloadSizeBytes) and read in place.
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { FastifyInstance } from 'fastify';
import multipart from '@fastify/multipart';
import { AppError, appError, Errors, type ErrorId } from '../model/app-error.ts';
import { newId } from '../model/id.ts';
import { Permissions } from '../model/roles.ts';
import type { App } from '../app/index.ts';
import { legacyContext } from '../app/index.ts';
import { hasSystemPermission, requireTeamPermission } from '../app/authz.ts';
import { getTeamOr404 } from '../app/teams.ts';
import { runSlackImport } from '../importer/slack/apply.ts';
import { legacyRoute, type LegacyCtx as Ctx } from './context.ts';

export function teamsImportRoutes(f: FastifyInstance, app: App): void {
  const ctx = legacyContext(app);
  // Multipart parsing only in this scope; the limit is read when the plugin registers (config changes need a restart).
  void f.register(async (scope) => {
    await scope.register(multipart, {
      limits: { fileSize: app.config().FileSettings.MaxFileSize, files: 1, fields: 10, fieldSize: 1024, parts: 12 },
    });
    legacyRoute(scope, app, ctx, 'POST', '/teams/:team_id/import', 'session', importTeam);
  });
}

const bad = (id: ErrorId, detailed = '') => appError(id, 'importTeam', { detailed });

interface ImportForm {
  fields: Record<string, string>;
  file?: { path: string; size: number };
}

/** Reads the multipart body: fields into memory, the `file` part to a temp file. */
async function readForm(c: Ctx, tmpPath: string): Promise<ImportForm> {
  const form: ImportForm = { fields: {} };
  if (!c.req.isMultipart()) throw bad('api.team.import_team.parse.app_error', 'the request is not multipart/form-data');
  try {
    for await (const part of c.req.parts()) {
      if (part.type === 'file') {
        if (part.fieldname !== 'file' || form.file) {
          part.file.resume();
          continue;
        }
        await pipeline(part.file, fs.createWriteStream(tmpPath));
        if (part.file.truncated) throw Errors.tooLarge();
        form.file = { path: tmpPath, size: (await fsp.stat(tmpPath)).size };
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

async function importTeam(c: Ctx) {
  const teamId = c.id('team_id');
  await requireTeamPermission(c.app, c.actor, teamId, Permissions.IMPORT_TEAM, 'importTeam');
  const team = await getTeamOr404(c.app, teamId);
  const tmpPath = path.join(os.tmpdir(), `parley-import-${newId()}.zip`);
  try {
    const form = await readForm(c, tmpPath);
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
    const isAdminImport = hasSystemPermission(c.app, c.actor, Permissions.MANAGE_SYSTEM);
    const result = await runSlackImport(c.app, { team, zipPath: form.file.path, isAdminImport });
    return result.body;
  } finally {
    await fsp.rm(tmpPath, { force: true });
  }
}
