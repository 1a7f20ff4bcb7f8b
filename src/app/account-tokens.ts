// Single-use account tokens (password recovery, e-mail verification) in Mattermost's Tokens shape: type, create_at and
// extra `{"UserId","Email"}`, valid 24 hours. The link carries a random 64-character token; the row keeps only its
// SHA-256, so a reader of the database cannot use a pending link.
import { createHash, randomBytes } from 'node:crypto';
import { base32 } from '../model/id.ts';
import type { AppContext } from './context.ts';

export const TOKEN_TYPE_PASSWORD_RECOVERY = 'password_recovery';
export const TOKEN_TYPE_VERIFY_EMAIL = 'verify_email';
/** Mattermost's model.TokenSize. */
export const ACCOUNT_TOKEN_LENGTH = 64;
/** Mattermost's PasswordRecoverExpiryTime and the verify-e-mail token's lifetime: 24 hours. */
export const ACCOUNT_TOKEN_EXPIRY_MS = 24 * 3600_000;

export interface AccountTokenExtra {
  UserId: string;
  Email: string;
}

export interface AccountToken {
  type: string;
  create_at: number;
  extra: AccountTokenExtra;
  /** The stored key (the hash), to delete the row. */
  key: string;
}

/** The row key of a token as the link carries it. */
export function tokenKey(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/**
 * A new token of `type` for the user; with `replace`, the user's earlier tokens of that type are deleted first
 * (Mattermost keeps one pending password recovery per user). Returns the token for the link.
 */
export async function createAccountToken(
  ctx: AppContext,
  type: string,
  extra: AccountTokenExtra,
  opts: { replace?: boolean } = {},
): Promise<string> {
  const token = base32(randomBytes(40)).slice(0, ACCOUNT_TOKEN_LENGTH);
  await ctx.store.tx(async (s) => {
    if (opts.replace) await s.accountTokens.removeForUser(type, extra.UserId);
    await s.tokens.save({ token: tokenKey(token), create_at: Date.now(), type, extra: JSON.stringify(extra) });
  });
  return token;
}

/** The token's row, or undefined when there is none; its extra is read defensively (a malformed one has no user). */
export async function findAccountToken(ctx: AppContext, token: string): Promise<AccountToken | undefined> {
  const key = tokenKey(token);
  const row = await ctx.store.tokens.get(key);
  if (!row) return undefined;
  let extra: Partial<AccountTokenExtra> = {};
  try {
    const parsed: unknown = JSON.parse(row.extra);
    if (parsed && typeof parsed === 'object') extra = parsed as Partial<AccountTokenExtra>;
  } catch {
    // a malformed extra names no user
  }
  return {
    type: row.type,
    create_at: Number(row.create_at),
    key,
    extra: { UserId: String(extra.UserId ?? ''), Email: String(extra.Email ?? '') },
  };
}

export function isExpired(token: AccountToken): boolean {
  return Date.now() - token.create_at >= ACCOUNT_TOKEN_EXPIRY_MS;
}

/** Deletes the token; false when another request took it first (single use under concurrency). */
export function takeAccountToken(ctx: AppContext, token: AccountToken): Promise<boolean> {
  return ctx.store.accountTokens.take(token.key);
}
