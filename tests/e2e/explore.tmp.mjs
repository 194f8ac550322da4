import { TestServer } from './lib/server.mjs';
import { launchBrowser, openPage, enterAs, say, startWebcam } from './lib/browser.mjs';
const server = await new TestServer({ settings: 'Version = 17\nPermitNSFW = true\n[TURN]\nURLs = []\n' }).start();
const browser = await launchBrowser();
try {
  const a = await openPage(browser, server, { colorScheme: 'dark' });
  const b = await openPage(browser, server);
  await enterAs(a, 'alice'); await enterAs(b, 'bob');
  await say(b, 'Hello *world* with a [link](https://example.com) and `code`');
  await startWebcam(b);
  await a.getByRole('button', { name: 'Settings' }).click();
  await a.getByRole('dialog', { name: 'Settings' }).waitFor();
  await a.screenshot({ path: '/tmp/d-settings.png' });
  await a.getByRole('tab', { name: 'Sounds' }).click();
  await a.screenshot({ path: '/tmp/d-sounds.png' });
  await a.getByRole('button', { name: 'Done' }).click();
  await a.getByRole('button', { name: 'Insert emoji' }).click();
  await a.getByRole('dialog', { name: 'Emoji picker' }).waitFor();
  await a.screenshot({ path: '/tmp/d-emoji.png' });
  await b.getByRole('button', { name: 'Start webcam' }).waitFor({state:'detached'});
  await b.getByRole('button', { name: 'Stop webcam' }).click();
  await b.getByRole('button', { name: 'Start webcam' }).click();
  await b.getByRole('button', { name: 'Go live' }).waitFor();
  await b.waitForFunction(() => document.querySelector('video[aria-label="Camera preview"]')?.videoWidth > 0);
  await b.screenshot({ path: '/tmp/d-broadcast.png' });
  console.log(a.errors, b.errors);
} finally { await browser.close(); await server.dispose(); }
