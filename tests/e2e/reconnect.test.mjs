// The server dies and comes back on the same port: the page shows a banner, reconnects with
// backoff, logs in again and re-syncs its state (who-list, camera, open feeds).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { roomWithAliceAndBob } from './lib/room.mjs';
import { messageText, say, startWebcam, waitForPlayingFeed } from './lib/browser.mjs';

let room;
let server;
let alice;
let bob;

before(async () => {
  room = await roomWithAliceAndBob();
  ({ server, alice, bob } = room);
});

after(async () => {
  if (room) await room.close();
});

const banner = (page) => page.getByTestId('connection-banner');

test('chat works before the outage', async () => {
  await startWebcam(alice);
  await bob.getByRole('button', { name: 'Open webcam of alice' }).click();
  await waitForPlayingFeed(bob, 'alice');
  await say(alice, 'before the outage');
  await messageText(bob, 'before the outage').waitFor();
});

test('a banner appears when the server goes away', async () => {
  await server.stop();
  await banner(alice).waitFor();
  await banner(bob).waitFor();
  assert.match(await banner(bob).textContent(), /reconnecting/i);
  assert.ok(await bob.getByRole('textbox', { name: 'Message' }).isDisabled(), 'no typing into the void');
});

test('after the restart the banner goes, and chat, who-list and camera work again', async () => {
  await server.restart();
  await banner(alice).waitFor({ state: 'detached', timeout: 30000 });
  await banner(bob).waitFor({ state: 'detached', timeout: 30000 });

  await bob.getByRole('list', { name: 'Who is online' }).getByText('alice').waitFor();
  await say(bob, 'after the outage');
  await messageText(alice, 'after the outage').waitFor();
  // Alice is still live and Bob's client opened her camera again by itself.
  await alice.getByRole('button', { name: 'Stop webcam' }).waitFor();
  await waitForPlayingFeed(bob, 'alice');
  await alice.getByRole('tab', { name: 'Watching you (1)' }).waitFor();
  // What was on screen stays, once.
  assert.equal(await messageText(bob, 'before the outage').count(), 1);
  assert.equal(await messageText(alice, 'after the outage').count(), 1);
});

test('no script errors', () => {
  const real = (list) => list.filter((e) => !/WebSocket|ERR_CONNECTION_REFUSED/.test(e));
  assert.deepEqual(real(alice.errors), []);
  assert.deepEqual(real(bob.errors), []);
});
