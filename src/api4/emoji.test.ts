// Custom emoji through Client4: create with an image, emoji_added, lookups, image, search, autocomplete, delete, refusals.
import { describe, expect, it } from 'vitest';
import sharp from 'sharp';
import type { CustomEmoji } from '@mattermost/types/emojis';
import { fails, uniq, useBasic } from '../../test/helper.ts';

const t = useBasic();

async function png(size: number): Promise<File> {
  const buf = await sharp({ create: { width: size, height: size, channels: 4, background: { r: 0, g: 90, b: 200, alpha: 1 } } })
    .png()
    .toBuffer();
  return new File([buf], 'emoji.png', { type: 'image/png' });
}

const make = async (name: string, creator = t.basic.user) =>
  creator.client.createCustomEmoji({ name, creator_id: creator.user.id } as CustomEmoji, await png(64));

describe('custom emoji', () => {
  it('creates an emoji that everyone hears about and can fetch by id, name and image', async () => {
    const ws = await t.env.ws(t.basic.user2.client);
    const name = uniq('party');
    const emoji = await make(name);
    expect(emoji).toMatchObject({ name, creator_id: t.basic.user.user.id, delete_at: 0 });
    expect(emoji.id).toMatch(/^[a-z0-9]{26}$/);
    const ev = await ws.next('emoji_added', (e) => JSON.parse(e.data.emoji).id === emoji.id);
    expect(JSON.parse(ev.data.emoji).name).toBe(name);
    expect(await t.basic.user2.client.getCustomEmoji(emoji.id)).toMatchObject({ id: emoji.id, name });
    expect((await t.basic.user2.client.getCustomEmojiByName(name)).id).toBe(emoji.id);
    const img = await fetch(t.basic.user2.client.getCustomEmojiImageUrl(emoji.id), {
      headers: { authorization: 'Bearer ' + t.basic.user2.client.getToken() },
    });
    expect(img.status).toBe(200);
    expect(img.headers.get('content-type')).toBe('image/png');
    expect((await sharp(Buffer.from(await img.arrayBuffer())).metadata()).width).toBe(64);
    // A reaction may use it.
    const list = await t.basic.user2.client.getCustomEmojis(0, 200);
    expect(list.map((e) => e.id)).toContain(emoji.id);
  });

  it('scales large still images into 128x128', async () => {
    const big = await t.basic.user.client.createCustomEmoji(
      { name: uniq('big'), creator_id: t.basic.user.user.id } as CustomEmoji,
      await png(400),
    );
    const img = await fetch(t.basic.user.client.getCustomEmojiImageUrl(big.id), {
      headers: { authorization: 'Bearer ' + t.basic.user.client.getToken() },
    });
    const meta = await sharp(Buffer.from(await img.arrayBuffer())).metadata();
    expect([meta.width, meta.height]).toEqual([128, 128]);
  });

  it('lists by name, searches and autocompletes', async () => {
    const prefix = uniq('zz');
    const b = await make(prefix + 'b');
    const a = await make(prefix + 'a');
    const byName = await t.basic.user.client.getCustomEmojis(0, 200, 'name');
    const ours = byName.filter((e) => e.name.startsWith(prefix)).map((e) => e.id);
    expect(ours).toEqual([a.id, b.id]);
    const auto = await t.basic.user.client.autocompleteCustomEmoji(prefix);
    expect(auto.map((e) => e.id)).toEqual([a.id, b.id]);
    const found = await t.basic.user.client.searchCustomEmoji(prefix.slice(2) + 'a');
    expect(found.map((e) => e.id)).toEqual([a.id]);
    const prefixOnly = await t.basic.user.client.searchCustomEmoji(prefix.slice(2) + 'a', { prefix_only: true });
    expect(prefixOnly).toEqual([]);
    const names = await t.basic.user.client.getCustomEmojisByNames([a.name, 'nothing-here']);
    expect(names.map((e) => e.id)).toEqual([a.id]);
  });

  it('refuses duplicates, bad names, missing images, other creators and non-images', async () => {
    const name = uniq('dup');
    await make(name);
    const e1 = await fails(make(name, t.basic.user2));
    expect(e1.status_code).toBe(400);
    expect(e1.server_error_id).toBe('api.emoji.create.duplicate.app_error');
    const e2 = await fails(make('bad name!'));
    expect(e2.server_error_id).toBe('model.emoji.name.app_error');
    const e3 = await fails(
      t.basic.user.client.createCustomEmoji({ name: uniq('x'), creator_id: t.basic.user2.user.id } as CustomEmoji, await png(10)),
    );
    expect(e3.status_code).toBe(403);
    expect(e3.server_error_id).toBe('api.emoji.create.other_user.app_error');
    const e4 = await fails(
      t.basic.user.client.createCustomEmoji(
        { name: uniq('x'), creator_id: t.basic.user.user.id } as CustomEmoji,
        new File(['not an image'], 'x.png'),
      ),
    );
    expect(e4.status_code).toBe(400);
    expect(e4.server_error_id).toBe('api.emoji.upload.image.app_error');
    const e5 = await fails(
      t.basic.user.client.createCustomEmoji(
        { name: uniq('x'), creator_id: t.basic.user.user.id } as CustomEmoji,
        new File([Buffer.alloc((1 << 20) + 10)], 'big.png', { type: 'image/png' }),
      ),
    );
    expect(e5.status_code).toBe(413);
    expect(e5.server_error_id).toBe('api.emoji.create.too_large.app_error');
    const e6 = await fails(t.basic.user.client.getCustomEmojiByName(uniq('none')));
    expect(e6.status_code).toBe(404);
  });

  it('deletes: the creator may, others may not (unless admin)', async () => {
    const mine = await make(uniq('mine'));
    const e = await fails(t.basic.user2.client.deleteCustomEmoji(mine.id));
    expect(e.status_code).toBe(403);
    await t.basic.user.client.deleteCustomEmoji(mine.id);
    expect((await fails(t.basic.user.client.getCustomEmoji(mine.id))).status_code).toBe(404);
    // The name is free again.
    const again = await make(mine.name);
    await t.basic.admin.client.deleteCustomEmoji(again.id);
    expect((await fails(t.basic.user.client.getCustomEmojiByName(mine.name))).status_code).toBe(404);
  });

  it('answers 501 when custom emoji are disabled', async () => {
    t.env.config.ServiceSettings.EnableCustomEmoji = false;
    try {
      const e = await fails(make(uniq('off')));
      expect(e.status_code).toBe(501);
      expect(e.server_error_id).toBe('api.emoji.disabled.app_error');
      expect((await fails(t.basic.user.client.getCustomEmojis())).status_code).toBe(501);
    } finally {
      t.env.config.ServiceSettings.EnableCustomEmoji = true;
    }
  });
});
