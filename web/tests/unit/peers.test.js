// WebRTC roles as in the original client (compat §1.6.7): the viewer offers, the broadcaster
// answers; signaling payloads are JSON strings; candidates reach the right connection.
import { beforeEach, describe, expect, it } from 'vitest';
import { PeerManager } from '../../src/webrtc/peers.js';
import { FakeMediaStream, FakePeerConnection } from '../fakes/rtc.js';
import { manualTimers } from '../fakes/websocket.js';

let sent;
let timers;
let camera;
let peers;
const flush = () => new Promise((r) => setTimeout(r, 0));
const last = (action) => sent.filter((f) => f.action === action).at(-1);

beforeEach(() => {
  FakePeerConnection.reset();
  sent = [];
  timers = manualTimers();
  camera = null;
  peers = new PeerManager({
    send: (f) => sent.push(f),
    iceServers: () => [{ urls: 'stun:test' }],
    localStream: () => camera,
    RTCPeerConnection: FakePeerConnection,
    MediaStream: FakeMediaStream,
    timers,
  });
});

describe('as the viewer', () => {
  it('asks to open, then offers with receive-only transceivers', async () => {
    expect(peers.requestOpen('Alice')).toBe(true);
    expect(sent).toEqual([{ action: 'open', username: 'Alice' }]);
    expect(peers.requestOpen('alice')).toBe(false); // already opening

    await peers.onOpen('Alice');
    const pc = FakePeerConnection.instances[0];
    expect(pc.config).toEqual({ iceServers: [{ urls: 'stun:test' }] });
    expect(pc.transceivers).toEqual([
      { kind: 'video', direction: 'recvonly' },
      { kind: 'audio', direction: 'recvonly' },
    ]);
    const sdp = last('sdp');
    expect(sdp.username).toBe('Alice');
    expect(typeof sdp.description).toBe('string');
    expect(JSON.parse(sdp.description).type).toBe('offer');
  });

  it('takes the answer, shows the stream and says `watch` once', async () => {
    peers.requestOpen('alice');
    await peers.onOpen('alice');
    const pc = FakePeerConnection.instances[0];
    await peers.onSdp('alice', JSON.stringify({ type: 'answer', sdp: 'a=ice-ufrag:remote1' }));
    expect(pc.remoteDescription.type).toBe('answer');
    pc.fireTrack({ kind: 'video' });
    pc.fireTrack({ kind: 'audio' });
    const feed = peers.state.feeds.get('alice');
    expect(feed.status).toBe('live');
    expect(feed.stream).toBeTruthy();
    expect(sent.filter((f) => f.action === 'watch')).toEqual([{ action: 'watch', username: 'alice' }]);
  });

  it('gives up after the open timeout', async () => {
    const failures = [];
    peers.events.onFeedFailed = (name, why) => failures.push([name, why]);
    peers.requestOpen('alice');
    timers.runAll();
    expect(peers.isWatching('alice')).toBe(false);
    expect(failures).toEqual([['alice', 'timeout']]);
  });

  it('closing a feed closes the connection and sends `unwatch`', async () => {
    peers.requestOpen('alice');
    await peers.onOpen('alice');
    peers.closeFeed('alice');
    expect(FakePeerConnection.instances[0].closed).toBe(true);
    expect(last('unwatch')).toEqual({ action: 'unwatch', username: 'alice' });
  });

  it('an `open` for a feed I already closed is declined with `unwatch`', async () => {
    peers.requestOpen('alice');
    peers.closeFeed('alice');
    await peers.onOpen('alice');
    expect(FakePeerConnection.instances).toHaveLength(0);
    expect(last('unwatch')).toEqual({ action: 'unwatch', username: 'alice' });
  });
});

describe('as the broadcaster', () => {
  it('answers a ring with my camera tracks', async () => {
    camera = new FakeMediaStream([{ kind: 'video' }, { kind: 'audio' }]);
    peers.onRing('bob');
    const pc = FakePeerConnection.instances[0];
    expect(pc.getSenders().map((s) => s.track.kind)).toEqual(['video', 'audio']);
    await peers.onSdp('bob', JSON.stringify({ type: 'offer', sdp: 'a=ice-ufrag:viewer1' }));
    expect(pc.remoteDescription.type).toBe('offer');
    const answer = last('sdp');
    expect(answer.username).toBe('bob');
    expect(JSON.parse(answer.description).type).toBe('answer');
  });

  it('a new camera replaces the tracks every viewer gets', async () => {
    camera = new FakeMediaStream([{ kind: 'video', id: 'v1' }, { kind: 'audio', id: 'a1' }]);
    peers.onRing('bob');
    peers.onRing('carol');
    await peers.replaceTracks(new FakeMediaStream([{ kind: 'audio', id: 'a2' }, { kind: 'video', id: 'v2' }]));
    for (const pc of FakePeerConnection.instances) {
      expect(pc.getSenders().map((s) => s.track.id)).toEqual(['v2', 'a2']);
    }
  });

  it('keeps the watcher list from watch/unwatch and closes the connection on unwatch', async () => {
    const seen = [];
    peers.events.onWatch = (n) => seen.push('+' + n);
    peers.events.onUnwatch = (n) => seen.push('-' + n);
    peers.onRing('bob');
    peers.onWatch('bob');
    peers.onWatch('bob');
    expect(peers.watcherNames()).toEqual(['bob']);
    peers.onUnwatch('bob');
    expect(peers.watcherNames()).toEqual([]);
    expect(FakePeerConnection.instances[0].closed).toBe(true);
    expect(seen).toEqual(['+bob', '-bob']);
  });

  it('stopping the broadcast drops every viewer', () => {
    peers.onRing('bob');
    peers.onRing('carol');
    peers.onWatch('bob');
    peers.stopBroadcast();
    expect(FakePeerConnection.instances.every((pc) => pc.closed)).toBe(true);
    expect(peers.watcherNames()).toEqual([]);
  });
});

describe('ICE candidates', () => {
  it('are sent as JSON strings to the other side', () => {
    peers.onRing('bob');
    FakePeerConnection.instances[0].fireCandidate('candidate:1 1 udp 1 127.0.0.1 5000 typ host');
    const c = last('candidate');
    expect(c.username).toBe('bob');
    expect(typeof c.candidate).toBe('string');
    expect(JSON.parse(c.candidate).candidate).toMatch(/^candidate:1/);
  });

  it('wait for the remote description, then go to the connection whose ufrag they carry', async () => {
    // Bob and I watch each other: two connections with the same person.
    peers.requestOpen('bob');
    await peers.onOpen('bob'); // offerer (I watch Bob)
    peers.onRing('bob'); // answerer (Bob watches me)
    const [offerer, answerer] = FakePeerConnection.instances;

    await peers.onCandidate('bob', JSON.stringify({ candidate: 'c-for-answerer', usernameFragment: 'bobOffer' }));
    expect(answerer.candidates).toEqual([]); // no remote description yet: queued

    await peers.onSdp('bob', JSON.stringify({ type: 'offer', sdp: 'a=ice-ufrag:bobOffer' }));
    await flush();
    expect(answerer.candidates.map((c) => c.candidate)).toEqual(['c-for-answerer']);

    await peers.onSdp('bob', JSON.stringify({ type: 'answer', sdp: 'a=ice-ufrag:bobAnswer' }));
    await peers.onCandidate('bob', JSON.stringify({ candidate: 'c-for-offerer', usernameFragment: 'bobAnswer' }));
    expect(offerer.candidates.map((c) => c.candidate)).toEqual(['c-for-offerer']);
    expect(answerer.candidates).toHaveLength(1);
  });

  it('ignores malformed payloads', async () => {
    await peers.onSdp('bob', 'not json');
    await peers.onSdp('bob', JSON.stringify({ type: 'rollback' }));
    await peers.onCandidate('bob', '{{');
    expect(FakePeerConnection.instances).toHaveLength(0);
    expect(sent).toEqual([]);
  });
});
