// Alice shares a picture (made on a canvas in her page) in a channel that permits photos; Bob
// sees it and opens it in the lightbox.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { roomWithAliceAndBob } from './lib/room.mjs';
import { screenshotPath, threadButton } from './lib/browser.mjs';

let room;
let alice;
let bob;

before(async () => {
  room = await roomWithAliceAndBob();
  ({ alice, bob } = room);
});

after(async () => {
  if (room) await room.close();
});

// A 320×200 PNG drawn in the page.
async function makePng(page) {
  const dataURL = await page.evaluate(() => {
    const c = document.createElement('canvas');
    c.width = 320;
    c.height = 200;
    const g = c.getContext('2d');
    g.fillStyle = '#2a6';
    g.fillRect(0, 0, 320, 200);
    g.fillStyle = '#fc3';
    g.fillRect(40, 40, 120, 90);
    return c.toDataURL('image/png');
  });
  return Buffer.from(dataURL.split(',')[1], 'base64');
}

test('no picture button where the channel does not permit photos', async () => {
  await threadButton(alice, 'Lobby').click();
  await alice.getByRole('textbox', { name: 'Message' }).waitFor();
  assert.equal(await alice.getByRole('button', { name: 'Share a picture' }).count(), 0);
});

test('a shared picture reaches the other user and opens in the lightbox', async () => {
  await threadButton(alice, 'Off Topic').click();
  await threadButton(bob, 'Off Topic').click();
  const png = await makePng(alice);

  const chooser = alice.waitForEvent('filechooser');
  await alice.getByRole('button', { name: 'Share a picture' }).click();
  await (await chooser).setFiles({ name: 'squares.png', mimeType: 'image/png', buffer: png });
  const preview = alice.getByRole('dialog', { name: 'Share a picture' });
  await preview.getByRole('img', { name: 'Preview of the picture' }).waitFor();
  await alice.screenshot({ path: screenshotPath('picture-preview.png') });
  await preview.getByRole('button', { name: 'Send picture' }).click();
  await preview.waitFor({ state: 'detached' });

  const shared = bob.locator('.msg-body img[src^="data:image/"]').first();
  await shared.waitFor();
  await bob.waitForFunction(() => {
    const img = document.querySelector('.msg-body img[src^="data:image/"]');
    return img && img.complete && img.naturalWidth > 0;
  });
  assert.equal(await shared.evaluate((img) => img.naturalWidth), 320);
  await alice.locator('.msg-body img[src^="data:image/"]').first().waitFor();

  await shared.click();
  const box = bob.getByRole('dialog', { name: 'Picture' });
  await box.waitFor();
  assert.ok(await box.locator('img').evaluate((img) => img.naturalWidth > 0));
  await bob.screenshot({ path: screenshotPath('lightbox.png') });
  await bob.keyboard.press('Escape');
  await box.waitFor({ state: 'detached' });
  await shared.click();
  await box.getByRole('button', { name: 'Close' }).click();
  await box.waitFor({ state: 'detached' });
});

test('a picture over 8 MiB is refused before sending', async () => {
  const big = Buffer.alloc(8 * 1024 * 1024 + 1, 0);
  big.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const chooser = alice.waitForEvent('filechooser');
  await alice.getByRole('button', { name: 'Share a picture' }).click();
  await (await chooser).setFiles({ name: 'huge.png', mimeType: 'image/png', buffer: big });
  await alice.getByText(/too large/).waitFor();
  assert.equal(await alice.getByRole('dialog', { name: 'Share a picture' }).count(), 0);
});

test('no script errors on either page', () => {
  assert.deepEqual(alice.errors, []);
  assert.deepEqual(bob.errors, []);
});
