// A CommandResponse from outside (a command's reply, a response_url call) checked and bounded before it is used (its
// Slack text rewrite is the webhooks' one: processSlackText in app/webhook-posts.ts).
import type { CommandResponse } from '../model/command.ts';

/** extra_responses handled per reply (Mattermost has no limit; Parley bounds the posts one reply can make). */
export const MAX_EXTRA_RESPONSES = 10;
/** Attachments kept per response. */
export const MAX_ATTACHMENTS = 100;

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

function one(v: Record<string, unknown>): CommandResponse {
  const props = v.props && typeof v.props === 'object' && !Array.isArray(v.props) ? (v.props as Record<string, unknown>) : undefined;
  return {
    response_type: str(v.response_type),
    text: str(v.text),
    username: str(v.username),
    channel_id: str(v.channel_id),
    icon_url: str(v.icon_url),
    type: str(v.type),
    props,
    goto_location: str(v.goto_location),
    trigger_id: str(v.trigger_id),
    skip_slack_parsing: v.skip_slack_parsing === true,
    attachments: Array.isArray(v.attachments) ? v.attachments.slice(0, MAX_ATTACHMENTS) : undefined,
  };
}

/** The fields Mattermost reads, each of its type (others dropped); undefined when `v` is not an object. */
export function boundedResponse(v: unknown): CommandResponse | undefined {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return undefined;
  const r = one(v as Record<string, unknown>);
  const extra = (v as Record<string, unknown>).extra_responses;
  if (Array.isArray(extra))
    r.extra_responses = extra
      .filter((e): e is Record<string, unknown> => !!e && typeof e === 'object' && !Array.isArray(e))
      .slice(0, MAX_EXTRA_RESPONSES)
      .map(one);
  return r;
}
