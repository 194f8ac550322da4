// Direct-message history from the server's database (compat §4.6, docs/dm-history.md):
// older pages of a DM thread and the list of past partners. Only for users with a JWT, and only
// when the page says the server keeps history (config.dmHistory); the first answer confirms it.
import { reactive } from 'vue';
import { parseTimestamp } from '../lib/time.js';

export const PARTNER_SORTS = [
  ['newest', 'Most recent'],
  ['oldest', 'Oldest'],
  ['a-z', 'Name A–Z'],
  ['z-a', 'Name Z–A'],
];

// Merges a page of history (newest first, as the API returns it) into a thread's messages:
// items already there (same msgID) are skipped, the rest go before everything else, oldest
// first. Returns the number added.
export function mergeOlder(messages, page, makeItem) {
  const have = new Set(messages.filter((m) => m.msgID > 0 && m.kind === 'chat').map((m) => m.msgID));
  const fresh = [];
  for (const m of Array.isArray(page) ? page : []) {
    const id = Number(m && m.msgID);
    if (!Number.isFinite(id) || id <= 0 || have.has(id)) continue;
    have.add(id);
    fresh.push(makeItem(m));
  }
  fresh.sort((a, b) => a.msgID - b.msgID);
  messages.unshift(...fresh);
  return fresh.length;
}

// The BeforeID for the next page: the smallest message ID in the thread (0 = from the newest).
export function oldestID(messages) {
  let min = 0;
  for (const m of messages) if (m.kind === 'chat' && m.msgID > 0 && (min === 0 || m.msgID < min)) min = m.msgID;
  return min;
}

export class ApiError extends Error {
  constructor(message, status) {
    super(message);
    this.status = status;
  }
}

// POSTs JSON to a user API; resolves with the answer or throws ApiError with the server's text.
export async function postApi(fetchImpl, path, body) {
  let res;
  try {
    res = await fetchImpl(path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  } catch {
    throw new ApiError('Could not reach the chat server.', 0);
  }
  let data = null;
  try {
    data = await res.json();
  } catch {
    /* not JSON */
  }
  if (!res.ok || !data || data.OK === false) {
    throw new ApiError((data && data.Error) || `The server answered with HTTP status ${res.status}.`, res.status);
  }
  return data;
}

const DISABLED = /not enabled|not initialized|JWT authentication is not available/i;

// deps: { fetch, token() → newest JWT, chat, available (the page says the server keeps history) }
export function createHistory(deps) {
  const fetchImpl = deps.fetch || ((...a) => globalThis.fetch(...a));
  const available = deps.available !== false;
  const state = reactive({
    enabled: available ? null : false, // null: not asked yet; then true / false
    threads: {}, // partner (lower case) -> { remaining, loading, error, done }
    partners: { list: [], page: 1, pages: 0, count: 0, sort: 'newest', loading: false, error: '' },
  });

  const key = (partner) => String(partner).toLowerCase();
  function threadState(partner) {
    const k = key(partner);
    if (!state.threads[k]) state.threads[k] = { remaining: null, loading: false, error: '', done: false };
    return state.threads[k];
  }

  async function call(path, body) {
    const token = deps.token();
    if (!token) throw new ApiError('Direct message history needs you to be signed in from the website.', 400);
    try {
      return await postApi(fetchImpl, path, { JWTToken: token, ...body });
    } catch (err) {
      if (err instanceof ApiError && (err.status === 500 || err.status === 400) && DISABLED.test(err.message)) {
        state.enabled = false;
      }
      throw err;
    }
  }

  async function loadPartners(page = 1, sort = state.partners.sort) {
    const p = state.partners;
    p.loading = true;
    p.error = '';
    try {
      const data = await call('/api/message/usernames', { Sort: sort, Page: page });
      state.enabled = true;
      p.list = Array.isArray(data.Usernames) ? data.Usernames.filter((n) => typeof n === 'string') : [];
      p.page = page;
      p.sort = sort;
      p.pages = Number(data.Pages) || 0;
      p.count = Number(data.Count) || 0;
    } catch (err) {
      p.error = err.message;
    } finally {
      p.loading = false;
    }
  }

  // Loads the page before the oldest message of the DM thread with `partner`.
  async function loadOlder(partner) {
    const ts = threadState(partner);
    if (ts.loading) return 0;
    const thread = deps.chat.ensureDM(partner);
    ts.loading = true;
    ts.error = '';
    try {
      const data = await call('/api/message/history', { Username: partner, BeforeID: oldestID(thread.messages) });
      state.enabled = true;
      const added = mergeOlder(thread.messages, data.Messages, (m) => deps.chat.makeItem({
        kind: 'chat',
        msgID: Number(m.msgID),
        username: typeof m.username === 'string' ? m.username : '',
        message: typeof m.message === 'string' ? m.message : '',
        at: parseTimestamp(m.timestamp),
        history: true,
      }));
      ts.remaining = Number(data.Remaining) || 0;
      ts.done = ts.remaining === 0;
      return added;
    } catch (err) {
      ts.error = err.message;
      return 0;
    } finally {
      ts.loading = false;
    }
  }

  return {
    state,
    threadState,
    loadPartners,
    loadOlder,
    // Asked once after logging in with a JWT: learns whether history is kept.
    probe() {
      if (state.enabled !== null || !available || !deps.token()) return Promise.resolve();
      return loadPartners(1);
    },
    clear() {
      return call('/api/message/clear', {});
    },
  };
}
