import { describe, expect, it } from 'vitest';
import { buildZip, writeTempFile } from '../../../test/fixtures/slack/make-zip.ts';
import { openZip, SlackZipError, type ZipEntry } from './zip.ts';

async function collect(path: string): Promise<ZipEntry[]> {
  const zip = await openZip(path);
  const out: ZipEntry[] = [];
  for await (const e of zip.entries()) out.push(e);
  return out;
}

describe('openZip', () => {
  it('lists entries in order, skips directories, reads deflated and stored data', async () => {
    const path = writeTempFile(
      buildZip([
        { path: 'users.json', data: '[{"id":"U1"}]' },
        { path: 'general/', data: '', store: true },
        { path: 'general/2024-01-02.json', data: '[]', store: true },
        { path: '__uploads/F1/pic.png', data: Buffer.from([1, 2, 3, 4]) },
      ]),
      'a.zip',
    );
    const zip = await openZip(path);
    const entries: ZipEntry[] = [];
    for await (const e of zip.entries()) entries.push(e);
    expect(entries.map((e) => [e.path, e.size])).toEqual([
      ['users.json', 13],
      ['general/2024-01-02.json', 2],
      ['__uploads/F1/pic.png', 4],
    ]);
    expect((await entries[0].readBuffer()).toString()).toBe('[{"id":"U1"}]');
    // uploads are opened lazily, after the walk, and can be opened twice
    for (let i = 0; i < 2; i++) {
      const chunks: Buffer[] = [];
      for await (const c of await entries[2].open()) chunks.push(c as Buffer);
      expect([...Buffer.concat(chunks)]).toEqual([1, 2, 3, 4]);
    }
    zip.close();
    await expect(entries[2].open()).rejects.toBeInstanceOf(SlackZipError);
  });

  it('refuses an entry over the read limit without reading it', async () => {
    const path = writeTempFile(buildZip([{ path: 'users.json', data: 'x'.repeat(100) }]), 'b.zip');
    const [e] = await collect(path);
    await expect(e.readBuffer(10)).rejects.toMatchObject({ id: 'api.slackimport.slack_import.open.app_error', statusCode: 400 });
  });

  it('rejects a file that is not a zip with the zip AppError id', async () => {
    const path = writeTempFile('this is not a zip at all, just text', 'c.zip');
    const err = await openZip(path).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SlackZipError);
    expect(err).toMatchObject({ id: 'api.slackimport.slack_import.zip.app_error', statusCode: 400 });
  });

  it('rejects an empty file and a truncated zip', async () => {
    await expect(openZip(writeTempFile('', 'd.zip'))).rejects.toBeInstanceOf(SlackZipError);
    const good = buildZip([{ path: 'users.json', data: '[]' }]);
    await expect(openZip(writeTempFile(good.subarray(0, good.length - 10), 'e.zip'))).rejects.toMatchObject({
      id: 'api.slackimport.slack_import.zip.app_error',
    });
  });

  it('reports corrupt entry data as a typed error, not a crash', async () => {
    const zipBuf = buildZip([{ path: 'users.json', data: JSON.stringify([{ id: 'U1', name: 'a'.repeat(200) }]) }]);
    // Flip bytes inside the deflate stream (after the 30-byte local header and the 10-byte name).
    for (let i = 45; i < 60; i++) zipBuf[i] ^= 0xff;
    const path = writeTempFile(zipBuf, 'f.zip');
    const [e] = await collect(path);
    const err = await e.readBuffer().catch((x: unknown) => x);
    expect(err).toBeInstanceOf(SlackZipError);
    expect((err as SlackZipError).statusCode).toBe(400);
  });

  it('reports a missing file as a typed error', async () => {
    const path = writeTempFile('x', 'g.zip');
    await expect(openZip(path + '.missing')).rejects.toBeInstanceOf(SlackZipError);
  });
});
