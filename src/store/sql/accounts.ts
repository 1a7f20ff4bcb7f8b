// Accounts: a user's TOTP secret and used time steps (user_mfa), Mattermost's Audits rows, and the account tokens
// (password recovery, e-mail verification) of one user in the shared tokens table.
import type { Kysely } from 'kysely';
import type { DB } from './schema.ts';
import { parseJson } from './json.ts';

export interface UserMfaTable {
  user_id: string;
  secret: string;
  used_time_steps: string;
}

export interface AuditsTable {
  id: string;
  create_at: number;
  user_id: string;
  action: string;
  extra_info: string;
  ip_address: string;
  session_id: string;
}

declare module './schema.ts' {
  interface DB {
    user_mfa: UserMfaTable;
    audits: AuditsTable;
  }
}

/** Mattermost's Audit. */
export type Audit = AuditsTable;

export interface UserMfa {
  secret: string;
  usedTimeSteps: number[];
}

export class MfaStore {
  constructor(private db: Kysely<DB>) {}

  async get(userId: string): Promise<UserMfa | undefined> {
    const r = await this.db.selectFrom('user_mfa').selectAll().where('user_id', '=', userId).executeTakeFirst();
    return r && { secret: r.secret, usedTimeSteps: parseJson<number[]>(r.used_time_steps, []) };
  }

  /** Stores the secret (a new one forgets the used time steps). */
  async setSecret(userId: string, secret: string): Promise<void> {
    await this.db
      .insertInto('user_mfa')
      .values({ user_id: userId, secret, used_time_steps: '[]' })
      .onConflict((oc) => oc.column('user_id').doUpdateSet({ secret, used_time_steps: '[]' }))
      .execute();
  }

  /**
   * Records a used time step, unless it was used already: false then (a replayed code). The update is conditional on
   * the list read, so two logins racing with the same code cannot both pass.
   */
  async useTimeStep(userId: string, step: number, keep: number): Promise<boolean> {
    const r = await this.db.selectFrom('user_mfa').select('used_time_steps').where('user_id', '=', userId).executeTakeFirst();
    if (!r) return false;
    const used = parseJson<number[]>(r.used_time_steps, []);
    if (used.includes(step)) return false;
    const next = JSON.stringify([...used, step].slice(-keep));
    const res = await this.db
      .updateTable('user_mfa')
      .set({ used_time_steps: next })
      .where('user_id', '=', userId)
      .where('used_time_steps', '=', r.used_time_steps)
      .executeTakeFirst();
    return Number(res.numUpdatedRows) > 0;
  }

  async remove(userId: string): Promise<void> {
    await this.db.deleteFrom('user_mfa').where('user_id', '=', userId).execute();
  }
}

export class AuditStore {
  constructor(private db: Kysely<DB>) {}

  async save(a: Audit): Promise<void> {
    await this.db.insertInto('audits').values(a).execute();
  }

  /** Newest first; `userId` narrows to one user's rows. */
  async list(opts: { userId?: string; offset: number; limit: number }): Promise<Audit[]> {
    let q = this.db.selectFrom('audits').selectAll();
    if (opts.userId !== undefined) q = q.where('user_id', '=', opts.userId);
    const rows = await q.orderBy('create_at', 'desc').orderBy('id', 'desc').offset(opts.offset).limit(opts.limit).execute();
    return rows.map((r) => ({ ...r, create_at: Number(r.create_at) }));
  }

  /** Mattermost removes a user's audits when the user is deleted for good. */
  async removeForUser(userId: string): Promise<void> {
    await this.db.deleteFrom('audits').where('user_id', '=', userId).execute();
  }
}

/** Tokens of one user by type: their extra JSON holds `"UserId":"<id>"` (ids are [a-z0-9], safe in a LIKE). */
export class AccountTokenStore {
  constructor(private db: Kysely<DB>) {}

  async removeForUser(type: string, userId: string): Promise<void> {
    if (!/^[a-z0-9]+$/.test(userId)) return;
    await this.db.deleteFrom('tokens').where('type', '=', type).where('extra', 'like', `%"UserId":"${userId}"%`).execute();
  }

  /** Deletes the token; false when it was already gone (another request used it first). */
  async take(token: string): Promise<boolean> {
    const r = await this.db.deleteFrom('tokens').where('token', '=', token).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }
}
