// FileInfo rows: save, fetch, attach to posts, soft delete with their posts, and name search.
import { sql, type Kysely } from 'kysely';
import type { DB } from './schema.ts';
import { ilike, likeEscape, type Driver } from './dialect.ts';
import { b } from './json.ts';
import type { StoredFileInfo } from '../../model/files.ts';

export interface FileInfoTable {
  id: string;
  creator_id: string;
  post_id: string;
  channel_id: string;
  create_at: number;
  update_at: number;
  delete_at: number;
  path: string;
  thumbnail_path: string;
  preview_path: string;
  name: string;
  extension: string;
  size: number;
  mime_type: string;
  width: number;
  height: number;
  has_preview_image: number;
  mini_preview: string | null;
  content: string;
  remote_id: string;
  archived: number;
}

declare module './schema.ts' {
  interface DB {
    file_info: FileInfoTable;
  }
}

export function fileInfoFromRow(r: FileInfoTable): StoredFileInfo {
  const f: StoredFileInfo = {
    id: r.id,
    user_id: r.creator_id,
    post_id: r.post_id,
    channel_id: r.channel_id,
    create_at: Number(r.create_at),
    update_at: Number(r.update_at),
    delete_at: Number(r.delete_at),
    name: r.name,
    extension: r.extension,
    size: Number(r.size),
    mime_type: r.mime_type,
    width: r.width,
    height: r.height,
    has_preview_image: !!r.has_preview_image,
    remote_id: r.remote_id,
    archived: !!r.archived,
    path: r.path,
    thumbnail_path: r.thumbnail_path,
    preview_path: r.preview_path,
  };
  if (r.mini_preview) f.mini_preview = r.mini_preview;
  return f;
}

function toRow(f: StoredFileInfo): FileInfoTable {
  return {
    id: f.id,
    creator_id: f.user_id,
    post_id: f.post_id,
    channel_id: f.channel_id,
    create_at: f.create_at,
    update_at: f.update_at,
    delete_at: f.delete_at,
    path: f.path,
    thumbnail_path: f.thumbnail_path,
    preview_path: f.preview_path,
    name: f.name,
    extension: f.extension,
    size: f.size,
    mime_type: f.mime_type,
    width: f.width,
    height: f.height,
    has_preview_image: b(f.has_preview_image),
    mini_preview: f.mini_preview ?? null,
    content: '',
    remote_id: f.remote_id,
    archived: b(f.archived),
  };
}

export class FileInfoStore {
  constructor(
    private db: Kysely<DB>,
    private driver: Driver,
  ) {}

  async save(f: StoredFileInfo): Promise<void> {
    await this.db.insertInto('file_info').values(toRow(f)).execute();
  }

  async get(id: string, includeDeleted = false): Promise<StoredFileInfo | undefined> {
    let q = this.db.selectFrom('file_info').selectAll().where('id', '=', id);
    if (!includeDeleted) q = q.where('delete_at', '=', 0);
    const r = await q.executeTakeFirst();
    return r && fileInfoFromRow(r);
  }

  async getMany(ids: string[]): Promise<StoredFileInfo[]> {
    if (!ids.length) return [];
    const rows = await this.db.selectFrom('file_info').selectAll().where('id', 'in', ids).where('delete_at', '=', 0).execute();
    return rows.map(fileInfoFromRow);
  }

  /** Live files of the given posts, oldest first. */
  async forPosts(postIds: string[], includeDeleted = false): Promise<StoredFileInfo[]> {
    if (!postIds.length) return [];
    let q = this.db.selectFrom('file_info').selectAll().where('post_id', 'in', postIds);
    if (!includeDeleted) q = q.where('delete_at', '=', 0);
    const rows = await q.orderBy('create_at', 'asc').orderBy('id', 'asc').execute();
    return rows.map(fileInfoFromRow);
  }

  /**
   * Attaches files to a post; only files of `creatorId`, uploaded to `channelId` and not yet attached move.
   * Returns the ids that were attached.
   */
  async attachToPost(ids: string[], postId: string, channelId: string, creatorId: string, at: number): Promise<string[]> {
    if (!ids.length) return [];
    const rows = await this.db
      .updateTable('file_info')
      .set({ post_id: postId, update_at: at })
      .where('id', 'in', ids)
      .where('post_id', '=', '')
      .where('channel_id', '=', channelId)
      .where('creator_id', '=', creatorId)
      .where('delete_at', '=', 0)
      .returning('id')
      .execute();
    return rows.map((r) => r.id);
  }

  /** Soft-deletes the files of the given posts; returns how many. */
  async deleteForPosts(postIds: string[], at: number): Promise<number> {
    if (!postIds.length) return 0;
    const r = await this.db
      .updateTable('file_info')
      .set({ delete_at: at, update_at: at })
      .where('post_id', 'in', postIds)
      .where('delete_at', '=', 0)
      .executeTakeFirst();
    return Number(r.numUpdatedRows);
  }

  async countForChannel(channelId: string): Promise<number> {
    const r = await this.db
      .selectFrom('file_info')
      .select((e) => e.fn.countAll<number>().as('n'))
      .where('channel_id', '=', channelId)
      .where('post_id', '!=', '')
      .where('delete_at', '=', 0)
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  /**
   * Attached, live files in the given channels whose name contains every term (or any, with `or`), newest first.
   * Terms are matched case-insensitively as substrings of the file name.
   */
  async searchByName(
    channelIds: string[],
    terms: string[],
    opts: { or: boolean; ext?: string[]; offset: number; limit: number },
  ): Promise<StoredFileInfo[]> {
    if (!channelIds.length) return [];
    const op = ilike(this.driver);
    let q = this.db
      .selectFrom('file_info')
      .selectAll()
      .where('channel_id', 'in', channelIds)
      .where('post_id', '!=', '')
      .where('delete_at', '=', 0);
    if (terms.length) {
      q = q.where((e) => {
        const parts = terms.map((t) => sql<boolean>`${sql.ref('name')} ${sql.raw(op)} ${`%${likeEscape(t)}%`} escape '\\'`);
        return opts.or ? e.or(parts) : e.and(parts);
      });
    }
    if (opts.ext?.length) q = q.where('extension', 'in', opts.ext);
    const rows = await q.orderBy('create_at', 'desc').orderBy('id', 'desc').limit(opts.limit).offset(opts.offset).execute();
    return rows.map(fileInfoFromRow);
  }
}
