// Who is online: a full `who` replaces the list; a `who-delta` (ours.md) upserts `joined` and
// `changed` rows by username and removes `left` names.
import { reactive } from 'vue';

const str = (v) => (typeof v === 'string' ? v : '');

// A wire entry with absent fields turned into zero values (compat §1.2 omitempty).
export function normaliseEntry(raw) {
  const e = raw && typeof raw === 'object' ? raw : {};
  return {
    username: str(e.username),
    nickname: str(e.nickname),
    status: str(e.status) || 'online',
    video: Number.isFinite(e.video) ? e.video | 0 : 0,
    dnd: e.dnd === true,
    loginAt: Number.isFinite(e.loginAt) ? e.loginAt : 0,
    op: e.op === true,
    vip: e.vip === true,
    avatar: str(e.avatar),
    profileURL: str(e.profileURL),
    emoji: str(e.emoji),
    gender: str(e.gender),
  };
}

const fold = (name) => name.toLowerCase();

export function createWhoList() {
  // folded username -> entry. Lookups are case-insensitive, as the server's names are.
  const rows = reactive(new Map());

  function upsert(raw) {
    const entry = normaliseEntry(raw);
    if (!entry.username) return;
    rows.set(fold(entry.username), entry);
  }

  return {
    rows,
    applyFull(list) {
      rows.clear();
      for (const raw of Array.isArray(list) ? list : []) upsert(raw);
    },
    applyDelta(delta) {
      const d = delta || {};
      for (const name of Array.isArray(d.left) ? d.left : []) {
        if (typeof name === 'string') rows.delete(fold(name));
      }
      for (const raw of Array.isArray(d.joined) ? d.joined : []) upsert(raw);
      for (const raw of Array.isArray(d.changed) ? d.changed : []) upsert(raw);
    },
    clear() {
      rows.clear();
    },
    get(name) {
      return typeof name === 'string' ? rows.get(fold(name)) : undefined;
    },
    has(name) {
      return typeof name === 'string' && rows.has(fold(name));
    },
    get size() {
      return rows.size;
    },
    list() {
      return [...rows.values()];
    },
  };
}

export const displayName = (entry, fallback = '') =>
  (entry && (entry.nickname || entry.username)) || fallback;

const SORTS = {
  'a-z': (a, b) => a.username.localeCompare(b.username),
  'z-a': (a, b) => b.username.localeCompare(a.username),
  broadcasting: (a, b) => (b.video & 1) - (a.video & 1) || SORTS['a-z'](a, b),
  login: (a, b) => a.loginAt - b.loginAt || SORTS['a-z'](a, b),
  op: (a, b) => Number(b.op) - Number(a.op) || SORTS['a-z'](a, b),
};

export const WHO_SORTS = Object.keys(SORTS);

export function sortWho(list, how = 'a-z') {
  return [...list].sort(SORTS[how] || SORTS['a-z']);
}
