// Mobile push: one POST {PushNotificationServer}/api/v1/send_push per session with a device id, through the outbound
// client (timeout, size limit, internal-address guard), each tried a few times; the proxy's REMOVE forgets the device.
import type { Config } from '../../config/config.ts';
import { newId } from '../../model/id.ts';
import type { Session } from '../../model/types.ts';
import type { AppContext } from '../context.ts';
import { outboundRequest } from '../outbound/http-client.ts';

/** Tries per session and the time each may take (the proxy itself retries APNs/FCM within 30 s). */
const PUSH_TRIES = 3;
const PUSH_TIMEOUT_MS = 8000;

/** Mattermost's PushNotification JSON; empty fields are left out as its `omitempty` does. */
export interface PushNotification {
  ack_id?: string;
  platform?: string;
  server_id?: string;
  device_id?: string;
  post_id: string;
  category?: string;
  sound?: string;
  message?: string;
  badge?: number;
  cont_ava?: number;
  team_id?: string;
  channel_id?: string;
  root_id?: string;
  channel_name?: string;
  type?: string;
  sender_id?: string;
  sender_name?: string;
  override_username?: string;
  override_icon_url?: string;
  from_webhook?: string;
  version?: string;
  is_crt_enabled: boolean;
  is_id_loaded: boolean;
}

export function pushEnabled(config: Config): boolean {
  return config.EmailSettings.SendPushNotifications && !!config.EmailSettings.PushNotificationServer.trim();
}

function compact(n: PushNotification): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(n)) {
    if (k === 'post_id' || k === 'is_crt_enabled' || k === 'is_id_loaded') out[k] = v;
    else if (v !== undefined && v !== '' && v !== 0) out[k] = v;
  }
  return out;
}

/** Whether a session receives pushes: unexpired, with a device id the proxy has not told us to forget. */
function receivesPushes(s: Session, now: number, exceptSessionId = ''): boolean {
  return (
    !!s.device_id &&
    s.id !== exceptSessionId &&
    (!s.expires_at || s.expires_at > now) &&
    s.device_id !== s.props?.last_removed_device_id &&
    s.device_id.includes(':')
  );
}

/** The sessions that receive pushes. */
export async function pushSessions(ctx: AppContext, userId: string, exceptSessionId = ''): Promise<Session[]> {
  const now = Date.now();
  return (await ctx.store.sessions.listForUser(userId)).filter((s) => receivesPushes(s, now, exceptSessionId));
}

/** The sessions that receive pushes of many users, in one query: user id → sessions (users without any left out). */
export async function pushSessionsOf(ctx: AppContext, userIds: string[]): Promise<Map<string, Session[]>> {
  const now = Date.now();
  const out = new Map<string, Session[]>();
  for (const s of await ctx.store.sessions.listWithDeviceForUsers(userIds)) {
    if (!receivesPushes(s, now)) continue;
    const list = out.get(s.user_id);
    if (list) list.push(s);
    else out.set(s.user_id, [s]);
  }
  return out;
}

/** Sends `n` to every session; returns how many sessions the proxy accepted. */
export async function sendPushToSessions(ctx: AppContext, sessions: Session[], n: PushNotification): Promise<number> {
  let ok = 0;
  await Promise.all(
    sessions.map(async (s) => {
      const i = s.device_id.indexOf(':');
      const msg: PushNotification = {
        ...n,
        ack_id: newId(),
        platform: s.device_id.slice(0, i),
        device_id: s.device_id.slice(i + 1),
        server_id: ctx.diagnosticId,
      };
      if (await sendOne(ctx, s, msg)) ok++;
    }),
  );
  return ok;
}

async function sendOne(ctx: AppContext, session: Session, msg: PushNotification): Promise<boolean> {
  const config = ctx.config();
  const url = config.EmailSettings.PushNotificationServer.replace(/\/+$/, '') + '/api/v1/send_push';
  for (let attempt = 1; attempt <= PUSH_TRIES; attempt++) {
    try {
      const res = await outboundRequest(config, {
        method: 'POST',
        url,
        headers: { 'Content-Type': 'application/json', 'User-Agent': 'Mattermost-Bot/1.1' },
        body: JSON.stringify(compact(msg)),
        timeoutMs: PUSH_TIMEOUT_MS,
        maxBytes: 64 * 1024,
        // One proxy takes every push: reuse its connections rather than open one per device.
        keepAlive: true,
      });
      if (res.status === 200) {
        let status = '';
        try {
          status = String((JSON.parse(res.body.toString('utf8')) as { status?: string }).status ?? '');
        } catch {
          status = '';
        }
        if (status === 'REMOVE') {
          await ctx.store.sessions.update({ ...session, props: { ...session.props, last_removed_device_id: session.device_id } });
          return false;
        }
        return status !== 'FAIL';
      }
    } catch (err) {
      ctx.log.warn({ err: (err as Error).message, session_id: session.id, attempt }, 'push notification send failed');
    }
  }
  return false;
}

/** POST /notifications/ack forwarded to the proxy's /api/v1/ack; false when the proxy did not answer 200. */
export async function forwardAck(ctx: AppContext, body: Record<string, unknown>): Promise<boolean> {
  const config = ctx.config();
  const url = config.EmailSettings.PushNotificationServer.replace(/\/+$/, '') + '/api/v1/ack';
  try {
    const res = await outboundRequest(config, {
      method: 'POST',
      url,
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
      timeoutMs: PUSH_TIMEOUT_MS,
      maxBytes: 64 * 1024,
    });
    return res.status === 200;
  } catch {
    return false;
  }
}
