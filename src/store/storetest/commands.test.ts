// Store contract: slash command rows (live by team and trigger, updates only while live) and response URLs (expiry,
// a use count that never passes its limit, even under concurrent use).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Command } from '../../model/command.ts';
import { newId } from '../../model/id.ts';
import { openStore, type StoreEnv } from './fixtures.ts';

let env: StoreEnv;
beforeAll(async () => {
  env = await openStore();
});
afterAll(async () => env?.close());

function makeCommand(teamId: string, extra: Partial<Command> = {}): Command {
  return {
    id: newId(),
    token: newId(),
    create_at: 1,
    update_at: 1,
    delete_at: 0,
    creator_id: newId(),
    team_id: teamId,
    trigger: 'trig' + newId().slice(0, 6),
    method: 'P',
    username: '',
    icon_url: '',
    auto_complete: true,
    auto_complete_desc: 'desc',
    auto_complete_hint: 'hint',
    display_name: 'Name',
    description: '',
    url: 'https://example.com/cmd',
    plugin_id: '',
    ...extra,
  };
}

describe('commands', () => {
  it('saves, reads back every field, lists live commands of a team and finds them by trigger', async () => {
    const team = newId();
    const a = makeCommand(team, { create_at: 10 });
    const b = makeCommand(team, { create_at: 20, auto_complete: false });
    await env.store.commands.save(a);
    await env.store.commands.save(b);
    await env.store.commands.save(makeCommand(newId()));
    expect(await env.store.commands.get(a.id)).toEqual(a);
    expect((await env.store.commands.listByTeam(team)).map((c) => c.id)).toEqual([a.id, b.id]);
    expect((await env.store.commands.getByTrigger(team, b.trigger))?.auto_complete).toBe(false);
    await env.store.commands.softDelete(a.id, 30);
    expect(await env.store.commands.get(a.id)).toBeUndefined();
    expect(await env.store.commands.getByTrigger(team, a.trigger)).toBeUndefined();
    expect((await env.store.commands.listByTeam(team)).map((c) => c.id)).toEqual([b.id]);
    expect(await env.store.commands.update({ ...a, display_name: 'late' })).toBe(false);
    expect(await env.store.commands.update({ ...b, display_name: 'changed' })).toBe(true);
    expect((await env.store.commands.get(b.id))?.display_name).toBe('changed');
  });
});

describe('command webhooks', () => {
  const hook = (createAt: number) => ({
    id: newId(),
    create_at: createAt,
    command_id: newId(),
    user_id: newId(),
    channel_id: newId(),
    root_id: '',
    use_count: 0,
  });

  it('expire, and count at most `limit` uses even when used concurrently', async () => {
    const h = hook(1000);
    await env.store.commands.saveWebhook(h);
    expect(await env.store.commands.getWebhook(h.id, 999)).toMatchObject({ id: h.id, use_count: 0 });
    expect(await env.store.commands.getWebhook(h.id, 1000)).toBeUndefined();
    const uses = await Promise.all(Array.from({ length: 8 }, () => env.store.commands.tryUseWebhook(h.id, 5)));
    expect(uses.filter(Boolean)).toHaveLength(5);
    expect((await env.store.commands.getWebhook(h.id, 0))?.use_count).toBe(5);
    await env.store.commands.deleteWebhooksBefore(1001);
    expect(await env.store.commands.getWebhook(h.id, 0)).toBeUndefined();
  });
});
