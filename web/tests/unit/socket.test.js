import { beforeEach, describe, expect, it } from 'vitest';
import { backoffDelay, ChatSocket, socketURL } from '../../src/protocol/socket.js';
import { FakeWebSocket, manualTimers } from '../fakes/websocket.js';

describe('backoffDelay', () => {
  const noJitter = { random: () => 0 };
  it('doubles from 1 s up to a 15 s cap', () => {
    expect([0, 1, 2, 3, 4, 5, 10].map((n) => backoffDelay(n, noJitter))).toEqual([
      1000, 2000, 4000, 8000, 15000, 15000, 15000,
    ]);
  });

  it('adds at most 20 % jitter and never exceeds the cap', () => {
    expect(backoffDelay(0, { random: () => 1 })).toBe(1200);
    expect(backoffDelay(2, { random: () => 0.5 })).toBe(4400);
    expect(backoffDelay(8, { random: () => 1 })).toBe(15000);
  });

  it('treats a negative attempt as the first', () => {
    expect(backoffDelay(-3, noJitter)).toBe(1000);
  });
});

describe('socketURL', () => {
  it('uses the page host, ws: or wss:', () => {
    expect(socketURL({ protocol: 'http:', host: 'chat.example:9000' })).toBe('ws://chat.example:9000/ws');
    expect(socketURL({ protocol: 'https:', host: 'chat.example' })).toBe('wss://chat.example/ws');
  });
});

describe('ChatSocket', () => {
  let timers;
  let events;
  let socket;

  beforeEach(() => {
    FakeWebSocket.reset();
    timers = manualTimers();
    events = { opened: 0, frames: [], states: [] };
    socket = new ChatSocket({
      url: 'ws://test/ws',
      WebSocketImpl: FakeWebSocket,
      timers,
      random: () => 0,
      handlers: {
        onOpen: () => events.opened++,
        onMessage: (f) => events.frames.push(f),
        onStatus: (s) => events.states.push(s),
      },
    });
  });

  it('delivers parsed frames with an action and skips anything else', () => {
    socket.connect();
    const ws = FakeWebSocket.latest();
    ws.serverOpen();
    ws.serverSend({ action: 'ping' });
    ws.serverSend('not json');
    ws.serverSend({ no: 'action' });
    expect(events.opened).toBe(1);
    expect(events.frames).toEqual([{ action: 'ping' }]);
  });

  it('sends only while open', () => {
    socket.connect();
    expect(socket.send({ action: 'login' })).toBe(false);
    FakeWebSocket.latest().serverOpen();
    expect(socket.send({ action: 'login' })).toBe(true);
    expect(FakeWebSocket.latest().sent).toEqual([{ action: 'login' }]);
  });

  it('redials with growing delays while the server stays away', () => {
    socket.connect();
    FakeWebSocket.latest().serverClose();
    expect(timers.delays()).toEqual([1000]);
    timers.runAll();
    FakeWebSocket.latest().serverClose();
    expect(timers.delays()).toEqual([2000]);
    timers.runAll();
    FakeWebSocket.latest().serverClose();
    expect(timers.delays()).toEqual([4000]);
    expect(FakeWebSocket.instances).toHaveLength(3);
    const waiting = events.states.filter((s) => s.state === 'waiting');
    expect(waiting.map((s) => [s.attempt, s.retryIn])).toEqual([
      [1, 1000],
      [2, 2000],
      [3, 4000],
    ]);
  });

  it('starts the backoff anew once the server has answered', () => {
    socket.connect();
    FakeWebSocket.latest().serverClose();
    timers.runAll();
    FakeWebSocket.latest().serverClose();
    timers.runAll();
    const ws = FakeWebSocket.latest();
    ws.serverOpen();
    ws.serverSend({ action: 'me', username: 'a' });
    ws.serverClose();
    expect(timers.delays()).toEqual([1000]);
  });

  it('does not redial after stop(), and closes with 1000', () => {
    socket.connect();
    const ws = FakeWebSocket.latest();
    ws.serverOpen();
    socket.stop();
    expect(ws.closedWith).toBe(1000);
    expect(timers.size).toBe(0);
    expect(events.states.at(-1).state).toBe('stopped');
  });

  it('retryNow skips the wait', () => {
    socket.connect();
    FakeWebSocket.latest().serverClose();
    expect(timers.size).toBe(1);
    socket.retryNow();
    expect(timers.size).toBe(0);
    expect(FakeWebSocket.instances).toHaveLength(2);
  });

  it('ignores events from a socket it has replaced', () => {
    socket.connect();
    const old = FakeWebSocket.latest();
    old.serverClose();
    timers.runAll();
    const fresh = FakeWebSocket.latest();
    fresh.serverOpen();
    old.serverSend({ action: 'ping' });
    expect(events.frames).toEqual([]);
  });
});
