// The one seam after a post is saved: createPost publishes `posted`, then hands the post to every AfterPostStep
// (notifications, outgoing webhooks) on a later turn of the event loop, so their work never delays the 201 or the
// fan-out. Each step guards itself; a failure is logged with the post id.
import type { Channel, Post } from '../model/types.ts';
import type { AfterPostStep, AppContext } from './context.ts';

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
