// The OAuth 2.0 provider's rows: apps, authorization codes and issued access data.
import type { Kysely } from 'kysely';
import type { DB } from './schema.ts';
import { b, parseJson } from './json.ts';
import type { AccessData, AuthData, OAuthApp } from '../../model/oauth.ts';

/** An app's row: its callback URLs as JSON text and is_trusted as 0/1. */
export type OAuthAppsTable = Omit<OAuthApp, 'callback_urls' | 'is_trusted'> & { callback_urls: string; is_trusted: number };

/** The rows are the model's records (Mattermost's OAuthAuthData and OAuthAccessData columns). */
export type OAuthAuthDataTable = AuthData;
export type OAuthAccessDataTable = AccessData;

declare module './schema.ts' {
  interface DB {
    oauth_apps: OAuthAppsTable;
    oauth_auth_data: OAuthAuthDataTable;
    oauth_access_data: OAuthAccessDataTable;
  }
}

function appFromRow(r: OAuthAppsTable): OAuthApp {
  return {
    ...r,
    create_at: Number(r.create_at),
    update_at: Number(r.update_at),
    callback_urls: parseJson<string[]>(r.callback_urls, []),
    is_trusted: !!r.is_trusted,
  };
}

function appToRow(a: OAuthApp): OAuthAppsTable {
  return { ...a, callback_urls: JSON.stringify(a.callback_urls), is_trusted: b(a.is_trusted) };
}

const num = <T extends { expires_at?: number; create_at?: number; expires_in?: number }>(r: T): T => {
  const o: Record<string, unknown> = { ...r };
  for (const k of ['expires_at', 'create_at', 'expires_in']) if (k in o) o[k] = Number(o[k]);
  return o as T;
};

export class OAuthStore {
  constructor(private db: Kysely<DB>) {}

  async saveApp(a: OAuthApp): Promise<void> {
    await this.db.insertInto('oauth_apps').values(appToRow(a)).execute();
  }

  async updateApp(a: OAuthApp): Promise<void> {
    const { id, ...rest } = appToRow(a);
    await this.db.updateTable('oauth_apps').set(rest).where('id', '=', id).execute();
  }

  async getApp(id: string): Promise<OAuthApp | undefined> {
    const r = await this.db.selectFrom('oauth_apps').selectAll().where('id', '=', id).executeTakeFirst();
    return r && appFromRow(r);
  }

  async listApps(q: { creatorId?: string; offset: number; limit: number }): Promise<OAuthApp[]> {
    let s = this.db.selectFrom('oauth_apps').selectAll();
    if (q.creatorId) s = s.where('creator_id', '=', q.creatorId);
    const rows = await s.orderBy('name').orderBy('id').limit(q.limit).offset(q.offset).execute();
    return rows.map(appFromRow);
  }

  /** Apps the user has consented to (a preference `oauth_app`/app id), by name. */
  async listAuthorizedApps(userId: string, category: string, offset: number, limit: number): Promise<OAuthApp[]> {
    const rows = await this.db
      .selectFrom('oauth_apps')
      .innerJoin('preferences', 'preferences.name', 'oauth_apps.id')
      .selectAll('oauth_apps')
      .where('preferences.user_id', '=', userId)
      .where('preferences.category', '=', category)
      .orderBy('oauth_apps.name')
      .limit(limit)
      .offset(offset)
      .execute();
    return rows.map(appFromRow);
  }

  /** Deletes the app with its codes and access data and the consents to it; returns the access tokens it had. */
  async removeApp(id: string, category: string): Promise<string[]> {
    const tokens = await this.db.deleteFrom('oauth_access_data').where('client_id', '=', id).returning('token').execute();
    await this.db.deleteFrom('oauth_auth_data').where('client_id', '=', id).execute();
    await this.db.deleteFrom('preferences').where('category', '=', category).where('name', '=', id).execute();
    await this.db.deleteFrom('oauth_apps').where('id', '=', id).execute();
    return tokens.map((t) => t.token);
  }

  async saveAuthData(a: AuthData): Promise<void> {
    await this.db.insertInto('oauth_auth_data').values(a).execute();
  }

  async getAuthData(code: string): Promise<AuthData | undefined> {
    const r = await this.db.selectFrom('oauth_auth_data').selectAll().where('code', '=', code).executeTakeFirst();
    return r && num(r);
  }

  /** Removes a code; true when this call removed it (so one code is exchanged once, even by racing requests). */
  async removeAuthData(code: string): Promise<boolean> {
    const r = await this.db.deleteFrom('oauth_auth_data').where('code', '=', code).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }

  async saveAccessData(a: AccessData): Promise<void> {
    await this.db.insertInto('oauth_access_data').values(a).execute();
  }

  async updateAccessData(oldToken: string, a: AccessData): Promise<void> {
    await this.db
      .updateTable('oauth_access_data')
      .set({ token: a.token, refresh_token: a.refresh_token, expires_at: a.expires_at, scope: a.scope })
      .where('token', '=', oldToken)
      .execute();
  }

  async getAccessDataByRefreshToken(refreshToken: string): Promise<AccessData | undefined> {
    const r = await this.db.selectFrom('oauth_access_data').selectAll().where('refresh_token', '=', refreshToken).executeTakeFirst();
    return r && num(r);
  }

  async getPreviousAccessData(userId: string, clientId: string): Promise<AccessData | undefined> {
    const r = await this.db
      .selectFrom('oauth_access_data')
      .selectAll()
      .where('user_id', '=', userId)
      .where('client_id', '=', clientId)
      .orderBy('expires_at', 'desc')
      .executeTakeFirst();
    return r && num(r);
  }

  /** Drops what a user granted an app (access data and pending codes); returns the access tokens removed. */
  async removeForUserAndApp(userId: string, clientId: string): Promise<string[]> {
    const rows = await this.db
      .deleteFrom('oauth_access_data')
      .where('user_id', '=', userId)
      .where('client_id', '=', clientId)
      .returning('token')
      .execute();
    await this.db.deleteFrom('oauth_auth_data').where('user_id', '=', userId).where('client_id', '=', clientId).execute();
    return rows.map((r) => r.token);
  }
}
