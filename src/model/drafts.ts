// Mattermost's Draft (a message being written, synced across the user's sessions) and its limits.

export interface Draft {
  create_at: number;
  update_at: number;
  /** Deprecated in Mattermost (rows are deleted, not marked); always 0. */
  delete_at: number;
  user_id: string;
  channel_id: string;
  root_id: string;
  message: string;
  props: Record<string, unknown>;
  file_ids?: string[];
  metadata?: { files?: unknown[] };
  priority?: Record<string, unknown>;
}

/** Mattermost's PostMessageMaxRunesV2: a draft may be as long as the post it will become. */
export const DRAFT_MESSAGE_MAX_RUNES = 16383;
/** Mattermost's PostFileidsMaxRunes: the JSON array of file ids, at most 300 characters (ten ids). */
export const DRAFT_FILE_IDS_MAX_RUNES = 300;
/** Mattermost's PostPropsMaxRunes, for props and priority as JSON. */
export const DRAFT_PROPS_MAX_RUNES = 800000;
