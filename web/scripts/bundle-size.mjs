#!/usr/bin/env node
// Prints the gzipped size of what the first page load fetches — the scripts, module preloads
// and stylesheets that dist/index.html references, plus the CSS those entry chunks import —
// and fails above the budget. Lazy chunks (settings, emoji picker, …) are listed but not counted.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

// BUNDLE_BUDGET_KB overrides the budget (e.g. to check that the check fails).
const BUDGET = Number(process.env.BUNDLE_BUDGET_KB || 150) * 1024;
const dist = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'dist');
const html = readFileSync(join(dist, 'index.html'), 'utf8');

const firstLoad = new Set();
const attr = /<(?:script|link)\b[^>]*?\b(?:src|href)="([^"]+)"[^>]*>/g;
for (const [tag, url] of html.matchAll(attr)) {
  if (/^(?:[a-z]+:)?\/\//i.test(url)) {
    console.error(`bundle-size: index.html references an external resource: ${url}`);
    process.exit(1);
  }
  const isScript = tag.startsWith('<script');
  const isSheet = /rel="stylesheet"/.test(tag);
  const isPreload = /rel="modulepreload"/.test(tag);
  if ((isScript || isSheet || isPreload) && /\.(?:m?js|css)$/.test(url)) firstLoad.add(url.replace(/^\//, ''));
}

const gz = (file) => gzipSync(readFileSync(join(dist, file)), { level: 9 }).length;
const kb = (n) => (n / 1024).toFixed(1).padStart(7) + ' KB';

let total = 0;
console.log('First load (gzipped):');
for (const file of [...firstLoad].sort()) {
  const size = gz(file);
  total += size;
  console.log(`  ${kb(size)}  ${file}`);
}

const assets = join(dist, 'assets');
const lazy = readdirSync(assets)
  .map((f) => 'assets/' + f)
  .filter((f) => /\.(?:js|css)$/.test(f) && !firstLoad.has(f) && statSync(join(dist, f)).isFile());
if (lazy.length) {
  console.log('Loaded on demand (not counted):');
  for (const file of lazy.sort()) console.log(`  ${kb(gz(file))}  ${file}`);
}

console.log(`Total first load: ${kb(total).trim()} of ${BUDGET / 1024} KB budget`);
if (firstLoad.size === 0) {
  console.error('bundle-size: found no scripts or stylesheets in dist/index.html');
  process.exit(1);
}
if (total > BUDGET) {
  console.error(`bundle-size: first load is over budget by ${((total - BUDGET) / 1024).toFixed(1)} KB`);
  process.exit(1);
}
