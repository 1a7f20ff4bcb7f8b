// Webhooks as Mattermost's wire carries them (IncomingWebhook, OutgoingWebhook), their validation limits and ids
// (model/incoming_webhook.go, model/outgoing_webhook.go), and the outgoing-hook payload.
import { appError } from './app-error.ts';
import { isValidId } from './id.ts';

export interface IncomingWebhook {
  id: string;
  create_at: number;
  update_at: number;
  delete_at: number;
  user_id: string;
  channel_id: string;
  team_id: string;
  display_name: string;
  description: string;
  username: string;
  icon_url: string;
  channel_locked: boolean;
}

export interface OutgoingWebhook {
  id: string;
  token: string;
  create_at: number;
  update_at: number;
  delete_at: number;
  creator_id: string;
  channel_id: string;
  team_id: string;
  trigger_words: string[];
  trigger_when: number;
  callback_urls: string[];
  display_name: string;
  description: string;
  content_type: string;
  username: string;
  icon_url: string;
}

/** Mattermost's limits (bytes, as Go's len). */
export const HOOK_LIMITS = {
  displayName: 64,
  description: 500,
  username: 64,
  iconUrl: 1024,
  contentType: 128,
  /** The trigger words and the callback URLs, each list as Go's fmt "%s" prints it ("[a b]"). */
  listChars: 1024,
} as const;

/** The username the post shows when overrides are on and neither the hook nor the request names one. */
export const DEFAULT_WEBHOOK_USERNAME = 'webhook';

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');
/** How Go's fmt.Sprintf("%s", []string) prints a list: "[a b c]". */
const goList = (l: string[]) => bytes('[' + l.join(' ') + ']');

/** Mattermost's IncomingWebhook.IsValid (the fields a client supplies). */
export function validateIncomingWebhook(h: IncomingWebhook): void {
  const where = 'IncomingWebhook.IsValid';
  if (!isValidId(h.user_id)) throw appError('model.incoming_hook.user_id.app_error', where);
  if (!isValidId(h.channel_id)) throw appError('model.incoming_hook.channel_id.app_error', where);
  if (!isValidId(h.team_id)) throw appError('model.incoming_hook.team_id.app_error', where);
  if (bytes(h.display_name) > HOOK_LIMITS.displayName) throw appError('model.incoming_hook.display_name.app_error', where);
  if (bytes(h.description) > HOOK_LIMITS.description) throw appError('model.incoming_hook.description.app_error', where);
  if (bytes(h.username) > HOOK_LIMITS.username) throw appError('model.incoming_hook.username.app_error', where);
  if (bytes(h.icon_url) > HOOK_LIMITS.iconUrl) throw appError('model.incoming_hook.icon_url.app_error', where);
}

/** Mattermost's IsValidHTTPURL: an absolute http(s) URL with a host. */
export function isValidHttpUrl(s: string): boolean {
  if (!/^https?:\/\//i.test(s)) return false;
  try {
    return !!new URL(s).host;
  } catch {
    return false;
  }
}

/** Mattermost's OutgoingWebhook.IsValid. */
export function validateOutgoingWebhook(h: OutgoingWebhook): void {
  const where = 'OutgoingWebhook.IsValid';
  if (!isValidId(h.creator_id)) throw appError('model.outgoing_hook.is_valid.user_id.app_error', where);
  if (h.channel_id && !isValidId(h.channel_id)) throw appError('model.outgoing_hook.is_valid.channel_id.app_error', where);
  if (!isValidId(h.team_id)) throw appError('model.outgoing_hook.is_valid.team_id.app_error', where);
  if (goList(h.trigger_words) > HOOK_LIMITS.listChars) throw appError('model.outgoing_hook.is_valid.words.app_error', where);
  if (h.trigger_words.some((w) => w === '')) throw appError('model.outgoing_hook.is_valid.trigger_words.app_error', where);
  if (!h.callback_urls.length || goList(h.callback_urls) > HOOK_LIMITS.listChars)
    throw appError('model.outgoing_hook.is_valid.callback.app_error', where);
  if (!h.callback_urls.every(isValidHttpUrl)) throw appError('model.outgoing_hook.is_valid.url.app_error', where);
  if (bytes(h.display_name) > HOOK_LIMITS.displayName) throw appError('model.outgoing_hook.is_valid.display_name.app_error', where);
  if (bytes(h.description) > HOOK_LIMITS.description) throw appError('model.outgoing_hook.is_valid.description.app_error', where);
  if (bytes(h.content_type) > HOOK_LIMITS.contentType) throw appError('model.outgoing_hook.is_valid.content_type.app_error', where);
  if (h.trigger_when !== 0 && h.trigger_when !== 1) throw appError('model.outgoing_hook.is_valid.content_type.app_error', where);
  if (bytes(h.username) > HOOK_LIMITS.username) throw appError('model.outgoing_hook.username.app_error', where);
  if (bytes(h.icon_url) > HOOK_LIMITS.iconUrl) throw appError('model.outgoing_hook.icon_url.app_error', where);
}

/** The first word of a message (Mattermost's strings.Fields(message)[0]), '' when none. */
export function firstWord(message: string): string {
  return message.trim().split(/\s+/)[0] ?? '';
}

/** The trigger word of `hook` that `word` matches (trigger_when 0: equal; 1: starts with), or undefined. */
export function matchedTriggerWord(hook: OutgoingWebhook, word: string): string | undefined {
  if (!word) return undefined;
  return hook.trigger_when === 1 ? hook.trigger_words.find((t) => word.startsWith(t)) : hook.trigger_words.find((t) => t === word);
}

/** Mattermost's OutgoingWebhookPayload. */
export interface OutgoingWebhookPayload {
  token: string;
  team_id: string;
  team_domain: string;
  channel_id: string;
  channel_name: string;
  /** Milliseconds (the form body carries seconds, as Mattermost's ToFormValues). */
  timestamp: number;
  user_id: string;
  user_name: string;
  post_id: string;
  text: string;
  trigger_word: string;
  file_ids: string;
}

/** The form body Mattermost sends (`timestamp` in seconds). */
export function payloadToForm(p: OutgoingWebhookPayload): string {
  const v = new URLSearchParams();
  v.set('token', p.token);
  v.set('team_id', p.team_id);
  v.set('team_domain', p.team_domain);
  v.set('channel_id', p.channel_id);
  v.set('channel_name', p.channel_name);
  v.set('timestamp', String(Math.floor(p.timestamp / 1000)));
  v.set('user_id', p.user_id);
  v.set('user_name', p.user_name);
  v.set('post_id', p.post_id);
  v.set('text', p.text);
  v.set('trigger_word', p.trigger_word);
  v.set('file_ids', p.file_ids);
  return v.toString();
}
