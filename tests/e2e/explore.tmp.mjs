import { TestServer } from './lib/server.mjs';
import { launchBrowser, openPage } from './lib/browser.mjs';
const server = await new TestServer().start();
const browser = await launchBrowser();
try {
  const p = await openPage(browser, server, { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  await p.getByLabel('Username').fill('pat');
  await p.screenshot({ path: '/tmp/m1.png' });
  const b = p.getByRole('button', { name: 'Enter chat' });
  console.log(await b.count(), await b.boundingBox(), await b.isVisible(), await b.isEnabled());
  console.log(await p.evaluate(() => [innerWidth, innerHeight, document.documentElement.scrollWidth]));
  console.log(await p.evaluate(() => [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > 392).slice(0, 30).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().left) + '-' + Math.round(e.getBoundingClientRect().right))));
} finally { await browser.close(); await server.dispose(); }
