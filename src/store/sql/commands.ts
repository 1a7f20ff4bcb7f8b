// Slash command rows (soft-deleted) and their response URLs (CommandWebhooks: a bounded number of uses, for a while).
import { sql, type Kysely } from 'kysely';
import type { DB } from './schema.ts';
import { b, parseJson } from './json.ts';
import type { Command } from '../../model/command.ts';

/** The row: a Command with its boolean as 0/1. */
export type CommandsTable = Omit<Command, 'auto_complete'> & { auto_complete: number };

/** What a response URL remembers of the call that made it. */
export interface CommandWebhook {
  id: string;
  create_at: number;
  command_id: string;
  user_id: string;
  channel_id: string;
  root_id: string;
  use_count: number;
}

declare module './schema.ts' {
  interface DB {
    commands: CommandsTable;
    command_webhooks: CommandWebhook;
  }
}

function fromRow(r: CommandsTable): Command {
  return {
    id: r.id,
    token: r.token,
    create_at: Number(r.create_at),
    update_at: Number(r.update_at),
    delete_at: Number(r.delete_at),
    creator_id: r.creator_id,
    team_id: r.team_id,
    trigger: r.trigger,
    method: r.method,
    username: r.username,
    icon_url: r.icon_url,
    auto_complete: !!Number(r.auto_complete),
    auto_complete_desc: r.auto_complete_desc,
    auto_complete_hint: r.auto_complete_hint,
    display_name: r.display_name,
    description: r.description,
    url: r.url,
    plugin_id: r.plugin_id,
  };
}

function toRow(c: Command): CommandsTable {
  return { ...c, auto_complete: b(c.auto_complete) };
}

export class CommandStore {
  constructor(private db: Kysely<DB>) {}

  async save(c: Command): Promise<void> {
    await this.db.insertInto('commands').values(toRow(c)).execute();
  }

  /** A live command by id. */
  async get(id: string): Promise<Command | undefined> {
    const r = await this.db.selectFrom('commands').selectAll().where('id', '=', id).where('delete_at', '=', 0).executeTakeFirst();
    return r && fromRow(r);
  }

  /** The team's live commands, oldest first. */
  async listByTeam(teamId: string): Promise<Command[]> {
    const rows = await this.db
      .selectFrom('commands')
      .selectAll()
      .where('team_id', '=', teamId)
      .where('delete_at', '=', 0)
      .orderBy('create_at', 'asc')
      .orderBy('id', 'asc')
      .execute();
    return rows.map(fromRow);
  }

  /** The team's live command with this trigger, if any. */
  async getByTrigger(teamId: string, trigger: string): Promise<Command | undefined> {
    const r = await this.db
      .selectFrom('commands')
      .selectAll()
      .where('team_id', '=', teamId)
      .where('trigger', '=', trigger)
      .where('delete_at', '=', 0)
      .executeTakeFirst();
    return r && fromRow(r);
  }

  /** Writes every field of a live command; false when it is gone. */
  async update(c: Command): Promise<boolean> {
    const { id, ...rest } = toRow(c);
    const r = await this.db.updateTable('commands').set(rest).where('id', '=', id).where('delete_at', '=', 0).executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  async softDelete(id: string, at: number): Promise<void> {
    await this.db.updateTable('commands').set({ delete_at: at, update_at: at }).where('id', '=', id).execute();
  }

  async saveWebhook(h: CommandWebhook): Promise<void> {
    await this.db.insertInto('command_webhooks').values(h).execute();
  }

  /** A response URL made after `since` (older ones have expired). */
  async getWebhook(id: string, since: number): Promise<CommandWebhook | undefined> {
    const r = await this.db
      .selectFrom('command_webhooks')
      .selectAll()
      .where('id', '=', id)
      .where('create_at', '>', since)
      .executeTakeFirst();
    return r && { ...r, create_at: Number(r.create_at), use_count: Number(r.use_count) };
  }

  /** Counts one use, atomically; false when `limit` uses were already made. */
  async tryUseWebhook(id: string, limit: number): Promise<boolean> {
    const r = await this.db
      .updateTable('command_webhooks')
      .set({ use_count: sql`use_count + 1` })
      .where('id', '=', id)
      .where('use_count', '<', limit)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  /** Drops response URLs made before `before`. */
  async deleteWebhooksBefore(before: number): Promise<void> {
    await this.db.deleteFrom('command_webhooks').where('create_at', '<', before).execute();
  }

  /** A channel member's notify_props with `patch` applied (/mute); false when the user is not a member. */
  async patchMemberNotifyProps(channelId: string, userId: string, patch: Record<string, string>): Promise<Record<string, string> | null> {
    const m = await this.db
      .selectFrom('channel_members')
      .select('notify_props')
      .where('channel_id', '=', channelId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    if (!m) return null;
    const props = { ...parseJson<Record<string, string>>(m.notify_props, {}), ...patch };
    await this.db
      .updateTable('channel_members')
      .set({ notify_props: JSON.stringify(props) })
      .where('channel_id', '=', channelId)
      .where('user_id', '=', userId)
      .execute();
    return props;
  }
}
