// The Slack exports the import benches feed Parley: deterministic, of any size, written to disk a day file at a time
// (the bench process never holds the export whole).
import { writeZipFile, type ZipInputEntry } from '../test/fixtures/slack/make-zip.ts';

export interface ExportShape {
  messages: number;
  channels: number;
  users: number;
  /** Messages per day file. */
  perDay: number;
  /** Every n-th message is a reply to its channel's latest thread root (one in ten starts a thread). */
  replyEvery: number;
  /** Every n-th message carries an upload (`__uploads/<id>/<name>`); 0 for none. */
  fileEvery: number;
}

export const DEFAULT_SHAPE: ExportShape = { messages: 100_000, channels: 50, users: 200, perDay: 100, replyEvery: 10, fileEvery: 100 };

/** `--messages=N --channels=N --users=N --per-day=N --reply-every=N --file-every=N` over DEFAULT_SHAPE. */
export function shapeFromArgs(argv: string[], base: ExportShape = DEFAULT_SHAPE): ExportShape {
  const arg = (name: string) => argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  const num = (name: string, dflt: number) => (arg(name) === undefined ? dflt : Number(arg(name)));
  return {
    messages: num('messages', base.messages),
    channels: num('channels', base.channels),
    users: num('users', base.users),
    perDay: num('per-day', base.perDay),
    replyEvery: num('reply-every', base.replyEvery),
    fileEvery: num('file-every', base.fileEvery),
  };
}

const userId = (i: number) => `U${String(i).padStart(6, '0')}`;

/**
 * Every user in users.json, every channel with every user as a member (channels of more than 500 members get the
 * first 500), messages spread evenly over the channels with markup, mentions and links, threads and uploads.
 */
function* entries(s: ExportShape): Generator<ZipInputEntry> {
  const json = (path: string, value: unknown): ZipInputEntry => ({ path, data: JSON.stringify(value) });
  const users = Array.from({ length: s.users }, (_, i) => ({
    id: userId(i),
    name: `user${i}`,
    profile: { first_name: `First${i}`, last_name: `Last${i}`, email: `user${i}@bench.example` },
  }));
  const members = users.slice(0, 500).map((u) => u.id);
  const channels = Array.from({ length: s.channels }, (_, c) => ({
    id: `C${String(c).padStart(5, '0')}`,
    name: `channel-${c}`,
    creator: members[0],
    members,
    purpose: { value: `Purpose ${c}` },
    topic: { value: `Topic ${c}` },
  }));
  yield json('users.json', users);
  yield json('channels.json', channels);
  const perChannel = Math.ceil(s.messages / s.channels);
  const start = 1_600_000_000;
  let made = 0;
  let fileNo = 0;
  for (let c = 0; c < s.channels && made < s.messages; c++) {
    let root = '';
    for (let day = 0; day * s.perDay < perChannel && made < s.messages; day++) {
      const msgs: unknown[] = [];
      const uploads: ZipInputEntry[] = [];
      for (let k = 0; k < s.perDay && day * s.perDay + k < perChannel && made < s.messages; k++, made++) {
        const i = day * s.perDay + k;
        const ts = `${start + i * 60 + c}.${String(i % 1000).padStart(6, '0')}`;
        const msg: Record<string, unknown> = {
          type: 'message',
          user: userId((i * 7 + c) % s.users),
          text: `Message ${i} in ${c}: *bold* <@${userId((i + 1) % s.users)}> see <https://example.com/${i}|link ${i}>`,
          ts,
        };
        if (s.replyEvery && i % s.replyEvery === s.replyEvery - 1 && root) msg.thread_ts = root;
        else if (i % 10 === 0) root = msg.thread_ts = ts;
        if (s.fileEvery && made % s.fileEvery === 0) {
          const id = `F${String(fileNo++).padStart(8, '0')}`;
          msg.subtype = 'file_share';
          msg.files = [{ id, title: `file ${id}` }];
          uploads.push({ path: `__uploads/${id}/notes-${id}.txt`, data: `Bench upload ${id}\n`.repeat(8), store: true });
        }
        msgs.push(msg);
      }
      const date = new Date((start + day * s.perDay * 60) * 1000).toISOString().slice(0, 10);
      yield json(`${channels[c].name}/${date}-${day}.json`, msgs);
      yield* uploads;
    }
  }
}

/** Writes the export as a zip at `file`; returns its size in bytes. */
export function writeSlackExport(file: string, shape: ExportShape): number {
  return writeZipFile(file, entries(shape));
}
