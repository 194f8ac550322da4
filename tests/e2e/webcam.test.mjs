// Broadcasting and watching webcams over WebRTC between real browsers (fake camera devices).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { TestServer } from './lib/server.mjs';
import { enterAs, feedVideo, launchBrowser, openPage, startWebcam, waitForPlayingFeed } from './lib/browser.mjs';

let server;
let browser;
let alice;
let bob;
let carol;

before(async () => {
  server = await new TestServer({ extra: 'PermitNSFW = true' }).start();
  browser = await launchBrowser();
  [alice, bob, carol] = await Promise.all([openPage(browser, server), openPage(browser, server), openPage(browser, server)]);
  await enterAs(alice, 'alice');
  await enterAs(bob, 'bob');
  await enterAs(carol, 'carol');
});

after(async () => {
  try {
    if (browser) await browser.close();
  } finally {
    if (server) await server.dispose();
  }
});

// The names in the broadcaster's "Watching you" tab.
async function watcherNames(page) {
  await page.getByRole('tab', { name: /Watching you/ }).click();
  return page.getByRole('list', { name: 'Watching your camera' }).locator('.wname').allTextContents();
}

test('Bob opens the webcam of Alice and sees moving video; Alice sees Bob watching', async () => {
  await startWebcam(alice);
  await bob.getByRole('button', { name: 'Open webcam of alice' }).click();
  await waitForPlayingFeed(bob, 'alice');
  const size = await feedVideo(bob, 'alice').evaluate((v) => [v.videoWidth, v.videoHeight]);
  assert.ok(size[0] > 0 && size[1] > 0, `video size ${size}`);

  await alice.getByRole('tab', { name: 'Watching you (1)' }).waitFor();
  assert.deepEqual(await watcherNames(alice), ['bob']);
});

test('Bob watches two broadcasters at once, after a warning for the Explicit one', async () => {
  await startWebcam(carol, { explicit: true });
  const carolsCam = bob.getByRole('button', { name: 'Open webcam of carol' });
  await bob.waitForFunction(() => document.querySelector('button[aria-label="Open webcam of carol"]')?.classList.contains('cam-nsfw'));
  await carolsCam.click();
  const warning = bob.getByRole('dialog', { name: 'This camera is marked Explicit' });
  await warning.getByRole('button', { name: 'Open webcam' }).click();
  await waitForPlayingFeed(bob, 'carol');
  await waitForPlayingFeed(bob, 'alice'); // still moving
  assert.equal(await bob.locator('video[aria-label^="Webcam of "]').count(), 2);
  await carol.getByRole('tab', { name: 'Watching you (1)' }).waitFor();
});

test('closing a feed tells the broadcaster; booting a watcher closes their feed', async () => {
  await bob.getByRole('button', { name: 'Close webcam of alice' }).click();
  await feedVideo(bob, 'alice').waitFor({ state: 'detached' });
  await alice.getByRole('tab', { name: 'Watching you (0)' }).waitFor();

  assert.deepEqual(await watcherNames(carol), ['bob']);
  await carol.getByRole('button', { name: 'Boot bob from your camera' }).click();
  await feedVideo(bob, 'carol').waitFor({ state: 'detached' });
  // Carol's camera now looks off to Bob.
  await bob.getByRole('button', { name: 'Open webcam of carol' }).waitFor({ state: 'detached' });
});

test('stopping the broadcast hides the camera button everywhere', async () => {
  await alice.getByRole('button', { name: 'Stop webcam' }).click();
  await alice.getByRole('button', { name: 'Start webcam' }).waitFor();
  await bob.getByRole('button', { name: 'Open webcam of alice' }).waitFor({ state: 'detached' });
});

test('no script errors on any page', () => {
  assert.deepEqual(alice.errors, []);
  assert.deepEqual(bob.errors, []);
  assert.deepEqual(carol.errors, []);
});
