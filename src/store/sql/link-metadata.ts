// Link metadata rows (Mattermost's LinkMetadata table): one per (URL, hour) hash, written once a link was fetched.
import type { Kysely } from 'kysely';
import type { DB } from './schema.ts';

export interface LinkMetadataTable {
  hash: number | string;
  url: string;
  timestamp: number | string;
  type: string;
  data: string;
}

declare module './schema.ts' {
  interface DB {
    link_metadata: LinkMetadataTable;
  }
}

/** A stored row: `data` is the JSON of the OpenGraph object or the image, '' for type "none". */
export interface LinkMetadataRow {
  hash: number;
  url: string;
  timestamp: number;
  type: 'opengraph' | 'image' | 'none';
  data: string;
}

function fromRow(r: LinkMetadataTable): LinkMetadataRow {
  return { hash: Number(r.hash), url: r.url, timestamp: Number(r.timestamp), type: r.type as LinkMetadataRow['type'], data: r.data };
}

export class LinkMetadataStore {
  constructor(private db: Kysely<DB>) {}

  /** Writes a row, replacing one of the same hash (a refetch of the same URL in the same hour). */
  async save(m: LinkMetadataRow): Promise<void> {
    await this.db
      .insertInto('link_metadata')
      .values({ ...m })
      .onConflict((oc) => oc.column('hash').doUpdateSet({ url: m.url, timestamp: m.timestamp, type: m.type, data: m.data }))
      .execute();
  }

  /** The rows of the given hashes (the caller checks each row's URL: a hash may collide). */
  async getMany(hashes: number[]): Promise<LinkMetadataRow[]> {
    if (!hashes.length) return [];
    const rows = await this.db
      .selectFrom('link_metadata')
      .selectAll()
      .where('hash', 'in', [...new Set(hashes)])
      .execute();
    return rows.map(fromRow);
  }
}
