// The Slack import's worker thread: reads the zip (held to the import's limits before anything is decompressed),
// parses and maps the export a channel at a time, copies the uploads into the file store (journaled first) and
// writes the planned posts to the staging directory. The server's event loop does none of it; this thread's heap is
// capped (ImportSettings.ParleyWorkerMaxMemoryMegabytes), so an export that needs more fails alone.
import fs from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { appError } from '../../model/app-error.ts';
import { newId } from '../../model/id.ts';
import { LocalFileBackend } from '../../app/files/backend.ts';
import type { PlannedFile } from './mapper.ts';
import { ImportPlanner, isSupportedMessage } from './stream-planner.ts';
import { indexSlackZip, readFolder, readLists, type SlackJsonError, type SlackZipIndex } from './parse.ts';
import { recordFile } from './staging.ts';
import { SkipSummary } from './summary.ts';
import { openZip } from './zip.ts';
import { serializeError, type ExistingReply, type FromWorker, type PlanBatch, type WorkerInput } from './worker-protocol.ts';

const port = parentPort!;
const input = workerData as WorkerInput;
const send = (m: FromWorker) => port.postMessage(m);

/** The first malformed JSON entry fails the import (Mattermost: api.slackimport.slack_import.json.app_error). */
function badJson(err: SlackJsonError): never {
  throw appError('api.slackimport.slack_import.json.app_error', 'SlackImport', { params: { Filename: err.path }, detailed: err.line });
}

function existingState(): Promise<ExistingReply> {
  return new Promise((resolve) => port.once('message', (m: ExistingReply) => resolve(m)));
}

function datePrefix(at: number): string {
  const d = new Date(at);
  return `${d.getUTCFullYear()}${String(d.getUTCMonth() + 1).padStart(2, '0')}${String(d.getUTCDate()).padStart(2, '0')}`;
}

async function run(): Promise<void> {
  const zip = await openZip(input.zipPath);
  try {
    const index = await indexSlackZip(zip, input.limits);
    const { users, channels } = await readLists(index, badJson);
    send({ type: 'lists', users, channels });
    const { existing, importBotId } = await existingState();

    const summary = new SkipSummary();
    const out = fs.openSync(input.planPath, 'w');
    const toCopy: Array<PlannedFile & { key: string }> = [];
    let posts = 0;
    const keyOf = (f: PlannedFile) =>
      `${datePrefix(f.create_at)}/teams/${input.plan.teamId}/channels/${f.channel_id}/users/${f.creator_id}/${f.id}/${f.name}`;
    const planner = new ImportPlanner(
      { users, channels, uploads: index.uploads, skipped: index.skipped, warnings: [] },
      existing,
      { ...input.plan, newId },
      {
        warn: (kind, _text, detail) => summary.add(kind, detail),
        flush: (p, f) => {
          const batch: PlanBatch = { posts: p, files: f.map((x) => ({ ...x, key: keyOf(x) })) };
          fs.writeSync(out, JSON.stringify(batch) + '\n');
          posts += p.length;
          toCopy.push(...batch.files);
        },
      },
    );
    const planned = planner.planChannels();
    if (importBotId) planner.adoptBot(importBotId);
    let files = 0;
    for (const { channel, folder } of planned) {
      const messages = await readFolder(index, folder, badJson, (m) => isSupportedMessage(m) || (planner.skipUnsupported(m), false));
      planner.planPosts(channel, messages);
      files += await copyUploads(index, toCopy.splice(0));
    }
    fs.closeSync(out);
    const { posts: _posts, files: _files, ...head } = planner.finish();
    send({ type: 'planned', head, posts, files, skipped: summary.counts });
  } finally {
    zip.close();
  }
}

/** Copies the uploads of planned files into the file store, each journaled before it is written. */
async function copyUploads(index: SlackZipIndex, files: Array<PlannedFile & { key: string }>): Promise<number> {
  const store = new LocalFileBackend(input.filesRoot);
  for (const f of files) {
    const upload = index.uploads.get(f.slack_file_id)!;
    recordFile(input.journalPath, { fileId: f.id, key: f.key });
    await store.put(f.key, await upload.open(), input.plan.maxFileSize);
  }
  return files.length;
}

run().catch((err: unknown) => send({ type: 'error', error: serializeError(err) }));
