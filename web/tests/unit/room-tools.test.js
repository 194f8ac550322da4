// The room's operator buttons, reports and picture sharing against a scripted server.
import { beforeEach, describe, expect, it } from 'vitest';
import { readConfig } from '../../src/config.js';
import { ChatSocket } from '../../src/protocol/socket.js';
import { createPrefs } from '../../src/state/prefs.js';
import { createRelations } from '../../src/state/relations.js';
import { createRoom } from '../../src/room.js';
import { FakeWebSocket, manualTimers } from '../fakes/websocket.js';

const config = readConfig({
  PublicChannels: [
    { ID: 'lobby', Name: 'Lobby' },
    { ID: 'offtopic', Name: 'Off Topic', PermitPhotos: true },
  ],
  WebhookURLs: [{ Name: 'report', Enabled: true }],
});

let room;
const ws = () => FakeWebSocket.latest();
const sent = (action) => ws().sent.filter((f) => f.action === action);

function enter(name, { op = false } = {}) {
  room.start(name);
  ws().serverOpen();
  ws().serverSend({ action: 'me', username: name, video: 0 });
  ws().serverSend({ action: 'who', whoList: [{ username: name, op }, { username: 'bob' }, { username: 'root', op: true }] });
}

beforeEach(() => {
  FakeWebSocket.reset();
  room = createRoom({
    config,
    prefs: createPrefs(null),
    relations: createRelations(null, []),
    makeSocket: (handlers) => new ChatSocket({ url: 'ws://t/ws', handlers, WebSocketImpl: FakeWebSocket, timers: manualTimers() }),
    peerOptions: { timers: manualTimers() },
    fetch: async () => ({ ok: false, status: 500, json: async () => ({ OK: false, Error: 'not enabled' }) }),
  });
});

describe('operator buttons', () => {
  it('send the slash command to the open conversation, for operators only', () => {
    enter('alice');
    expect(room.operator('kick', 'bob')).toBe(false);
    expect(sent('message')).toEqual([]);

    FakeWebSocket.reset();
    room.logout();
    enter('admin', { op: true });
    room.openThread('offtopic');
    room.operator('kick', 'bob');
    room.operator('ban', 'bob', 6);
    expect(sent('message')).toEqual([
      { action: 'message', channel: 'offtopic', message: '/kick bob' },
      { action: 'message', channel: 'offtopic', message: '/ban bob 6' },
    ]);
  });
});

describe('reports', () => {
  it('send the report action and resolve with the server answer', async () => {
    enter('alice');
    const answer = room.report({ channel: 'lobby', username: 'bob', message: 'rude', reason: 'Other', comment: 'please look' });
    expect(sent('report')).toHaveLength(1);
    expect(sent('report')[0]).toMatchObject({ channel: 'lobby', username: 'bob', message: 'rude', reason: 'Other', comment: 'please look' });
    ws().serverSend({ action: 'error', username: 'ChatServer', message: 'Something unrelated.' });
    ws().serverSend({ action: 'error', username: 'ChatServer', message: 'Your report has been delivered to the chat moderators. Thank you.' });
    expect(await answer).toMatch(/report has been delivered/);
  });
});

describe('sharing a picture', () => {
  const png = () => new File([new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10])], 'dot.png', { type: 'image/png' });

  it('sends the bytes where the channel permits photos', async () => {
    enter('alice');
    room.openThread('offtopic');
    expect(await room.sharePicture(png())).toBe('');
    expect(sent('file')).toEqual([{ action: 'file', channel: 'offtopic', message: 'dot.png', bytes: [137, 80, 78, 71, 13, 10, 26, 10] }]);
  });

  it('refuses in a channel without PermitPhotos, in a DM without an operator, and over 8 MiB', async () => {
    enter('alice');
    expect(await room.sharePicture(png())).toMatch(/not allowed in this channel/);
    room.openDM('bob');
    expect(await room.sharePicture(png())).toMatch(/operator/);
    room.openDM('root');
    expect(await room.sharePicture(png())).toBe('');
    room.openThread('offtopic');
    const big = { name: 'big.jpg', type: 'image/jpeg', size: 8 * 1024 * 1024 + 1 };
    expect(await room.sharePicture(big)).toMatch(/too large/);
    expect(sent('file').map((f) => f.channel)).toEqual(['@root']);
  });

  it('obeys the noimage rule from a ping', async () => {
    enter('alice');
    room.openThread('offtopic');
    ws().serverSend({ action: 'ping', jwt: 'x', jwtRules: { IsNoImageRule: true } });
    expect(await room.sharePicture(png())).toMatch(/not allowed to share/);
  });
});
