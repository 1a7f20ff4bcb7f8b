// Incoming and outgoing webhook rows; deletion is soft, as Mattermost's.
import type { Kysely } from 'kysely';
import type { DB } from './schema.ts';
import { b, parseJson } from './json.ts';
import type { IncomingWebhook, OutgoingWebhook } from '../../model/webhooks.ts';

/** The row: the wire object with the flag as 0/1. */
export type IncomingWebhooksTable = Omit<IncomingWebhook, 'channel_locked'> & { channel_locked: number };

/** The row: the wire object with its lists as JSON text. */
export type OutgoingWebhooksTable = Omit<OutgoingWebhook, 'trigger_words' | 'callback_urls'> & {
  trigger_words: string;
  callback_urls: string;
};

declare module './schema.ts' {
  interface DB {
    incoming_webhooks: IncomingWebhooksTable;
    outgoing_webhooks: OutgoingWebhooksTable;
  }
}

function incomingFromRow(r: IncomingWebhooksTable): IncomingWebhook {
  return {
    ...r,
    create_at: Number(r.create_at),
    update_at: Number(r.update_at),
    delete_at: Number(r.delete_at),
    channel_locked: !!Number(r.channel_locked),
  };
}

function incomingToRow(h: IncomingWebhook): IncomingWebhooksTable {
  return { ...h, channel_locked: b(h.channel_locked) };
}

function outgoingFromRow(r: OutgoingWebhooksTable): OutgoingWebhook {
  return {
    ...r,
    create_at: Number(r.create_at),
    update_at: Number(r.update_at),
    delete_at: Number(r.delete_at),
    trigger_when: Number(r.trigger_when),
    trigger_words: parseJson<string[]>(r.trigger_words, []),
    callback_urls: parseJson<string[]>(r.callback_urls, []),
  };
}

function outgoingToRow(h: OutgoingWebhook): OutgoingWebhooksTable {
  return { ...h, trigger_words: JSON.stringify(h.trigger_words), callback_urls: JSON.stringify(h.callback_urls) };
}

/** What a list of hooks is narrowed to; absent fields do not narrow. */
export interface HookFilter {
  teamId?: string;
  channelId?: string;
  /** The owner (incoming: user_id, outgoing: creator_id). */
  userId?: string;
  offset: number;
  limit: number;
}

export class WebhookStore {
  constructor(private db: Kysely<DB>) {}

  async saveIncoming(h: IncomingWebhook): Promise<void> {
    await this.db.insertInto('incoming_webhooks').values(incomingToRow(h)).execute();
  }

  async getIncoming(id: string): Promise<IncomingWebhook | undefined> {
    const r = await this.db.selectFrom('incoming_webhooks').selectAll().where('id', '=', id).where('delete_at', '=', 0).executeTakeFirst();
    return r && incomingFromRow(r);
  }

  async listIncoming(f: HookFilter): Promise<IncomingWebhook[]> {
    let q = this.db.selectFrom('incoming_webhooks').selectAll().where('delete_at', '=', 0);
    if (f.teamId) q = q.where('team_id', '=', f.teamId);
    if (f.channelId) q = q.where('channel_id', '=', f.channelId);
    if (f.userId) q = q.where('user_id', '=', f.userId);
    const rows = await q.orderBy('create_at', 'asc').orderBy('id', 'asc').limit(f.limit).offset(f.offset).execute();
    return rows.map(incomingFromRow);
  }

  async countIncoming(f: Omit<HookFilter, 'offset' | 'limit'>): Promise<number> {
    let q = this.db
      .selectFrom('incoming_webhooks')
      .select((e) => e.fn.countAll<number>().as('n'))
      .where('delete_at', '=', 0);
    if (f.teamId) q = q.where('team_id', '=', f.teamId);
    if (f.userId) q = q.where('user_id', '=', f.userId);
    return Number((await q.executeTakeFirst())?.n ?? 0);
  }

  async updateIncoming(h: IncomingWebhook): Promise<void> {
    const { id, ...rest } = incomingToRow(h);
    await this.db.updateTable('incoming_webhooks').set(rest).where('id', '=', id).execute();
  }

  async deleteIncoming(id: string, at: number): Promise<void> {
    await this.db.updateTable('incoming_webhooks').set({ delete_at: at, update_at: at }).where('id', '=', id).execute();
  }

  async saveOutgoing(h: OutgoingWebhook): Promise<void> {
    await this.db.insertInto('outgoing_webhooks').values(outgoingToRow(h)).execute();
  }

  async getOutgoing(id: string): Promise<OutgoingWebhook | undefined> {
    const r = await this.db.selectFrom('outgoing_webhooks').selectAll().where('id', '=', id).where('delete_at', '=', 0).executeTakeFirst();
    return r && outgoingFromRow(r);
  }

  async listOutgoing(f: HookFilter): Promise<OutgoingWebhook[]> {
    let q = this.db.selectFrom('outgoing_webhooks').selectAll().where('delete_at', '=', 0);
    if (f.teamId) q = q.where('team_id', '=', f.teamId);
    if (f.channelId) q = q.where('channel_id', '=', f.channelId);
    if (f.userId) q = q.where('creator_id', '=', f.userId);
    const rows = await q.orderBy('create_at', 'asc').orderBy('id', 'asc').limit(f.limit).offset(f.offset).execute();
    return rows.map(outgoingFromRow);
  }

  /** A team's live outgoing hooks (those that may fire for its posts). */
  async outgoingForTeam(teamId: string): Promise<OutgoingWebhook[]> {
    const rows = await this.db
      .selectFrom('outgoing_webhooks')
      .selectAll()
      .where('team_id', '=', teamId)
      .where('delete_at', '=', 0)
      .execute();
    return rows.map(outgoingFromRow);
  }

  async updateOutgoing(h: OutgoingWebhook): Promise<void> {
    const { id, ...rest } = outgoingToRow(h);
    await this.db.updateTable('outgoing_webhooks').set(rest).where('id', '=', id).execute();
  }

  async deleteOutgoing(id: string, at: number): Promise<void> {
    await this.db.updateTable('outgoing_webhooks').set({ delete_at: at, update_at: at }).where('id', '=', id).execute();
  }
}
