// A small, bounded scanner of an HTML page's <meta> tags into OpenGraph data, shaped as Mattermost answers it (the
// JSON of go-opengraph's OpenGraph). It reads only the document's head (up to </head>, <body> or a size bound), never
// builds a tree and never runs anything.

export interface OpenGraphImage {
  url: string;
  secure_url: string;
  type: string;
  width: number;
  height: number;
}

export type OpenGraphVideo = OpenGraphImage;

export interface OpenGraphAudio {
  url: string;
  secure_url: string;
  type: string;
}

/** Mattermost's OpenGraph JSON: every field present, empty lists as null (Go's nil slices). */
export interface OpenGraph {
  type: string;
  url: string;
  title: string;
  description: string;
  determiner: string;
  site_name: string;
  locale: string;
  locales_alternate: string[] | null;
  images: OpenGraphImage[] | null;
  audios: OpenGraphAudio[] | null;
  videos: OpenGraphVideo[] | null;
}

/** Characters of markup scanned at most (meta tags live in the head, which is small). */
export const MAX_SCANNED_CHARS = 512 * 1024;
/** Tags looked at at most, so a head of a million tiny tags stays cheap. */
const MAX_TAGS = 4000;

export function emptyOpenGraph(): OpenGraph {
  return {
    type: '',
    url: '',
    title: '',
    description: '',
    determiner: '',
    site_name: '',
    locale: '',
    locales_alternate: null,
    images: null,
    audios: null,
    videos: null,
  };
}

/** The named references pages use in titles and descriptions (the rest stay as written). */
const NAMED: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
  mdash: '\u2014',
  ndash: '\u2013',
  hellip: '\u2026',
  lsquo: '\u2018',
  rsquo: '\u2019',
  sbquo: '\u201a',
  ldquo: '\u201c',
  rdquo: '\u201d',
  bdquo: '\u201e',
  laquo: '\u00ab',
  raquo: '\u00bb',
  bull: '\u2022',
  middot: '\u00b7',
  copy: '\u00a9',
  reg: '\u00ae',
  trade: '\u2122',
  deg: '\u00b0',
  euro: '\u20ac',
  pound: '\u00a3',
  yen: '\u00a5',
  cent: '\u00a2',
  sect: '\u00a7',
  para: '\u00b6',
  times: '\u00d7',
  divide: '\u00f7',
  iexcl: '\u00a1',
  iquest: '\u00bf',
  shy: '\u00ad',
  zwj: '\u200d',
  zwnj: '\u200c',
};
/** Latin letters with accents: &eacute; &Uuml; &ccedil; &ntilde; &aring; &oslash; &szlig; … */
const ACCENTS: Record<string, string> = {
  acute: '\u0301',
  grave: '\u0300',
  circ: '\u0302',
  uml: '\u0308',
  tilde: '\u0303',
  ring: '\u030a',
  cedil: '\u0327',
};

function named(ref: string): string | undefined {
  if (NAMED[ref] !== undefined) return NAMED[ref];
  if (NAMED[ref.toLowerCase()] !== undefined && /^(amp|lt|gt|quot)$/i.test(ref)) return NAMED[ref.toLowerCase()];
  if (ref === 'szlig') return '\u00df';
  if (/^[ao]slash$|^[AO]slash$/.test(ref)) return ref[0] === 'o' ? '\u00f8' : ref[0] === 'O' ? '\u00d8' : undefined;
  const m = /^([a-zA-Z])(acute|grave|circ|uml|tilde|ring|cedil)$/.exec(ref);
  return m ? (m[1] + ACCENTS[m[2]]).normalize('NFC') : undefined;
}

/** Decodes character references (numeric ones and the common named ones). */
export function decodeEntities(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(#x[0-9a-f]{1,6}|#[0-9]{1,7}|[a-z]{2,8});?/gi, (m, ref: string) => {
    if (ref[0] === '#') {
      const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : m;
    }
    return named(ref) ?? m;
  });
}

/** The attributes of one tag's source text (after its name), lower-cased names, decoded values. */
function attributesOf(src: string): Map<string, string> {
  const attrs = new Map<string, string>();
  const re = /([^\s=/>"']+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(src))) {
    const name = m[1].toLowerCase();
    if (!attrs.has(name)) attrs.set(name, decodeEntities(m[2] ?? m[3] ?? m[4] ?? ''));
  }
  return attrs;
}

/** The `<meta>` tags of the head as attribute maps, and the charset a `<meta>` declares (if any). */
export function scanMetaTags(html: string): Array<Map<string, string>> {
  const text = html.length > MAX_SCANNED_CHARS ? html.slice(0, MAX_SCANNED_CHARS) : html;
  const out: Array<Map<string, string>> = [];
  const re = /<!--[\s\S]*?-->|<(\/?)([a-zA-Z][a-zA-Z0-9:-]*)([^>]*)>/g;
  let m: RegExpExecArray | null;
  let tags = 0;
  let lower: string | undefined;
  while ((m = re.exec(text)) && tags++ < MAX_TAGS) {
    if (!m[2]) continue;
    const name = m[2].toLowerCase();
    if ((m[1] && name === 'head') || (!m[1] && name === 'body')) break;
    if (m[1]) continue;
    if (name === 'meta') out.push(attributesOf(m[3]));
    else if (name === 'script' || name === 'style' || name === 'title' || name === 'noscript') {
      // Skip raw-text content so a '<meta' inside a script is not read as a tag.
      lower ??= text.toLowerCase();
      const close = lower.indexOf('</' + name, re.lastIndex);
      if (close < 0) break;
      re.lastIndex = close;
    }
  }
  return out;
}

/** The charset a page declares in `<meta charset>` or `<meta http-equiv content="…charset=…">`. */
export function declaredCharset(metas: Array<Map<string, string>>): string | undefined {
  for (const a of metas) {
    const cs = a.get('charset');
    if (cs) return cs.trim();
    if (a.get('http-equiv')?.toLowerCase() === 'content-type') {
      const m = /charset=([^;\s]+)/i.exec(a.get('content') ?? '');
      if (m) return m[1];
    }
  }
  return undefined;
}

function toInt(v: string): number {
  const n = parseInt(v, 10);
  return Number.isFinite(n) && n > 0 ? n : 0;
}

/** Builds OpenGraph data from meta tags: `og:*` properties (in `property` or `name`), structured image/video/audio. */
export function openGraphFromMetas(metas: Array<Map<string, string>>): OpenGraph {
  const og = emptyOpenGraph();
  const images: OpenGraphImage[] = [];
  const videos: OpenGraphVideo[] = [];
  const audios: OpenGraphAudio[] = [];
  const locales: string[] = [];
  const media = () => ({ url: '', secure_url: '', type: '', width: 0, height: 0 });
  for (const a of metas) {
    const prop = (a.get('property') || a.get('name') || '').trim().toLowerCase();
    if (!prop.startsWith('og:')) continue;
    const content = a.get('content') ?? '';
    const [, kind, sub] = /^og:([a-z_]+)(?::([a-z_]+))?$/.exec(prop) ?? [];
    if (kind === 'image' || kind === 'video' || kind === 'audio') {
      const list: Array<OpenGraphImage | OpenGraphAudio> = kind === 'image' ? images : kind === 'video' ? videos : audios;
      // A new og:image (or og:image:url) starts the next item; its structured properties fill the last one.
      if (!sub || sub === 'url') {
        list.push(kind === 'audio' ? { url: content, secure_url: '', type: '' } : { ...media(), url: content });
        continue;
      }
      if (!list.length) list.push(kind === 'audio' ? { url: '', secure_url: '', type: '' } : media());
      const item = list[list.length - 1] as OpenGraphImage;
      if (sub === 'secure_url') item.secure_url = content;
      else if (sub === 'type') item.type = content;
      else if (kind !== 'audio' && sub === 'width') item.width = toInt(content);
      else if (kind !== 'audio' && sub === 'height') item.height = toInt(content);
      continue;
    }
    if (sub) {
      if (kind === 'locale' && sub === 'alternate') locales.push(content);
      continue;
    }
    if (kind === 'type') og.type = content;
    else if (kind === 'url') og.url = content;
    else if (kind === 'title') og.title = content;
    else if (kind === 'description') og.description = content;
    else if (kind === 'determiner') og.determiner = content;
    else if (kind === 'site_name') og.site_name = content;
    else if (kind === 'locale') og.locale = content;
  }
  if (images.length) og.images = images;
  if (videos.length) og.videos = videos;
  if (audios.length) og.audios = audios;
  if (locales.length) og.locales_alternate = locales;
  return og;
}

/** Decodes a body in the charset of its Content-Type, else of its meta tags, else UTF-8 (unknown labels: UTF-8). */
export function decodeHtml(body: Buffer, contentType: string): string {
  const fromHeader = /charset=([^;\s]+)/i.exec(contentType)?.[1];
  const head = body.subarray(0, Math.min(body.length, 4096)).toString('latin1');
  const label = fromHeader ?? declaredCharset(scanMetaTags(head)) ?? 'utf-8';
  try {
    return new TextDecoder(label.replace(/["']/g, '')).decode(body);
  } catch {
    return new TextDecoder('utf-8').decode(body);
  }
}

/** Resolves a page's relative og URLs against the page's URL, as Mattermost does. */
export function makeUrlsAbsolute(og: OpenGraph, pageUrl: string): void {
  const abs = (u: string) => {
    if (!u) return u;
    try {
      return new URL(u, pageUrl).toString();
    } catch {
      return u;
    }
  };
  og.url = abs(og.url);
  for (const list of [og.images, og.videos, og.audios])
    for (const m of list ?? []) {
      m.url = abs(m.url);
      m.secure_url = abs(m.secure_url);
    }
}

/** The page's OpenGraph data with absolute URLs and `url` set to the link the user gave (never a redirect target). */
export function parseOpenGraph(body: Buffer, contentType: string, requestUrl: string): OpenGraph {
  const og = openGraphFromMetas(scanMetaTags(decodeHtml(body, contentType)));
  makeUrlsAbsolute(og, requestUrl);
  og.title = decodeEntities(og.title);
  og.description = decodeEntities(og.description);
  if (og.url) og.url = requestUrl;
  return og;
}

const MAX_TEXT = 300;
/** Mattermost's LinkMetadataMaxImages. */
export const MAX_IMAGES = 5;

function truncateText(s: string): string {
  const chars = [...s];
  return chars.length > MAX_TEXT ? chars.slice(0, MAX_TEXT).join('') + '[...]' : s;
}

/** Mattermost's TruncateOpenGraph for embeds: texts to 300 characters, five images, no audio/video/locales. */
export function truncateOpenGraph(og: OpenGraph): OpenGraph {
  return {
    ...og,
    title: truncateText(og.title),
    description: truncateText(og.description),
    site_name: truncateText(og.site_name),
    determiner: '',
    locale: '',
    locales_alternate: null,
    images: og.images ? og.images.slice(0, MAX_IMAGES) : null,
    audios: null,
    videos: null,
  };
}
