// Mattermost's Audits table: one row per audited action (logins, password and MFA changes, role and config changes,
// deletions), listed by GET /users/{id}/audits and GET /audits. `recordAudit` is the one writer.
import { newId } from '../model/id.ts';
import { Permissions } from '../model/roles.ts';
import type { Audit } from '../store/sql/accounts.ts';
import type { Actor } from './actor.ts';
import { requireSelfOr, requireSystemPermission } from './authz.ts';
import type { AppContext } from './context.ts';

/** Column widths of the audits table: longer values are cut, never refused. */
const ACTION_MAX = 512;
const EXTRA_MAX = 1024;
const IP_MAX = 64;

/** The REST path of an action, as Mattermost's `action` column holds it (`/api/v4/users/login`). */
export function auditPath(path: string): string {
  return `/api/v4${path}`;
}

/**
 * Writes an audit row: `action` (the request path, see auditPath), a short `extra` note (`attempt - login_id=…`,
 * `success`, `user=<id> roles=<r>` …), the actor's address and session. `opts.userId` names the user the row belongs
 * to when the actor is not signed in (a login). A failed write is logged, never the caller's failure.
 */
export async function recordAudit(
  ctx: AppContext,
  actor: Actor,
  action: string,
  extra: string,
  opts: { userId?: string } = {},
): Promise<void> {
  const row: Audit = {
    id: newId(),
    create_at: Date.now(),
    user_id: opts.userId ?? actor.userId ?? '',
    action: action.slice(0, ACTION_MAX),
    extra_info: extra.slice(0, EXTRA_MAX),
    ip_address: (actor.ipAddress ?? '').slice(0, IP_MAX),
    session_id: actor.sessionId ?? '',
  };
  try {
    await ctx.store.audits.save(row);
  } catch (err) {
    ctx.log.error({ err, action: row.action }, 'audit row not written');
  }
}

/** GET /users/{id}/audits: yourself or `edit_other_users`; newest first. */
export async function getUserAudits(
  ctx: AppContext,
  actor: Actor,
  userId: string,
  page: { page: number; perPage: number },
): Promise<Audit[]> {
  requireSelfOr(ctx, actor, userId, Permissions.EDIT_OTHER_USERS, 'getUserAudits');
  return ctx.store.audits.list({ userId, offset: page.page * page.perPage, limit: page.perPage });
}

/** GET /audits: `read_audits` (system admins); newest first. */
export async function getAudits(ctx: AppContext, actor: Actor, page: { page: number; perPage: number }): Promise<Audit[]> {
  requireSystemPermission(ctx, actor, Permissions.READ_AUDITS, 'getAudits');
  return ctx.store.audits.list({ offset: page.page * page.perPage, limit: page.perPage });
}
