// DM history from the server's database: after a reload, Bob finds Alice under "Past
// conversations" and pages back through their thread with "Load older messages".
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { TestServer } from './lib/server.mjs';
import { signJWT } from './lib/jwt.mjs';
import { launchBrowser, openPage, say, threadButton } from './lib/browser.mjs';

const SECRET = 'e2e-secret-key-for-history';
const SETTINGS = `Version = 17
Title = "BareRTC e2e"
[JWT]
Enabled = true
Strict = false
SecretKey = "${SECRET}"
[DirectMessageHistory]
Enabled = true
[Limits]
MessageBurst = 100
MessagesPerMinute = 6000
[TURN]
URLs = []
`;
const COUNT = 25;

let server;
let browser;
let alice;
let bob;

const signedInURL = (sub) => `${server.url}?jwt=${signJWT({ sub }, SECRET)}`;
async function ready(page) {
  await page.getByRole('textbox', { name: 'Message' }).waitFor();
  await page.waitForFunction(() => !document.querySelector('#composer-input')?.disabled);
}

before(async () => {
  server = await new TestServer({ settings: SETTINGS }).start();
  browser = await launchBrowser();
  alice = await openPage(browser, { url: signedInURL('alice') });
  bob = await openPage(browser, { url: signedInURL('bob') });
  await ready(alice);
  await ready(bob);
});

after(async () => {
  try {
    if (browser) await browser.close();
  } finally {
    if (server) await server.dispose();
  }
});

test('older direct messages come back from the history, page by page', async () => {
  await alice.getByRole('button', { name: 'Send a direct message to bob' }).click();
  for (let i = 1; i <= COUNT; i++) await say(alice, `note ${i}`);
  await alice.locator('.msg-body', { hasText: `note ${COUNT}` }).waitFor();
  await threadButton(bob, 'alice').locator('.badge').waitFor();

  // A fresh page (the site signs a new token): the thread is gone from the screen.
  await bob.goto(signedInURL('bob'));
  await ready(bob);
  await bob.getByRole('button', { name: 'Past conversations' }).click();
  await bob.getByRole('list', { name: 'Past conversations' }).getByRole('button', { name: 'alice' }).click();
  const bodies = bob.locator('li.msg .msg-body');
  await bob.locator('.msg-body', { hasText: `note ${COUNT}` }).waitFor();
  assert.equal(await bodies.count(), 20);

  await bob.getByRole('button', { name: 'Load older messages' }).click();
  await bob.locator('.msg-body', { hasText: /^note 1$/ }).waitFor();
  const texts = (await bodies.allTextContents()).map((t) => t.trim());
  assert.deepEqual(texts, Array.from({ length: COUNT }, (_, i) => `note ${i + 1}`));
  await bob.getByRole('button', { name: 'Load older messages' }).waitFor({ state: 'detached' });
});

test('no script errors on either page', () => {
  assert.deepEqual(alice.errors, []);
  assert.deepEqual(bob.errors, []);
});
