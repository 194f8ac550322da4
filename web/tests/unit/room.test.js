// The room against a scripted server: login, rename, who-list updates, unread counts, DND and
// the re-sync after a lost connection.
import { beforeEach, describe, expect, it } from 'vitest';
import { readConfig } from '../../src/config.js';
import { ChatSocket } from '../../src/protocol/socket.js';
import { createPrefs } from '../../src/state/prefs.js';
import { createRelations } from '../../src/state/relations.js';
import { createRoom } from '../../src/room.js';
import { VideoFlag } from '../../src/state/video.js';
import { FakeWebSocket, manualTimers } from '../fakes/websocket.js';

const config = readConfig({
  PublicChannels: [
    { ID: 'lobby', Name: 'Lobby' },
    { ID: 'offtopic', Name: 'Off Topic' },
  ],
});

let timers;
let sounds;
let room;

function makeRoom() {
  timers = manualTimers();
  sounds = [];
  return createRoom({
    config,
    prefs: createPrefs(null),
    relations: createRelations(null, []),
    sound: (event) => sounds.push(event),
    makeSocket: (handlers) =>
      new ChatSocket({ url: 'ws://test/ws', handlers, WebSocketImpl: FakeWebSocket, timers, random: () => 0 }),
    peerOptions: { timers: manualTimers() },
  });
}

const ws = () => FakeWebSocket.latest();
const sent = (action) => ws().sent.filter((f) => f.action === action);

// Connects and logs in as `name`; the server may answer with another name.
function enter(name, given = name) {
  room.start(name);
  ws().serverOpen();
  ws().serverSend({ action: 'me', username: given, video: 0 });
  ws().serverSend({ action: 'who', whoList: [{ username: given }, { username: 'bob' }] });
}

beforeEach(() => {
  FakeWebSocket.reset();
  room = makeRoom();
});

describe('logging in', () => {
  it('asks for our extensions and sends my state after the first me', () => {
    enter('alice');
    expect(sent('login')).toEqual([
      { action: 'login', username: 'alice', jwt: '', dnd: false, features: ['whoDelta', 'turnCredentials'] },
    ]);
    expect(room.state.loggedIn).toBe(true);
    expect(room.state.phase).toBe('chat');
    expect(sent('me')).toEqual([{ action: 'me', video: 0, status: 'online', dnd: false }]);
  });

  it('adopts the name the server gave and says so', () => {
    enter('alice', 'alice 2');
    expect(room.state.username).toBe('alice 2');
    const notes = room.chat.thread('lobby').messages.map((m) => m.html).join(' ');
    expect(notes).toMatch(/alice 2/);
  });

  it('shows a login error while not logged in', () => {
    room.start('bad<name');
    ws().serverOpen();
    ws().serverSend({ action: 'error', username: 'ChatServer', message: 'That name is not allowed.' });
    expect(room.state.loggedIn).toBe(false);
    expect(room.state.loginError).toBe('That name is not allowed.');
  });
});

describe('TURN credentials', () => {
  it('uses the credentials of the latest ping for new peer connections', () => {
    const turnConfig = readConfig({ TURN: { URLs: ['stun:s.example', 'turn:t.example:3478'], RelayOnly: true } });
    room = createRoom({
      config: turnConfig,
      prefs: createPrefs(null),
      relations: createRelations(null, []),
      makeSocket: (handlers) =>
        new ChatSocket({ url: 'ws://test/ws', handlers, WebSocketImpl: FakeWebSocket, timers: manualTimers(), random: () => 0 }),
      peerOptions: { timers: manualTimers() },
    });
    enter('alice');
    expect(room.peers.rtcConfiguration().iceServers[1]).toEqual({ urls: 'turn:t.example:3478' });
    ws().serverSend({ action: 'ping', turn: { username: '1700003600:alice', credential: 'c1', expires: 1700003600 } });
    ws().serverSend({ action: 'ping' }); // a bare keepalive keeps them
    expect(room.peers.rtcConfiguration()).toEqual({
      iceServers: [{ urls: 'stun:s.example' }, { urls: 'turn:t.example:3478', username: '1700003600:alice', credential: 'c1' }],
      iceTransportPolicy: 'relay',
    });
  });
});

describe('who-list', () => {
  it('applies deltas after the first full list', () => {
    enter('alice');
    ws().serverSend({ action: 'who-delta', joined: [{ username: 'carol', video: 1 }], left: ['bob'] });
    expect(room.who.list().map((e) => e.username).sort()).toEqual(['alice', 'carol']);
    expect(room.who.get('carol').video).toBe(1);
  });
});

describe('messages', () => {
  it('counts unread in other channels and for DMs, with sounds for live messages only', () => {
    enter('alice');
    ws().serverSend({ action: 'echo', messages: [{ channel: 'offtopic', username: 'bob', message: 'old', msgID: 1 }] });
    ws().serverSend({ action: 'message', channel: 'offtopic', username: 'bob', message: 'new', msgID: 2 });
    ws().serverSend({ action: 'message', channel: '@bob', username: 'bob', message: 'psst', msgID: 3 });
    expect(room.chat.thread('offtopic').messages).toHaveLength(2);
    expect(room.chat.unreadTotals()).toEqual({ channels: 1, dms: 1 });
    expect(sounds).toEqual(['Chat', 'DM']);
  });

  it('my own messages are not unread and make no sound', () => {
    enter('alice');
    room.chat.open('offtopic');
    ws().serverSend({ action: 'message', channel: 'lobby', username: 'alice', message: 'me', msgID: 4 });
    expect(room.chat.unreadTotals().channels).toBe(0);
    expect(sounds).toEqual([]);
  });

  it('with do-not-disturb on, drops new DM threads except from operators', () => {
    enter('alice');
    room.setDnd(true);
    expect(sent('me').at(-1).dnd).toBe(true);
    ws().serverSend({ action: 'who-delta', joined: [{ username: 'mod', op: true }] });
    ws().serverSend({ action: 'message', channel: '@bob', username: 'bob', message: 'hi', msgID: 5 });
    ws().serverSend({ action: 'message', channel: '@mod', username: 'mod', message: 'hi', msgID: 6 });
    expect(room.chat.dmThreads().map((t) => t.name)).toEqual(['mod']);
  });

  it('sends a message to the open thread, a DM as @partner', () => {
    enter('alice');
    room.sendMessage('  hello  ');
    room.openDM('bob');
    room.sendMessage('hi bob');
    room.sendMessage('   ');
    expect(sent('message')).toEqual([
      { action: 'message', channel: 'lobby', message: 'hello' },
      { action: 'message', channel: '@bob', message: 'hi bob' },
    ]);
  });

  it('a takeback removes the message', () => {
    enter('alice');
    ws().serverSend({ action: 'message', channel: 'lobby', username: 'bob', message: 'x', msgID: 9 });
    ws().serverSend({ action: 'takeback', msgID: 9 });
    expect(room.chat.thread('lobby').messages.some((m) => m.msgID === 9)).toBe(false);
  });
});

describe('losing the connection', () => {
  it('forgets the who-list, redials, re-sends mutes before login, and keeps the given name', () => {
    enter('alice', 'alice 2');
    room.mute('bob');
    room.boot('carol');
    ws().serverClose(1006);
    expect(room.state.loggedIn).toBe(false);
    expect(room.who.size).toBe(0);
    expect(timers.delays()).toEqual([1000]);

    timers.runAll();
    ws().serverOpen();
    expect(ws().sent.map((f) => f.action)).toEqual(['boot', 'mute', 'login']);
    expect(sent('login')[0].username).toBe('alice 2');
    ws().serverSend({ action: 'me', username: 'alice 2' });
    expect(room.state.loggedIn).toBe(true);
    expect(sent('me')).toHaveLength(1);
  });

  it('tells the server my camera is still on and reopens the cameras I watched', () => {
    enter('alice');
    room.state.cam.live = true; // as goLive() would, without a real MediaStream
    ws().serverSend({ action: 'who', whoList: [{ username: 'alice', video: 1 }, { username: 'bob', video: VideoFlag.Active }] });
    expect(room.openCamera('bob')).toBe(true);
    expect(sent('open')).toEqual([{ action: 'open', username: 'bob' }]);

    ws().serverClose(1006);
    expect(room.peers.state.feeds.size).toBe(0);
    timers.runAll();
    ws().serverOpen();
    ws().serverSend({ action: 'me', username: 'alice' });
    expect(sent('me')[0].video & VideoFlag.Active).toBe(VideoFlag.Active);
    // Bob is not back yet: nothing to open.
    ws().serverSend({ action: 'who', whoList: [{ username: 'alice', video: 1 }] });
    expect(sent('open')).toEqual([]);
    ws().serverSend({ action: 'who-delta', joined: [{ username: 'bob', video: VideoFlag.Active }] });
    expect(sent('open')).toEqual([{ action: 'open', username: 'bob' }]);
  });

  it('does not come back after a disconnect action', () => {
    enter('alice');
    ws().serverSend({ action: 'disconnect' });
    expect(room.state.kickedOut).toBe(true);
    expect(timers.size).toBe(0);
    expect(FakeWebSocket.instances).toHaveLength(1);
  });
});
