// Whom I muted, booted, blocked or invited this page session (sessionStorage), and the pre-login
// sync the client sends on every connect before `login` (compat §1.6.1 step 2).
import { reactive, watch } from 'vue';

const KEY = 'barertc.relations';
const KINDS = ['muted', 'booted', 'blocked', 'invited'];

export function createRelations(storage, cachedBlocklist = []) {
  let saved = {};
  try {
    saved = JSON.parse((storage && storage.getItem(KEY)) || '{}') || {};
  } catch {
    saved = {};
  }
  const rel = reactive({});
  for (const kind of KINDS) rel[kind] = new Set(Array.isArray(saved[kind]) ? saved[kind] : []);
  rel.cachedBlocklist = new Set(cachedBlocklist);

  watch(
    () => KINDS.map((k) => [...rel[k]]),
    (lists) => {
      try {
        const out = {};
        KINDS.forEach((k, i) => (out[k] = lists[i]));
        storage && storage.setItem(KEY, JSON.stringify(out));
      } catch {
        // not remembered across reloads, still works for this page
      }
    },
    { flush: 'sync' },
  );
  return rel;
}

// The frames to send after the socket opens and before `login`.
export function preLoginSync(rel) {
  const frames = [];
  const blocklist = [...new Set([...rel.cachedBlocklist, ...rel.blocked])];
  if (blocklist.length) frames.push({ action: 'blocklist', usernames: blocklist });
  for (const name of rel.booted) frames.push({ action: 'boot', username: name });
  for (const name of rel.muted) {
    if (!rel.cachedBlocklist.has(name)) frames.push({ action: 'mute', username: name });
  }
  if (rel.invited.size) frames.push({ action: 'video-invite', usernames: [...rel.invited] });
  return frames;
}

const sessionStore = typeof sessionStorage === 'undefined' ? null : sessionStorage;
export { sessionStore };
