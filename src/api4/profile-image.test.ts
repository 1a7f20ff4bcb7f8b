// Profile pictures through Client4: upload (cropped to 128×128), user_updated, the stored picture served, reset to
// the default, and refusals (other user, no file, not an image).
import { describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { fails, useBasic } from '../../test/helper.ts';

const t = useBasic();

async function png(width: number, height: number, color = { r: 200, g: 30, b: 30 }): Promise<File> {
  const buf = await sharp({ create: { width, height, channels: 3, background: color } })
    .png()
    .toBuffer();
  return new File([buf], 'me.png', { type: 'image/png' });
}

async function picture(userId: string): Promise<{ width?: number; height?: number; red: number }> {
  const res = await fetch(t.basic.user2.client.getProfilePictureUrl(userId, 0), {
    headers: { authorization: 'Bearer ' + t.basic.user2.client.getToken() },
  });
  expect(res.status).toBe(200);
  const img = sharp(Buffer.from(await res.arrayBuffer()));
  const meta = await img.metadata();
  const { data } = await img.raw().toBuffer({ resolveWithObject: true });
  return { width: meta.width, height: meta.height, red: data[0] };
}

describe('profile image', () => {
  it('uploads a picture that others see, tells them, and resets it to the default', async () => {
    const me = t.basic.user;
    const ws = await t.env.ws(t.basic.user2.client);
    expect(await me.client.uploadProfileImage(me.user.id, await png(300, 200))).toMatchObject({ status: 'OK' });
    const ev = await ws.next('user_updated', (e) => e.data.user.id === me.user.id && e.data.user.last_picture_update > 0);
    expect(ev.data.user.last_picture_update).toBeGreaterThan(0);
    const after = await picture(me.user.id);
    expect([after.width, after.height]).toEqual([128, 128]);
    expect(after.red).toBe(200);
    expect((await me.client.getMe()).last_picture_update).toBeGreaterThan(0);

    await me.client.setDefaultProfileImage(me.user.id);
    expect((await me.client.getMe()).last_picture_update).toBeLessThanOrEqual(0); // Mattermost marks a reset with -now (a new URL, no stale cache)
    expect((await picture(me.user.id)).red).not.toBe(200);
  });

  it('refuses another user, a form without image and a file that is no image', async () => {
    const me = t.basic.user;
    expect((await fails(me.client.uploadProfileImage(t.basic.user2.user.id, await png(10, 10)))).status_code).toBe(403);
    const bad = await fails(me.client.uploadProfileImage(me.user.id, new File([Buffer.from('not an image')], 'x.png')));
    expect([bad.status_code, bad.server_error_id]).toEqual([400, 'api.user.upload_profile_user.decode.app_error']);
    const form = new FormData();
    form.append('other', new File([Buffer.from('x')], 'x.txt'));
    const res = await fetch(`${me.client.getUserRoute(me.user.id)}/image`, {
      method: 'POST',
      headers: { authorization: 'Bearer ' + me.client.getToken(), 'x-requested-with': 'XMLHttpRequest' },
      body: form,
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { id: string }).id).toBe('api.user.upload_profile_user.no_file.app_error');
  });
});
