// Debian's chromium through playwright-core, with fake camera and microphone, and helpers
// that drive the client through its accessible names.
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const artifactsDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'artifacts');

export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--use-fake-device-for-media-stream',
      '--use-fake-ui-for-media-stream',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-gpu',
      '--disable-quic',
    ],
  });
}

// A fresh context (own storage) and page for one user; page errors fail the test later.
export async function openPage(browser, server, { viewport = { width: 1280, height: 800 }, ...options } = {}) {
  const context = await browser.newContext({ viewport, permissions: ['camera', 'microphone'], ...options });
  context.setDefaultTimeout(15000);
  const page = await context.newPage();
  page.errors = [];
  page.on('pageerror', (err) => page.errors.push(String(err)));
  page.on('console', (msg) => {
    if (msg.type() === 'error') page.errors.push('console: ' + msg.text());
  });
  await page.goto(server.url);
  return page;
}

// Guest login; waits until the message field is usable.
export async function enterAs(page, name) {
  await page.getByLabel('Username').fill(name);
  await page.getByRole('button', { name: 'Enter chat' }).click();
  await page.getByRole('textbox', { name: 'Message' }).waitFor();
  await page.waitForFunction(() => !document.querySelector('#composer-input')?.disabled);
}

// A channel or DM thread in the left panel, by the name it shows.
export function threadButton(page, name) {
  const exact = typeof name === 'string' ? new RegExp('^' + name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') + '\\b') : name;
  return page.getByRole('navigation', { name: 'Channels and direct messages' }).getByRole('button', { name: exact });
}

// The unread badge of a thread button, as a number (0 when there is none).
export async function unreadCount(button) {
  const badge = button.locator('.badge');
  if ((await badge.count()) === 0) return 0;
  return Number((await badge.textContent()).replace(/\D/g, ''));
}

export async function say(page, text) {
  const box = page.getByRole('textbox', { name: 'Message' });
  await box.fill(text);
  await page.getByRole('button', { name: 'Send', exact: true }).click();
}

// A message with exactly this text in the open conversation.
export function messageText(page, text) {
  return page.locator('.msg-body', { hasText: text });
}

export async function startWebcam(page, { explicit = false } = {}) {
  await page.getByRole('button', { name: 'Start webcam' }).click();
  const goLive = page.getByRole('button', { name: 'Go live' });
  await goLive.waitFor();
  if (explicit) await page.getByRole('checkbox', { name: /Explicit/ }).check();
  await page.waitForFunction(() => {
    const b = [...document.querySelectorAll('button')].find((x) => x.textContent.trim() === 'Go live');
    return b && !b.disabled;
  });
  await goLive.click();
  await page.getByRole('button', { name: 'Stop webcam' }).waitFor();
}

// The <video> of someone's open feed.
export function feedVideo(page, name) {
  return page.locator(`video[aria-label="Webcam of ${name}"]`);
}

// Resolves once the named remote feed shows moving video.
export async function waitForPlayingFeed(page, name, timeout = 30000) {
  await page.waitForFunction(
    (label) => {
      const v = document.querySelector(`video[aria-label="${label}"]`);
      if (!v || v.videoWidth === 0) return false;
      const first = Number(v.dataset.e2eFirstTime || NaN);
      if (Number.isNaN(first)) {
        v.dataset.e2eFirstTime = String(v.currentTime);
        return false;
      }
      return v.currentTime > first;
    },
    `Webcam of ${name}`,
    { timeout, polling: 200 },
  );
}

export function screenshotPath(name) {
  mkdirSync(artifactsDir, { recursive: true });
  return join(artifactsDir, name);
}
