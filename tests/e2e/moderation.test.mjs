// An operator (signed in with a JWT) uses the operator tools on guests: kick from the who-list
// menu, ban from the user card; /help renders as a list. A guest reports a message through the
// report webhook (a small HTTP server in this test).
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { after, before, test } from 'node:test';
import { TestServer } from './lib/server.mjs';
import { signJWT } from './lib/jwt.mjs';
import { enterAs, launchBrowser, openPage, say, screenshotPath } from './lib/browser.mjs';

const SECRET = 'e2e-secret-key-for-moderation';
const settings = (webhookPort) => `Version = 17
Title = "BareRTC e2e"
[JWT]
Enabled = true
Strict = false
SecretKey = "${SECRET}"
[TURN]
URLs = []
[[WebhookURLs]]
Name = "report"
Enabled = true
URL = "http://127.0.0.1:${webhookPort}/report"
`;

// The site's report webhook: remembers what it received.
const reports = [];
let site;

let server;
let browser;
let admin;
let bob;

const whoList = (page) => page.getByRole('list', { name: 'Who is online' });

before(async () => {
  site = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      try {
        reports.push(JSON.parse(body));
      } catch {
        reports.push({ unparsable: body });
      }
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end('{"OK":true}');
    });
  });
  await new Promise((r) => site.listen(0, '127.0.0.1', r));
  server = await new TestServer({ settings: settings(site.address().port) }).start();
  browser = await launchBrowser();
  const token = signJWT({ sub: 'admin', op: true, nick: 'The Admin' }, SECRET);
  admin = await openPage(browser, { url: `${server.url}?jwt=${token}` });
  await admin.getByRole('textbox', { name: 'Message' }).waitFor();
  await admin.waitForFunction(() => !document.querySelector('#composer-input')?.disabled);
  bob = await openPage(browser, server);
  await enterAs(bob, 'bob');
  await whoList(admin).getByText('bob', { exact: true }).waitFor();
});

after(async () => {
  try {
    if (browser) await browser.close();
  } finally {
    if (server) await server.dispose();
    if (site) site.close();
  }
});

test('the JWT operator is signed in and the token left the address bar', async () => {
  assert.ok(!admin.url().includes('jwt='));
  await whoList(bob).getByText('The Admin').waitFor();
  // Guests get no operator tools.
  await bob.getByRole('button', { name: 'Actions for admin' }).click();
  assert.equal(await bob.getByRole('menuitem', { name: /^Kick/ }).count(), 0);
  await bob.getByRole('button', { name: 'Actions for admin' }).click();
});

test('/help from the operator arrives as a readable list', async () => {
  await say(admin, '/help');
  const help = admin.locator('li.notice', { hasText: 'Moderator commands' });
  await help.waitFor();
  assert.ok((await help.locator('ul > li').count()) >= 4);
  await admin.screenshot({ path: screenshotPath('operator-help.png') });
});

test('bob reports a message; the dialog shows the server\'s answer and the site gets the report', async () => {
  await say(admin, 'report me please');
  const msg = bob.locator('li.msg', { has: bob.locator('.msg-body', { hasText: 'report me please' }) });
  await msg.waitFor();
  await msg.hover();
  await msg.getByRole('button', { name: 'Message actions' }).click();
  await msg.getByRole('menuitem', { name: 'Report' }).click();
  const dialog = bob.getByRole('dialog', { name: 'Report admin' });
  await dialog.getByLabel('Reason').selectOption('Spam or advertising');
  await dialog.getByLabel('Comment').fill('just testing');
  await dialog.getByRole('button', { name: 'Send report' }).click();
  await dialog.getByText(/report has been delivered/).waitFor();
  await bob.screenshot({ path: screenshotPath('report-answer.png') });
  await dialog.getByRole('button', { name: 'Close' }).click();
  assert.equal(reports.length, 1);
  assert.equal(reports[0].Action, 'report');
  assert.deepEqual(
    { ...reports[0].Report, Timestamp: undefined },
    { FromUsername: 'bob', AboutUsername: 'admin', Channel: 'lobby', Timestamp: undefined, Reason: 'Spam or advertising', Message: 'report me please', Comment: 'just testing' },
  );
});

test('the operator kicks bob from the who-list menu', async () => {
  await admin.getByRole('button', { name: 'Actions for bob' }).click();
  await admin.getByRole('menuitem', { name: 'Kick bob' }).click();
  await bob.getByText('You are no longer connected to the chat.').waitFor();
  await bob.getByText(/kicked/).first().waitFor();
  await whoList(admin).getByText('bob', { exact: true }).waitFor({ state: 'detached' });
  await admin.getByText(/bob has been kicked/).first().waitFor();
});

test('the operator bans carol from her card, with a duration', async () => {
  const carol = await openPage(browser, server);
  try {
    await enterAs(carol, 'carol');
    await admin.getByRole('button', { name: 'Card of carol' }).click();
    await admin.getByRole('button', { name: 'Ban carol' }).click();
    await admin.getByLabel('Ban duration (hours)').selectOption('3');
    await admin.screenshot({ path: screenshotPath('user-card-ban.png') });
    await admin.getByRole('button', { name: 'Confirm ban' }).click();
    await carol.getByText('You are no longer connected to the chat.').waitFor();
    await carol.getByText(/banned from the chat room for 3 hours/).waitFor();
    await admin.getByText(/carol is banned for 3 hours/).waitFor();
    await whoList(admin).getByText('carol', { exact: true }).waitFor({ state: 'detached' });
    assert.deepEqual(carol.errors, []);
  } finally {
    await carol.context().close();
  }
});

test('no script errors on either page', () => {
  assert.deepEqual(admin.errors, []);
  assert.deepEqual(bob.errors, []);
});
