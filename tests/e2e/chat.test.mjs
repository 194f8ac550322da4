// Two users chat in a public channel and by direct message.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { roomWithAliceAndBob } from './lib/room.mjs';
import { enterAs, messageText, openPage, say, threadButton, unreadCount } from './lib/browser.mjs';

let room;
let server;
let browser;
let alice;
let bob;

before(async () => {
  room = await roomWithAliceAndBob();
  ({ server, browser, alice, bob } = room);
});

after(async () => {
  if (room) await room.close();
});

test('a public message reaches the other user, as server-rendered Markdown', async () => {
  await say(alice, 'hello **lobby**');
  await messageText(bob, 'hello lobby').waitFor();
  assert.equal(await messageText(bob, 'hello lobby').locator('strong').textContent(), 'lobby');
  await say(bob, 'hi alice');
  await messageText(alice, 'hi alice').waitFor();
});

test('a message in a channel I am not looking at raises its unread count', async () => {
  await threadButton(bob, 'Off Topic').click();
  await say(alice, 'are you there?');
  const lobby = threadButton(bob, 'Lobby');
  await lobby.locator('.badge').waitFor();
  assert.equal(await unreadCount(lobby), 1);
  await lobby.click();
  await messageText(bob, 'are you there?').waitFor();
  assert.equal(await unreadCount(lobby), 0);
});

test('direct messages go to the partner only and open a thread with an unread count', async () => {
  await alice.getByRole('button', { name: 'Send a direct message to bob' }).click();
  await say(alice, 'just between us');
  await messageText(alice, 'just between us').waitFor();

  const thread = threadButton(bob, 'alice');
  await thread.locator('.badge').waitFor();
  assert.equal(await unreadCount(thread), 1);
  assert.equal(await messageText(bob, 'just between us').count(), 0, 'not shown in the lobby');
  await thread.click();
  await messageText(bob, 'just between us').waitFor();
  await say(bob, 'sure thing');
  await messageText(alice, 'sure thing').waitFor();
});

test('"delete for everyone" takes my message back on every screen', async () => {
  await threadButton(alice, 'Lobby').click();
  await threadButton(bob, 'Lobby').click();
  await say(alice, 'oops, wrong window');
  await messageText(bob, 'oops, wrong window').waitFor();
  alice.once('dialog', (d) => d.accept());
  const mine = alice.locator('li.msg', { has: messageText(alice, 'oops, wrong window') });
  await mine.getByRole('button', { name: 'Message actions' }).click();
  await mine.getByRole('menuitem', { name: 'Delete for everyone' }).click();
  await messageText(bob, 'oops, wrong window').waitFor({ state: 'detached' });
  await messageText(alice, 'oops, wrong window').waitFor({ state: 'detached' });
});

test('a guest asking for a taken name gets another one and is told so', async () => {
  const page = await openPage(browser, server);
  try {
    await page.getByLabel('Username').fill('bad<name>');
    await page.getByRole('button', { name: 'Enter chat' }).click();
    await page.getByRole('alert').waitFor(); // refused by the server, dialog stays
    await enterAs(page, 'Alice');
    const me = page.getByRole('list', { name: 'Who is online' }).locator('li', { hasText: '(you)' });
    assert.match(await me.locator('.name').textContent(), /^Alice \d+$/);
    await page.getByText(/the name you asked for was taken/).waitFor();
    await bob.getByRole('list', { name: 'Who is online' }).getByText(/^Alice \d+$/).waitFor();
    assert.deepEqual(page.errors, []);
  } finally {
    await page.context().close();
  }
});

test('no script errors on either page', () => {
  assert.deepEqual(alice.errors, []);
  assert.deepEqual(bob.errors, []);
});
