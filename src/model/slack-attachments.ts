// Slack-compatible message attachments and their interactive actions as posts carry them in `props.attachments`
// (Mattermost's model/slack_attachment.go and model/integration_action.go): the text fixes applied when an
// integration posts, action ids filled on save, and the action integrations (callback URL, context) that never leave
// the server.
import { newId } from './id.ts';

export interface PostActionIntegration {
  url?: string;
  context?: Record<string, unknown>;
}

export interface PostAction {
  id?: string;
  type?: string;
  name?: string;
  disabled?: boolean;
  style?: string;
  data_source?: string;
  options?: Array<{ text?: string; value?: string }>;
  default_option?: string;
  integration?: PostActionIntegration;
  cookie?: string;
  [k: string]: unknown;
}

export interface SlackAttachment {
  id?: number;
  fallback?: string;
  color?: string;
  pretext?: string;
  author_name?: string;
  author_link?: string;
  author_icon?: string;
  title?: string;
  title_link?: string;
  text?: string;
  fields?: Array<{ title?: string; value?: unknown; short?: unknown }>;
  image_url?: string;
  thumb_url?: string;
  footer?: string;
  footer_icon?: string;
  ts?: unknown;
  actions?: PostAction[];
  [k: string]: unknown;
}

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/** The attachments of a props object, when it holds a list of them. */
export function attachmentsOf(props: Record<string, unknown> | undefined | null): SlackAttachment[] | undefined {
  const a = props?.attachments;
  return Array.isArray(a) ? (a.filter(isObject) as SlackAttachment[]) : undefined;
}

/** Slack's `<url|label>` links as markdown `[label](url)` (Mattermost's ParseSlackLinksToMarkdown). */
export function slackLinksToMarkdown(text: string): string {
  return text.replace(/<([^<|]+)\|([^>]+)>/g, '[$2]($1)');
}

/** Slack's `<!channel>`, `<!here>`, `<!all>` as Mattermost mentions (Mattermost's ExpandAnnouncement). */
export function expandAnnouncements(text: string): string {
  return text.replace(/<!(channel|here|all)>/g, '@$1');
}

/**
 * Mattermost's attachment clean-up for integration posts: field values stringified, `short` read from true or
 * "true", announcements expanded and `<url|label>` links turned into markdown in pretext, text, title and field values.
 */
export function processSlackAttachments(list: unknown[]): SlackAttachment[] {
  const fix = (s: unknown) => (typeof s === 'string' ? slackLinksToMarkdown(expandAnnouncements(s)) : s);
  return list.filter(isObject).map((raw) => {
    const a = { ...(raw as SlackAttachment) };
    for (const k of ['pretext', 'text', 'title'] as const) if (typeof a[k] === 'string') a[k] = fix(a[k]) as string;
    if (Array.isArray(a.fields))
      a.fields = a.fields.filter(isObject).map((f) => ({
        ...f,
        value: fix(f.value === undefined || f.value === null ? '' : typeof f.value === 'string' ? f.value : JSON.stringify(f.value)),
        short: f.short === true || f.short === 'true',
      }));
    return a;
  });
}

/** Gives every action without an id one (Mattermost's GenerateActionIds, on save); returns the props it changed. */
export function withActionIds(props: Record<string, unknown>): Record<string, unknown> {
  const atts = attachmentsOf(props);
  if (!atts?.some((a) => Array.isArray(a.actions) && a.actions.some((x) => isObject(x) && !x.id))) return props;
  const attachments = atts.map((a) =>
    Array.isArray(a.actions) ? { ...a, actions: a.actions.filter(isObject).map((x) => (x.id ? x : { ...x, id: newId() })) } : a,
  );
  return { ...props, attachments };
}

/** Whether any action of the props carries an integration (so the post must be copied before it is served). */
function hasIntegrations(props: Record<string, unknown> | undefined): boolean {
  const atts = attachmentsOf(props);
  return !!atts?.some((a) => Array.isArray(a.actions) && a.actions.some((x) => isObject(x) && 'integration' in x));
}

/** The props without any action's `integration` (Mattermost's StripActionIntegrations); the same object if none. */
export function stripActionIntegrations(props: Record<string, unknown>): Record<string, unknown> {
  if (!hasIntegrations(props)) return props;
  const attachments = attachmentsOf(props)!.map((a) =>
    Array.isArray(a.actions)
      ? {
          ...a,
          actions: a.actions.map((x) => {
            if (!isObject(x)) return x;
            const { integration: _, ...rest } = x;
            return rest;
          }),
        }
      : a,
  );
  return { ...props, attachments };
}

/** The action of a post by id, with the attachment it is in. */
export function findAction(props: Record<string, unknown>, actionId: string): PostAction | undefined {
  for (const a of attachmentsOf(props) ?? [])
    for (const x of Array.isArray(a.actions) ? a.actions : []) if (isObject(x) && x.id === actionId) return x as PostAction;
  return undefined;
}
