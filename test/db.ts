// Database rows for tests that assert (or arrange) what no API answer shows: the one place tests reach the store.
import { sql } from 'kysely';
import type { Token } from '../src/store/sql/users.ts';
import { DRIVER, type TestEnv } from './helper.ts';

const storeOf = (env: TestEnv) => env.server.ctx.store;

/** The user's row with its secrets (password hash, verified flag), or undefined. */
export function userRow(env: TestEnv, userId: string) {
  return storeOf(env).users.get(userId);
}

/** The post's row as stored (counters such as reply_count included), or undefined when missing or deleted. */
export function postRow(env: TestEnv, postId: string) {
  return storeOf(env).posts.get(postId);
}

/** The stored file infos attached to these posts. */
export function fileInfosOfPosts(env: TestEnv, postIds: string[]) {
  return storeOf(env).files.forPosts(postIds);
}

/** A file info as stored, deleted ones included, or undefined. */
export function fileInfoRow(env: TestEnv, fileId: string) {
  return storeOf(env).files.get(fileId, true);
}

/** Writes rows as a process that died half way would have left them (no app rules, no events). */
export const leftRows = (env: TestEnv) => ({ posts: storeOf(env).posts, files: storeOf(env).files });

/** The team_members row, also for a removed member (delete_at set), or undefined. */
export function teamMemberRow(env: TestEnv, teamId: string, userId: string) {
  return storeOf(env).teams.getMemberRow(teamId, userId);
}

/** The user's team memberships. */
export function teamMembersOfUser(env: TestEnv, userId: string) {
  return storeOf(env).teams.listMembersForUser(userId);
}

/** The channel's row, archived or not, or undefined. */
export function channelRow(env: TestEnv, channelId: string) {
  return storeOf(env).channels.get(channelId);
}

/** The channel called `name` in the team (`''` for DMs and GMs), or undefined. */
export function channelRowByName(env: TestEnv, teamId: string, name: string) {
  return storeOf(env).channels.getByName(teamId, name);
}

/** The live channels the user is a member of, across all teams, DMs and GMs included. */
export function channelsOfUser(env: TestEnv, userId: string) {
  return storeOf(env).channels.listForUser(userId, null, false);
}

/** The ids of the channel's members. */
export function channelMemberIds(env: TestEnv, channelId: string) {
  return storeOf(env).channels.memberUserIds(channelId);
}

/** The channel_members row, or undefined when the user is not a member. */
export function channelMemberRow(env: TestEnv, channelId: string, userId: string) {
  return storeOf(env).channels.getMember(channelId, userId);
}

/** Sets the channel row's delete_at straight in the database, behind the server's back (no event, no system post). */
export async function setChannelDeleteAt(env: TestEnv, channelId: string, deleteAt: number): Promise<void> {
  const store = storeOf(env);
  const ch = (await store.channels.get(channelId))!;
  await store.channels.update({ ...ch, delete_at: deleteAt });
}

/** Sets one of a channel member's notify props straight in the database. */
export async function setChannelMemberNotifyProp(
  env: TestEnv,
  channelId: string,
  userId: string,
  key: string,
  value: string,
): Promise<void> {
  const db = storeOf(env).db;
  const row = await db
    .selectFrom('channel_members')
    .select('notify_props')
    .where('channel_id', '=', channelId)
    .where('user_id', '=', userId)
    .executeTakeFirstOrThrow();
  const props = { ...JSON.parse(row.notify_props), [key]: value };
  await db
    .updateTable('channel_members')
    .set({ notify_props: JSON.stringify(props) })
    .where('channel_id', '=', channelId)
    .where('user_id', '=', userId)
    .execute();
}

/** The tokens row (invitations, verifications), or undefined. */
export function tokenRow(env: TestEnv, token: string) {
  return storeOf(env).tokens.get(token);
}

/** Every tokens row of this type. */
export function tokenRowsOfType(env: TestEnv, type: string) {
  return storeOf(env).tokens.listByType(type);
}

/** Writes a tokens row, for tokens no route hands out (expired, of another type, for a missing team). */
export function saveTokenRow(env: TestEnv, token: Token): Promise<void> {
  return storeOf(env).tokens.save(token);
}

/** Soft-deletes a post row alone (its files kept): a state no route leaves behind, for rules that must hold anyway. */
export function softDeletePostRow(env: TestEnv, postId: string, at = Date.now()) {
  return storeOf(env).posts.softDelete(postId, at);
}

/** The Kysely database itself, for fixtures that count or inspect every table. */
export function databaseOf(env: TestEnv) {
  return storeOf(env).db;
}

/** Row count of every table in the database. */
export async function tableRowCounts(env: TestEnv): Promise<Record<string, number>> {
  const db = storeOf(env).db;
  const tables =
    DRIVER === 'postgres'
      ? (
          await sql<{
            name: string;
          }>`select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`.execute(
            db,
          )
        ).rows
      : (await sql<{ name: string }>`select name from sqlite_master where type = 'table'`.execute(db)).rows;
  const out: Record<string, number> = {};
  for (const { name } of tables) {
    const r = await sql<{ n: number }>`select count(*) as n from ${sql.table(name)}`.execute(db);
    out[name] = Number(r.rows[0].n);
  }
  return out;
}

/** Sets a tokens row's create_at (by its stored key), to age a token past its expiry. */
export async function setTokenCreateAt(env: TestEnv, key: string, createAt: number): Promise<void> {
  await storeOf(env).db.updateTable('tokens').set({ create_at: createAt }).where('token', '=', key).execute();
}

/** Empties a user's password, as a Slack import creates its users. */
export async function clearUserPassword(env: TestEnv, userId: string): Promise<void> {
  await storeOf(env).db.updateTable('users').set({ password: '' }).where('id', '=', userId).execute();
}

/** The user's audit rows, newest first. */
export function auditRowsOf(env: TestEnv, userId: string) {
  return storeOf(env).audits.list({ userId, offset: 0, limit: 1000 });
}

/** The user's stored TOTP secret, or undefined. */
export function mfaRowOf(env: TestEnv, userId: string) {
  return storeOf(env).mfa.get(userId);
}

/** The user's status row as stored (what a restarted node or a cluster peer reads), or undefined. */
export async function statusRow(env: TestEnv, userId: string) {
  return (await storeOf(env).status.get([userId]))[0];
}
