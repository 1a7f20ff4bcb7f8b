// The first view's API answers that the server inlined into the page (src/server/boot.ts): each is handed, once, to
// the first GET of its URL, so the first view needs no API round trip; everything after goes to the network.
const ELEMENT_ID = 'parley-boot';

type BootData = { at: number; answers: Record<string, unknown> };

function read(): BootData | undefined {
  const el = document.getElementById(ELEMENT_ID);
  el?.remove();
  try {
    return el?.textContent ? (JSON.parse(el.textContent) as BootData) : undefined;
  } catch {
    return undefined;
  }
}

const boot = read();
const answers = new Map(Object.entries(boot?.answers ?? {}));

/** When the server read the inlined answers (ms since the epoch), or 0 when the page came without them. */
export const bootedAt = boot?.at ?? 0;

/** The inlined answer for a GET of `url` (absolute or site-relative), taken so a later GET asks the server. */
export function takeBootAnswer(url: string, method = 'get'): { data: unknown } | undefined {
  if (method.toLowerCase() !== 'get' || !answers.size) return undefined;
  const key = url.startsWith(window.location.origin) ? url.slice(window.location.origin.length) : url;
  if (!answers.has(key)) return undefined;
  const data = answers.get(key);
  answers.delete(key);
  const posts = /^\/api\/v4\/channels\/([a-z0-9]+)\/posts\?/.exec(key);
  if (posts) servedPosts.add(posts[1]);
  return { data };
}

/** Channels whose newest posts were served from the page, not yet caught up. */
const servedPosts = new Set<string>();

/**
 * The channels whose newest posts came from the page (so posts made after `bootedAt` may be missing there), each
 * given out once: whoever takes one fetches what was posted since.
 */
export function takeBootPostChannels(): string[] {
  const ids = [...servedPosts];
  servedPosts.clear();
  return ids;
}
