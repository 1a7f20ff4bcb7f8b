// What clients may see of a post: a deleted one keeps its ids, author, times and thread counters, never its content;
// a live one never shows its actions' integrations (callback URLs and contexts stay on the server).
import { stripActionIntegrations } from './slack-attachments.ts';
import type { Post } from './types.ts';

/**
 * A deleted post as every answer carries it (a `since` page, include_deleted, a thread list): no message, props,
 * hashtags, files or metadata, as Mattermost's PreparePostForClient blanks a deleted post's message and metadata.
 */
export function deletedPostForClient(p: Post): Post {
  const { has_reactions: _, ...rest } = p;
  return { ...rest, message: '', props: {}, hashtags: '', file_ids: [], metadata: {} };
}

/** The post as a client may see it: its content-free shell once deleted, else itself without action integrations. */
export function postForClient(p: Post): Post {
  if (p.delete_at) return deletedPostForClient(p);
  const props = p.props && stripActionIntegrations(p.props);
  return props === p.props ? p : { ...p, props };
}

/**
 * An earlier version of a post (edit history) as its author reads it: delete_at marks when it was replaced, not a
 * deletion, so its content stays; only its actions' integrations are stripped, as on a live post.
 */
export function postVersionForClient(p: Post): Post {
  const props = p.props && stripActionIntegrations(p.props);
  return props === p.props ? p : { ...p, props };
}
