// Session tokens from a client's bytes: a cookie or ?access_token= that is not valid percent-encoding, or that decodes
// to a NUL, is no session (401) on both databases, never a 500.
import { describe, expect, it } from 'vitest';
import { useServer } from '../helper.ts';

describe('hostile session tokens', () => {
  const t = useServer();

  for (const [name, headers, query] of [
    ['a cookie that is not percent-encoding', { cookie: 'MMAUTHTOKEN=%E0' }, ''],
    ['a cookie holding a NUL', { cookie: 'MMAUTHTOKEN=abc%00def' }, ''],
    ['an access_token that is not percent-encoding', {}, '?access_token=%E0'],
    ['a bearer token far too long', { authorization: 'Bearer ' + 'x'.repeat(5000) }, ''],
  ] as const) {
    it(`answers 401 for ${name}`, async () => {
      const r = await fetch(`${t.env.url}/api/v4/users/me${query}`, { headers: headers as Record<string, string> });
      expect(r.status).toBe(401);
      expect(((await r.json()) as { id: string }).id).toBe('api.context.session_expired.app_error');
    });
  }
});
