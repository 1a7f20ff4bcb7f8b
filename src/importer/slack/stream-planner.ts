// Planning an import a channel at a time, for an import that streams its export (worker.ts): the same Planner as
// buildImportPlan, driven step by step, with the posts taken out in batches as they are planned.
import { Planner } from './mapper.ts';
import type { ExistingState, ImportPlan, PlanHooks, PlannedChannel, PlanOptions } from './plan-model.ts';
import type { SlackExport, SlackMessage } from './parse.ts';

/** Subtypes of `message` the importer turns into posts (Mattermost's oldImportPost rules); others are skipped. */
const SUPPORTED_SUBTYPES = new Set([
  '',
  'file_share',
  'file_comment',
  'bot_message',
  'me_message',
  'channel_join',
  'channel_leave',
  'channel_topic',
  'channel_purpose',
  'channel_name',
]);

/** Whether a message can become a post at all (its type and subtype); unsupported ones can be dropped as read. */
export function isSupportedMessage(m: Pick<SlackMessage, 'type' | 'subtype'>): boolean {
  return m.type === 'message' && SUPPORTED_SUBTYPES.has(m.subtype);
}

/**
 * Plans an import step by step, for an import that streams: `planChannels()` (users, the import bot, every channel
 * with its members and the import log), then `planPosts()` once per channel with that channel's messages, then
 * `finish()`. buildImportPlan runs the same steps over a whole SlackExport in memory.
 */
export class ImportPlanner {
  private readonly planner: Planner;

  constructor(exp: Omit<SlackExport, 'posts'>, existing: ExistingState, opts: PlanOptions, hooks: PlanHooks = {}) {
    this.planner = new Planner({ ...exp, posts: new Map() }, existing, opts, hooks);
  }

  get plan(): ImportPlan {
    return this.planner.plan;
  }

  /** Users and the bot, then each channel the import can make, with the Slack folder its messages are in. */
  planChannels(): Array<{ channel: PlannedChannel; folder: string }> {
    return this.planner.planChannels();
  }

  /**
   * Reuses an earlier import's (deactivated) bot, found by the caller: a repeated import keeps its bot posts
   * recognisable. Call after planChannels and before any planPosts.
   */
  adoptBot(existingBotId: string): void {
    this.planner.adoptBot(existingBotId);
  }

  planPosts(channel: PlannedChannel, messages: SlackMessage[]): void {
    this.planner.addPosts(channel, messages);
  }

  /** Counts a message dropped as it was read because isSupportedMessage said no. */
  skipUnsupported(m: SlackMessage): void {
    this.planner.unsupported(m);
  }

  finish(): ImportPlan {
    return this.planner.finish();
  }
}
