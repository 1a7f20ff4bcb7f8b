// The first view's data, inlined into index.html for a signed-in browser: the GET answers the web app asks for
// before it can show a channel (who am I, my teams, preferences, client config, the team's channels and memberships,
// the channel's newest posts), made in-process through the API itself with the request's own cookies, so they carry
// the same permissions and shapes, and the first view costs no API round trip on a slow network.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { tokenFromRequest } from '../app/auth-token.ts';
import { safeDecode } from '../model/uri.ts';

/** What the web app asks for its newest page of posts (Client4.getPosts(channelId, 0, 30)). */
const POSTS_QUERY = '?page=0&per_page=30&skipFetchThreads=false&collapsedThreads=false&collapsedThreadsExtended=false';
/** Where the page carries the answers; web/src/boot.ts reads it. */
export const BOOT_ELEMENT_ID = 'parley-boot';

/** The answers, by request path and query (as the web app's client asks for them), and when they were read. */
export type BootData = { at: number; answers: Record<string, unknown> };

type Named = { id: string; name: string; display_name: string };

/**
 * The answers for the client route `path` when the request has a session cookie, or undefined (no cookie, an expired
 * session, MFA still to set up): the web app then asks the API itself, as it would without them.
 */
export async function bootData(f: FastifyInstance, req: FastifyRequest, path: string): Promise<BootData | undefined> {
  const navigation = req.headers['sec-fetch-dest'] === 'document' || /\btext\/html\b/.test(String(req.headers.accept ?? ''));
  if (!navigation || !tokenFromRequest(req)?.fromCookie) return undefined;
  const at = Date.now();
  const answers: Record<string, unknown> = {};
  const get = async <T>(url: string): Promise<T | undefined> => {
    const res = await f.inject({
      method: 'GET',
      url,
      remoteAddress: req.ip,
      headers: {
        cookie: req.headers.cookie ?? '',
        'accept-language': req.headers['accept-language'] ?? '',
        'user-agent': req.headers['user-agent'] ?? '',
        'x-requested-with': 'XMLHttpRequest',
      },
    });
    if (res.statusCode !== 200 || !String(res.headers['content-type']).startsWith('application/json')) return undefined;
    const body = res.json<T>();
    answers[url] = body;
    return body;
  };
  const [me, teams] = await Promise.all([
    get<{ id: string }>('/api/v4/users/me'),
    get<Named[]>('/api/v4/users/me/teams'),
    get('/api/v4/users/me/preferences'),
    get('/api/v4/config/client?format=old'),
  ]);
  if (!me || !teams?.length) return me ? { at, answers } : undefined;
  const [teamName, section, channelName] = path.split('/').filter(Boolean).map(safeDecode);
  const team = teams.find((t) => t.name === teamName);
  if (!team) return { at, answers };
  const [channels] = await Promise.all([
    get<(Named & { team_id: string })[]>(`/api/v4/users/me/teams/${team.id}/channels?include_deleted=false`),
    get(`/api/v4/users/me/teams/${team.id}/channels/members`),
  ]);
  const wanted = section === undefined ? 'town-square' : section === 'channels' ? channelName : undefined;
  const channel = wanted && channels?.find((c) => c.name === wanted && c.team_id === team.id);
  if (channel) await get(`/api/v4/channels/${channel.id}/posts${POSTS_QUERY}`);
  return { at, answers };
}

/** `index.html` with the boot data as a JSON script block (inert: not run, so the CSP's script-src does not apply). */
export function withBootData(html: string, boot: BootData): string {
  // `<` escaped keeps `</script>` in a message from ending the block; JSON.parse reads the escape back.
  const json = JSON.stringify(boot).replace(/</g, '\\u003c');
  return html.replace('</head>', `<script type="application/json" id="${BOOT_ELEMENT_ID}">${json}</script></head>`);
}
