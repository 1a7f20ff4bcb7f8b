// Wire types of files, reactions and custom emoji, shaped as Mattermost serialises them.

export interface FileInfo {
  id: string;
  /** Mattermost's CreatorId, serialised as `user_id`. */
  user_id: string;
  post_id: string;
  channel_id: string;
  create_at: number;
  update_at: number;
  delete_at: number;
  name: string;
  extension: string;
  size: number;
  mime_type: string;
  width: number;
  height: number;
  has_preview_image: boolean;
  mini_preview?: string;
  remote_id: string;
  archived: boolean;
}

/** A FileInfo with where its bytes live; never leaves the server. */
export interface StoredFileInfo extends FileInfo {
  path: string;
  thumbnail_path: string;
  preview_path: string;
}

export interface FileUploadResponse {
  file_infos: FileInfo[];
  client_ids: string[];
}

export interface FileInfoList {
  order: string[];
  file_infos: Record<string, FileInfo>;
  next_file_info_id: string;
  prev_file_info_id: string;
  first_inaccessible_file_time: number;
}

export interface Reaction {
  user_id: string;
  post_id: string;
  emoji_name: string;
  create_at: number;
  update_at: number;
  delete_at: number;
  remote_id: string;
  channel_id: string;
}

export interface Emoji {
  id: string;
  create_at: number;
  update_at: number;
  delete_at: number;
  creator_id: string;
  name: string;
}

/** Mattermost's EmojiNameMaxLength and name rule (letters, digits, '-', '+', '_'). */
export const EMOJI_NAME_MAX_LENGTH = 64;
export const EMOJI_NAME_RE = /^[a-zA-Z0-9\-+_]+$/;

/** Public wire form of a stored FileInfo (paths stripped). */
export function publicFileInfo(f: StoredFileInfo): FileInfo {
  const { path: _p, thumbnail_path: _t, preview_path: _v, ...rest } = f;
  return rest;
}
