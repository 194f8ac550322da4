import { describe, expect, it } from 'vitest';
import { createChat } from '../../src/state/chat.js';
import { createHistory, mergeOlder, oldestID, postApi } from '../../src/state/history.js';

const item = (msgID, extra = {}) => ({ key: msgID, kind: 'chat', msgID, username: 'bob', html: 'm' + msgID, at: 0, ...extra });

describe('merging a page of history', () => {
  it('puts older messages first, oldest first, skipping ones already shown', () => {
    const messages = [item(30), item(31)];
    const added = mergeOlder(messages, [{ msgID: 31 }, { msgID: 29 }, { msgID: 28 }, { msgID: 28 }], (m) => item(m.msgID, { history: true }));
    expect(added).toBe(2);
    expect(messages.map((m) => m.msgID)).toEqual([28, 29, 30, 31]);
  });

  it('ignores junk entries', () => {
    const messages = [];
    expect(mergeOlder(messages, [{}, { msgID: 'x' }, { msgID: -1 }, null], (m) => item(m.msgID))).toBe(0);
    expect(mergeOlder(messages, undefined, (m) => item(m.msgID))).toBe(0);
  });

  it('asks for the page before the oldest chat message (notices do not count)', () => {
    expect(oldestID([])).toBe(0);
    expect(oldestID([item(0, { kind: 'notice' }), item(50), item(40), item(45)])).toBe(40);
  });
});

// A fake fetch answering like the server's /api/message/* routes.
function fakeServer(rows, { enabled = true } = {}) {
  const calls = [];
  const fetch = async (path, init) => {
    const body = JSON.parse(init.body);
    calls.push({ path, body });
    const reply = (status, data) => ({ ok: status === 200, status, json: async () => data });
    if (!enabled) return reply(500, { OK: false, Error: 'The direct message history database is not enabled.' });
    if (path === '/api/message/usernames') return reply(200, { OK: true, Usernames: ['bob'], Count: 1, Pages: 1 });
    if (path === '/api/message/history') {
      const before = body.BeforeID > 0 ? body.BeforeID : Infinity;
      const older = rows.filter((r) => r.msgID < before).sort((a, b) => b.msgID - a.msgID);
      const page = older.slice(0, 20);
      return reply(200, { OK: true, Messages: page, Remaining: older.length - page.length });
    }
    return reply(404, { OK: false, Error: 'No such API.' });
  };
  return { fetch, calls };
}

describe('paging through a thread', () => {
  const rows = Array.from({ length: 45 }, (_, i) => ({ username: i % 2 ? 'bob' : 'alice', message: `<p>${i + 1}</p>`, msgID: 1000 + i + 1, timestamp: '2026-01-01T00:00:00Z' }));

  it('loads pages of 20 backwards until nothing remains, without duplicates', async () => {
    const chat = createChat({ channels: [{ ID: 'lobby', Name: 'Lobby' }] });
    // This session already shows the newest message.
    chat.add({ channel: '@bob', msgID: 1045, username: 'bob', message: '<p>45</p>', kind: 'chat' });
    const server = fakeServer(rows);
    const history = createHistory({ fetch: server.fetch, token: () => 'tok', chat });

    expect(await history.loadOlder('bob')).toBe(20);
    expect(server.calls[0]).toEqual({ path: '/api/message/history', body: { JWTToken: 'tok', Username: 'bob', BeforeID: 1045 } });
    expect(history.threadState('bob').remaining).toBe(24);
    await history.loadOlder('bob');
    expect(await history.loadOlder('bob')).toBe(4);
    expect(history.threadState('bob').done).toBe(true);
    const ids = chat.thread('@bob').messages.map((m) => m.msgID);
    expect(ids).toEqual(rows.map((r) => r.msgID));
    expect(chat.thread('@bob').messages[0]).toMatchObject({ history: true, username: 'alice', html: '<p>1</p>' });
    expect(history.state.enabled).toBe(true);
  });

  it('learns that history is off from the server and keeps the error', async () => {
    const chat = createChat({ channels: [] });
    const history = createHistory({ fetch: fakeServer([], { enabled: false }).fetch, token: () => 'tok', chat });
    await history.probe();
    expect(history.state.enabled).toBe(false);
    expect(history.state.partners.error).toMatch(/not enabled/);
  });

  it('probes once, only with a token, and lists partners', async () => {
    const chat = createChat({ channels: [] });
    const server = fakeServer([]);
    let token = '';
    const history = createHistory({ fetch: server.fetch, token: () => token, chat });
    await history.probe();
    expect(server.calls).toEqual([]);
    token = 'newest';
    await history.probe();
    await history.probe();
    expect(server.calls).toEqual([{ path: '/api/message/usernames', body: { JWTToken: 'newest', Sort: 'newest', Page: 1 } }]);
    expect(history.state.partners).toMatchObject({ list: ['bob'], pages: 1, count: 1 });
  });
});

describe('postApi', () => {
  it('reports network failures and non-JSON answers', async () => {
    await expect(postApi(async () => { throw new Error('down'); }, '/x', {})).rejects.toThrow(/reach/);
    await expect(postApi(async () => ({ ok: false, status: 502, json: async () => { throw new Error(); } }), '/x', {})).rejects.toThrow(/502/);
  });
});

describe('whether to offer history', () => {
  it('never asks the server when the page says history is off', async () => {
    const server = fakeServer([]);
    const history = createHistory({ fetch: server.fetch, token: () => 'tok', chat: createChat({ channels: [] }), available: false });
    await history.probe();
    expect(server.calls).toEqual([]);
    expect(history.state.enabled).toBe(false);
  });
});
