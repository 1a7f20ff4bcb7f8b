// Where a request carries its session token: Mattermost's cookie / header / query order, for HTTP and the websocket.
import { safeDecode } from '../model/uri.ts';

export function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!header) return out;
  for (const part of header.split(';')) {
    const i = part.indexOf('=');
    if (i < 0) continue;
    const k = part.slice(0, i).trim();
    if (k && !(k in out)) out[k] = safeDecode(part.slice(i + 1).trim());
  }
  return out;
}

/** Mattermost's ParseAuthTokenFromRequest order: cookie, then `Authorization: Bearer|Token`, then ?access_token. */
export function tokenFromRequest(req: {
  headers: Record<string, string | string[] | undefined>;
  url: string;
}): { token: string; fromCookie: boolean; fromQuery?: boolean } | undefined {
  const cookie = parseCookies(req.headers.cookie as string | undefined).MMAUTHTOKEN;
  if (cookie) return { token: cookie, fromCookie: true };
  const auth = req.headers.authorization as string | undefined;
  if (auth) {
    if (auth.length > 6 && auth.slice(0, 6).toUpperCase() === 'BEARER') return { token: auth.slice(6).trim(), fromCookie: false };
    if (auth.length > 5 && auth.slice(0, 5).toLowerCase() === 'token') return { token: auth.slice(5).trim(), fromCookie: false };
  }
  const q = req.url.indexOf('access_token=');
  if (q >= 0) {
    const m = /[?&]access_token=([^&]*)/.exec(req.url);
    if (m) return { token: safeDecode(m[1]), fromCookie: false, fromQuery: true };
  }
  return undefined;
}
