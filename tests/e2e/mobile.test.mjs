// The phone layout: side panels become drawers opened from the header.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { TestServer } from './lib/server.mjs';
import { enterAs, launchBrowser, messageText, openPage, say, screenshotPath, threadButton } from './lib/browser.mjs';

const PHONE = { width: 390, height: 844 };

let server;
let browser;
let phone;
let desk;

before(async () => {
  server = await new TestServer().start();
  browser = await launchBrowser();
  phone = await openPage(browser, server, { viewport: PHONE, isMobile: true, hasTouch: true });
  desk = await openPage(browser, server);
  await enterAs(phone, 'pat');
  await enterAs(desk, 'dana');
});

after(async () => {
  try {
    if (browser) await browser.close();
  } finally {
    if (server) await server.dispose();
  }
});

const drawerButton = (page, name) => page.getByRole('banner').getByRole('button', { name, exact: true });

// Drawers slide in; screenshots wait until the slide is over.
async function drawerSettled(page, id) {
  await page.waitForFunction((sel) => getComputedStyle(document.querySelector(sel)).transform === 'none', '#' + id);
}

test('on a phone the side panels start hidden and the chat fills the screen', async () => {
  assert.equal(await phone.getByRole('navigation', { name: 'Channels and direct messages' }).isVisible(), false);
  assert.equal(await phone.getByRole('list', { name: 'Who is online' }).isVisible(), false);
  const box = await phone.getByRole('textbox', { name: 'Message' }).boundingBox();
  assert.ok(box.width > PHONE.width * 0.5, `composer is ${box.width}px wide`);
  const scrollWidth = await phone.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(scrollWidth <= PHONE.width, `no sideways scrolling (${scrollWidth}px)`);
  await phone.screenshot({ path: screenshotPath('phone-chat.png') });
});

test('the who-is-online drawer opens, lists people and starts a DM', async () => {
  await drawerButton(phone, 'Who is online').click();
  const who = phone.getByRole('list', { name: 'Who is online' });
  await who.waitFor({ state: 'visible' });
  await who.getByText('dana').waitFor();
  await drawerSettled(phone, 'who-panel');
  await phone.screenshot({ path: screenshotPath('phone-who-drawer.png') });
  await phone.getByRole('button', { name: 'Send a direct message to dana' }).tap();
  await who.waitFor({ state: 'hidden' });
  await say(phone, 'hello from my phone');
  await threadButton(desk, 'pat').click();
  await messageText(desk, 'hello from my phone').waitFor();
  await threadButton(desk, 'Lobby').click();
});

test('the channels drawer shows unread counts and switches channel', async () => {
  await say(desk, 'lobby news');
  await drawerButton(phone, 'Channels').locator('.badge').waitFor();
  await drawerButton(phone, 'Channels').click();
  const lobby = threadButton(phone, 'Lobby');
  await lobby.waitFor({ state: 'visible' });
  await drawerSettled(phone, 'channels-panel');
  await phone.screenshot({ path: screenshotPath('phone-channels-drawer.png') });
  await lobby.tap();
  await phone.getByRole('navigation', { name: 'Channels and direct messages' }).waitFor({ state: 'hidden' });
  await messageText(phone, 'lobby news').waitFor();
});

test('no script errors', () => {
  assert.deepEqual(phone.errors, []);
  assert.deepEqual(desk.errors, []);
});
