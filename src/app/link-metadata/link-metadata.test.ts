// The pure parts of link previews: which link a message is previewed by, Mattermost's cache key, the bounded meta-tag
// scanner and the image-header reader (on real PNG bytes and hand-built GIF and JPEG headers).
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../config/config.ts';
import { solidPng } from '../../../test/link-site.ts';
import { emptyOpenGraph, parseOpenGraph, scanMetaTags, truncateOpenGraph } from './html-meta.ts';
import { imageSize } from './image-size.ts';
import { firstLink, floorToHour, fnv1, isLinkAllowedForPreview, linkMetadataHash } from './link-metadata.ts';

const config = defaultConfig();

describe('firstLink', () => {
  it('takes the first bare or <…> link, not code, markdown links or images', () => {
    expect(firstLink(config, 'see https://a.example/x, and https://b.example')).toBe('https://a.example/x');
    expect(firstLink(config, '`https://code.example` [t](https://md.example) ![i](https://img.example) <https://auto.example/p>')).toBe(
      'https://auto.example/p',
    );
    expect(firstLink(config, '```\nhttps://block.example\n```\nwww.site.example/page.')).toBe('http://www.site.example/page');
    expect(firstLink(config, '(https://wiki.example/Foo_(bar))')).toBe('https://wiki.example/Foo_(bar)');
    expect(firstLink(config, 'no links here, ftp://x.example')).toBe('');
  });

  it('skips restricted domains (RestrictLinkPreviews, with commas and @)', () => {
    const c = defaultConfig();
    c.ServiceSettings.RestrictLinkPreviews = '@corp.example, other.example';
    expect(isLinkAllowedForPreview(c, 'https://wiki.corp.example/a')).toBe(false);
    expect(firstLink(c, 'https://other.example/x then https://fine.example/y')).toBe('https://fine.example/y');
  });
});

describe('cache key', () => {
  it('is FNV-1 32 over the LE timestamp and the URL, on the floored hour', () => {
    expect(fnv1([])).toBe(0x811c9dc5);
    expect(fnv1([Buffer.from('a')])).toBe(0x050c5d7e);
    expect(fnv1([Buffer.from('foobar')])).toBe(0x31f0b262);
    expect(floorToHour(Date.UTC(2024, 0, 2, 13, 59, 59, 999))).toBe(Date.UTC(2024, 0, 2, 13));
    const ts = Buffer.alloc(8);
    ts.writeBigInt64LE(1_700_000_000_000n);
    expect(linkMetadataHash('https://x', 1_700_000_000_000)).toBe(fnv1([ts, Buffer.from('https://x')]));
  });
});

describe('meta-tag scanner', () => {
  it('reads the head only, skips scripts and comments, decodes the charset', () => {
    const html = Buffer.from(
      '<html><head><meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1"><!-- <meta property="og:title" content="c"> -->' +
        '<script>"<meta property=og:title content=s>"</script><meta name="og:title" content="Caf\xe9 &amp; co">' +
        "<meta property='og:image' content='a.png'><meta property=og:image:width content=12></head><body><meta property=og:type content=b>",
      'latin1',
    );
    const og = parseOpenGraph(html, 'text/html', 'https://site.example/dir/page');
    expect(og.title).toBe('Café & co');
    expect(og.type).toBe('');
    expect(og.images).toEqual([{ url: 'https://site.example/dir/a.png', secure_url: '', type: '', width: 12, height: 0 }]);
  });

  it('stays bounded on a huge head', () => {
    const html = '<head>' + '<meta name="x" content="y">'.repeat(100_000);
    expect(scanMetaTags(html).length).toBeLessThanOrEqual(4000);
  });

  it('truncates embeds as Mattermost does', () => {
    const og = {
      ...emptyOpenGraph(),
      title: 'x'.repeat(310),
      images: Array.from({ length: 7 }, () => ({ url: 'u', secure_url: '', type: '', width: 0, height: 0 })),
    };
    const t = truncateOpenGraph(og);
    expect(t.title).toBe('x'.repeat(300) + '[...]');
    expect(t.images).toHaveLength(5);
  });
});

describe('image headers', () => {
  it('reads PNG, GIF (with frames) and JPEG sizes, and refuses other bytes', () => {
    expect(imageSize(solidPng(7, 3, [1, 2, 3]))).toEqual({ width: 7, height: 3, format: 'png', frame_count: 0 });
    const frame = [0x2c, 0, 0, 0, 0, 1, 0, 1, 0, 0, 2, 2, 0x44, 0x01, 0];
    const gif = Buffer.from([...Buffer.from('GIF89a'), 5, 0, 4, 0, 0, 0, 0, 0x21, 0xf9, 4, 0, 0, 0, 0, 0, ...frame, ...frame, 0x3b]);
    expect(imageSize(gif)).toEqual({ width: 5, height: 4, format: 'gif', frame_count: 2 });
    const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 4, 0, 0, 0xff, 0xc0, 0, 11, 8, 0, 33, 0, 44, 3, 0, 0, 0, 0, 0]);
    expect(imageSize(jpeg)).toEqual({ width: 44, height: 33, format: 'jpeg', frame_count: 0 });
    expect(imageSize(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBeUndefined();
  });
});
