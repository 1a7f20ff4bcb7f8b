import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { forEachJsonElement, JsonStreamError } from './json-stream.ts';

/** The elements of `text`, fed `chunk` bytes at a time. */
async function elements(text: string | Buffer, chunk = 3, maxElementBytes = 1 << 20) {
  const buf = Buffer.isBuffer(text) ? text : Buffer.from(text, 'utf8');
  const parts: Buffer[] = [];
  for (let i = 0; i < buf.length; i += chunk) parts.push(buf.subarray(i, i + chunk));
  const out: unknown[] = [];
  const stats = await forEachJsonElement(Readable.from(parts), (v) => out.push(v), { maxElementBytes });
  return { out, stats };
}

describe('forEachJsonElement', () => {
  it('yields each element of the top-level array, whatever the chunk boundaries', async () => {
    const doc = JSON.stringify([{ a: '[,]{"}', b: [1, { c: '\\"' }] }, 'x,y', 42, null, true, [], {}, 'é😀']);
    for (const chunk of [1, 2, 7, 1000]) expect((await elements(doc, chunk)).out).toEqual(JSON.parse(doc));
    expect((await elements(' \n[ 1 ,\t2 ] \n')).out).toEqual([1, 2]);
    expect((await elements('[]')).out).toEqual([]);
  });

  it('skips a leading BOM and reads a non-array document as no elements', async () => {
    expect((await elements(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('[1]')]), 1)).out).toEqual([1]);
    expect((await elements('{"members": [1, 2]}')).out).toEqual([]);
    expect((await elements('"just a string"')).out).toEqual([]);
  });

  it('passes over elements larger than the limit and counts them', async () => {
    const { out, stats } = await elements(JSON.stringify([1, 'x'.repeat(100), 2]), 5, 50);
    expect(out).toEqual([1, 2]);
    expect(stats).toEqual({ elements: 2, oversized: 1 });
  });

  it('rejects malformed JSON with JsonStreamError', async () => {
    for (const bad of ['', '[', '[1,', '[1,]', '[,1]', '[1 2]', '[1]x', '[{"a":}]', '[}]', '{"a":', '{"a":1}}'])
      await expect(elements(bad), bad).rejects.toBeInstanceOf(JsonStreamError);
    await expect(elements(`{"a":"${'x'.repeat(100)}"}`, 5, 50)).rejects.toBeInstanceOf(JsonStreamError);
  });

  it('reports the stream’s own error rather than the malformed JSON it produced', async () => {
    const source = new Readable({ read() {} });
    source.push('[1, oops');
    setImmediate(() => source.destroy(new Error('CRC-32 mismatch')));
    await expect(forEachJsonElement(source, () => {}, { maxElementBytes: 1000 })).rejects.toThrow('CRC-32 mismatch');
  });

  it('stops at an error thrown by the callback and rethrows it as it is', async () => {
    const boom = new Error('stop');
    const seen: unknown[] = [];
    const run = forEachJsonElement(
      Readable.from([Buffer.from('[1,2,3]')]),
      (v) => {
        seen.push(v);
        if (v === 2) throw boom;
      },
      { maxElementBytes: 1000 },
    );
    await expect(run).rejects.toBe(boom);
    expect(seen).toEqual([1, 2]);
  });
});
