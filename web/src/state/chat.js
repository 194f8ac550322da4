// Public channels, DM threads, their messages and unread counts. Pure state: the caller decides
// what to do with sounds and notifications from what `add` returns.
import { reactive } from 'vue';
import { dmChannel, dmPartner, isDM, threadKey } from './dm.js';
import { toggleReaction } from './reactions.js';

let localIds = 0;

// A message as the threads keep it. `history`: loaded from the DM history database.
export function makeItem(msg) {
  return {
    key: ++localIds,
    kind: msg.kind || 'chat',
    msgID: Number.isFinite(msg.msgID) ? msg.msgID : 0,
    username: typeof msg.username === 'string' ? msg.username : '',
    html: typeof msg.message === 'string' ? msg.message : '',
    at: msg.at || Date.now(),
    history: msg.history === true,
  };
}

export function createChat({ channels = [], scrollback = 1000 } = {}) {
  const state = reactive({
    active: channels.length ? channels[0].ID : '',
    threads: new Map(), // threadKey -> thread
    reactions: new Map(), // msgID -> { emoji: [usernames] }
  });

  for (const c of channels) {
    state.threads.set(c.ID, makeThread(c.ID, 'channel', c.Name, c));
  }

  function makeThread(id, kind, name, channel = null) {
    return { id, kind, name, channel, messages: [], unread: 0, lastActivity: 0 };
  }

  function thread(channel) {
    return state.threads.get(threadKey(channel));
  }

  // Opens (or finds) the DM thread with `username`; returns it.
  function ensureDM(username) {
    const id = threadKey(dmChannel(username));
    let t = state.threads.get(id);
    if (!t) {
      state.threads.set(id, makeThread(id, 'dm', dmPartner(dmChannel(username))));
      t = state.threads.get(id);
    }
    return t;
  }

  function push(t, item) {
    t.messages.push(item);
    if (scrollback > 0 && t.messages.length > scrollback) {
      t.messages.splice(0, t.messages.length - scrollback);
    }
    t.lastActivity = item.at;
  }

  // Files a chat message. `opts.count` = false for backlog (echo) that must not raise unread.
  // Returns { thread, counted, item }, or null when there is no such public channel or the
  // thread already holds this msgID (the echo replayed after a reconnect, a DM to myself).
  function add(msg, { count = true } = {}) {
    const channel = typeof msg.channel === 'string' ? msg.channel : '';
    let t = thread(channel);
    if (!t && isDM(channel)) t = ensureDM(dmPartner(channel));
    if (!t) return null;
    if (msg.msgID > 0 && t.messages.some((m) => m.msgID === msg.msgID && m.kind === 'chat')) return null;
    const item = makeItem(msg);
    push(t, item);
    const counted = count && t.id !== state.active;
    if (counted) t.unread += 1;
    return { thread: t, counted, item };
  }

  // A notice (ChatServer error, client notice, presence) in a channel, or in the active one.
  function notice(channel, html, kind = 'notice', username = 'ChatServer') {
    const t = (channel && thread(channel)) || thread(state.active);
    if (!t) return null;
    const item = { key: ++localIds, kind, msgID: 0, username, html, at: Date.now() };
    push(t, item);
    return item;
  }

  return {
    state,
    thread,
    makeItem,
    ensureDM,
    add,
    notice,
    open(channel) {
      const t = thread(channel) || (isDM(channel) ? ensureDM(dmPartner(channel)) : null);
      if (!t) return null;
      state.active = t.id;
      t.unread = 0;
      return t;
    },
    activeThread() {
      return state.threads.get(state.active);
    },
    // The wire channel for sending to a thread: a channel ID or "@partner".
    wireChannel(t) {
      return t.kind === 'dm' ? dmChannel(t.name) : t.id;
    },
    closeDM(channel) {
      const t = thread(channel);
      if (!t || t.kind !== 'dm') return;
      state.threads.delete(t.id);
      if (state.active === t.id) state.active = channels.length ? channels[0].ID : '';
    },
    clear(channel) {
      const t = thread(channel);
      if (t) t.messages.splice(0);
    },
    takeback(msgID) {
      for (const t of state.threads.values()) {
        const at = t.messages.findIndex((m) => m.msgID === msgID && m.kind === 'chat');
        if (at >= 0) {
          t.messages.splice(at, 1);
          state.reactions.delete(msgID);
          return true;
        }
      }
      return false;
    },
    hide(t, key) {
      const at = t.messages.findIndex((m) => m.key === key);
      if (at >= 0) t.messages.splice(at, 1);
    },
    react(msgID, emoji, username) {
      toggleReaction(state.reactions, msgID, emoji, username);
    },
    // Unread totals for badges: { channels, dms }.
    unreadTotals() {
      let chans = 0;
      let dms = 0;
      for (const t of state.threads.values()) {
        if (t.kind === 'dm') dms += t.unread;
        else chans += t.unread;
      }
      return { channels: chans, dms };
    },
    dmThreads() {
      return [...state.threads.values()]
        .filter((t) => t.kind === 'dm')
        .sort((a, b) => b.lastActivity - a.lastActivity || a.name.localeCompare(b.name));
    },
    channelThreads(visible = () => true) {
      return channels.filter(visible).map((c) => state.threads.get(c.ID));
    },
    resetAll() {
      for (const t of state.threads.values()) t.messages.splice(0);
      state.reactions.clear();
    },
  };
}
