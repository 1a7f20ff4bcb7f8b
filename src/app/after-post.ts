// The one seam after a post is saved: createPost publishes `posted`, then hands the post to every AfterPostStep
// (notifications, outgoing webhooks) on a later turn of the event loop, so their work never delays the 201 or the
// fan-out. Each step guards itself; a failure is logged with the post id. Edits of a message have their own list.
import type { Channel, Post } from '../model/types.ts';
import type { AfterEditStep, AfterPostStep, AppContext } from './context.ts';

/** Adds a step (called once per step while the app is built). */
export function registerAfterPost(ctx: AppContext, step: AfterPostStep): void {
  ctx.afterPost.push(step);
}

/** Runs the after-post steps for a post just committed and published. */
export function runAfterPost(ctx: AppContext, post: Post, channel: Channel, mentions: string[]): void {
  if (!ctx.afterPost.length) return;
  setImmediate(() => {
    for (const step of ctx.afterPost) {
      try {
        const r = step(post, channel, { mentions });
        if (r) r.catch((err: unknown) => ctx.log.error({ err, post_id: post.id }, 'after-post step failed'));
      } catch (err) {
        ctx.log.error({ err, post_id: post.id }, 'after-post step failed');
      }
    }
  });
}

/** Adds a step run after a post's message is edited. */
export function registerAfterEdit(ctx: AppContext, step: AfterEditStep): void {
  (ctx.afterEdit ??= []).push(step);
}

/** Runs the after-edit steps for a post whose edit was just saved and published, on a later turn of the loop. */
export function runAfterEdit(ctx: AppContext, post: Post): void {
  const steps = ctx.afterEdit;
  if (!steps?.length) return;
  setImmediate(() => {
    for (const step of steps) {
      try {
        const r = step(post);
        if (r) r.catch((err: unknown) => ctx.log.error({ err, post_id: post.id }, 'after-edit step failed'));
      } catch (err) {
        ctx.log.error({ err, post_id: post.id }, 'after-edit step failed');
      }
    }
  });
}
