// Trigger ids (Mattermost's GenerateTriggerId / DecodeAndVerifyTriggerId): what a slash command or an interactive
// action hands its integration so that it may open a dialog for that user, signed by this server, valid for
// ServiceSettings.OutgoingIntegrationRequestsTimeout. The key is per process (a restart ends open trigger ids).
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { newId } from '../model/id.ts';
import type { AppContext } from './context.ts';

const keys = new WeakMap<AppContext, Buffer>();

function keyOf(ctx: AppContext): Buffer {
  let key = keys.get(ctx);
  if (!key) keys.set(ctx, (key = randomBytes(32)));
  return key;
}

function sign(ctx: AppContext, payload: string): string {
  return createHmac('sha256', keyOf(ctx)).update(payload).digest('base64');
}

/** A new trigger id for `userId`: "<client id>:<user id>:<ms>:<signature>" in base64, and its short client id. */
export function generateTriggerId(ctx: AppContext, userId: string): { clientTriggerId: string; triggerId: string } {
  const clientTriggerId = newId();
  const payload = `${clientTriggerId}:${userId}:${Date.now()}`;
  return { clientTriggerId, triggerId: Buffer.from(`${payload}:${sign(ctx, payload)}`).toString('base64') };
}

/** The user and client id of a trigger id this server signed and that has not expired; undefined otherwise. */
export function verifyTriggerId(ctx: AppContext, triggerId: string): { userId: string; clientTriggerId: string } | undefined {
  if (triggerId.length > 1024) return undefined;
  const parts = Buffer.from(triggerId, 'base64').toString('utf8').split(':');
  if (parts.length !== 4) return undefined;
  const [clientTriggerId, userId, at, sig] = parts;
  const expected = Buffer.from(sign(ctx, `${clientTriggerId}:${userId}:${at}`));
  const given = Buffer.from(sig);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  const lifetime = Math.max(1, ctx.config().ServiceSettings.OutgoingIntegrationRequestsTimeout) * 1000;
  if (!(Number(at) + lifetime >= Date.now())) return undefined;
  return { userId, clientTriggerId };
}
