// WebRTC peer connections in the original's roles (compat §1.6.7), so that we interoperate with
// its client: the viewer who opens a camera is the offerer, the broadcaster answers.
//
// With one person we may hold two connections at once: an "offerer" (I watch them) and an
// "answerer" (they watch me). Offers go to the answerer and answers to the offerer; ICE
// candidates are routed by their username fragment, and queued until the connection they belong
// to has its remote description.
import { markRaw, reactive } from 'vue';
import { candidateUfrag, sdpUfrag } from './ice.js';

const fold = (name) => String(name).toLowerCase();
const OPEN_TIMEOUT_MS = 10000;

export class PeerManager {
  // send(frame); rtcConfiguration() -> RTCConfiguration (or just iceServers() -> [...]);
  // localStream() -> MediaStream|null;
  // shouldSendMyTracks(broadcaster) -> bool (mutual auto-open, compat §1.6.7 step 3);
  // acceptsMutualFeed(viewer) -> bool (my MutualOpen is on, step 7);
  // events: onWatch(name), onUnwatch(name), onFeedFailed(name, why), onFeedLive(name).
  constructor(opts) {
    this.send = opts.send;
    const iceServers = opts.iceServers || (() => []);
    this.rtcConfiguration = opts.rtcConfiguration || (() => ({ iceServers: iceServers() }));
    this.localStream = opts.localStream || (() => null);
    this.shouldSendMyTracks = opts.shouldSendMyTracks || (() => false);
    this.acceptsMutualFeed = opts.acceptsMutualFeed || (() => false);
    this.events = opts.events || {};
    this.PC = opts.RTCPeerConnection || globalThis.RTCPeerConnection;
    this.MediaStream = opts.MediaStream || globalThis.MediaStream;
    this.timers = opts.timers || { setTimeout: (f, ms) => setTimeout(f, ms), clearTimeout: (t) => clearTimeout(t) };
    this.openTimeoutMs = opts.openTimeoutMs || OPEN_TIMEOUT_MS;

    this.offerers = new Map(); // folded broadcaster -> link
    this.answerers = new Map(); // folded viewer -> link
    this.pending = new Map(); // folded peer -> [RTCIceCandidateInit]
    this.state = reactive({
      feeds: new Map(), // folded name -> feed shown in the grid
      watchers: new Map(), // folded viewer -> display name
    });
  }

  // ---- viewer side -------------------------------------------------------------------------

  // Ask the server to open `name`'s camera; the client-side gates have been passed already.
  requestOpen(name, { muted = false } = {}) {
    const key = fold(name);
    const existing = this.state.feeds.get(key);
    if (existing && existing.status !== 'failed') return false;
    this.state.feeds.set(key, {
      username: name,
      status: 'opening',
      stream: null,
      audioMuted: muted,
      enlarged: false,
      viaAnswerer: false,
    });
    this.armOpenTimeout(key);
    this.send({ action: 'open', username: name });
    return true;
  }

  armOpenTimeout(key) {
    const feed = this.state.feeds.get(key);
    if (!feed) return;
    const timer = this.timers.setTimeout(() => {
      const f = this.state.feeds.get(key);
      if (f && f.status !== 'live') {
        const name = f.username;
        this.closeFeed(name);
        this.events.onFeedFailed && this.events.onFeedFailed(name, 'timeout');
      }
    }, this.openTimeoutMs);
    feed.timer = markRaw({ id: timer });
  }

  // S→C `open {username: broadcaster}`: start the offerer.
  async onOpen(name) {
    const key = fold(name);
    if (!this.state.feeds.has(key)) {
      // I closed the feed before the server answered: let the broadcaster drop its side.
      this.send({ action: 'unwatch', username: name });
      return;
    }
    this.closeLink(this.offerers, key);
    const feed = this.state.feeds.get(key);
    feed.status = 'connecting';

    const pc = new this.PC(this.rtcConfiguration());
    const link = { pc, name, remoteUfrag: '', sentWatch: false };
    this.offerers.set(key, link);
    this.wireCommon(link, key);

    const mine = this.localStream();
    if (mine && this.shouldSendMyTracks(name)) {
      for (const track of mine.getTracks()) pc.addTrack(track, mine);
    } else {
      pc.addTransceiver('video', { direction: 'recvonly' });
      pc.addTransceiver('audio', { direction: 'recvonly' });
    }

    pc.ontrack = (event) => {
      if (this.offerers.get(key) !== link) return;
      const f = this.state.feeds.get(key);
      if (!f) return;
      this.attachTrack(f, event);
      if (f.status !== 'live') {
        f.status = 'live';
        this.clearFeedTimer(f);
        this.events.onFeedLive && this.events.onFeedLive(f.username);
      }
      if (!link.sentWatch) {
        link.sentWatch = true;
        this.send({ action: 'watch', username: name });
      }
    };
    pc.onconnectionstatechange = () => {
      if (this.offerers.get(key) !== link) return;
      if (pc.connectionState === 'failed') {
        this.closeFeed(name);
        this.events.onFeedFailed && this.events.onFeedFailed(name, 'failed');
      }
    };

    try {
      const offer = await pc.createOffer();
      await pc.setLocalDescription(offer);
      if (this.offerers.get(key) !== link) return;
      this.send({ action: 'sdp', username: name, description: JSON.stringify(pc.localDescription) });
    } catch (err) {
      this.closeFeed(name);
      this.events.onFeedFailed && this.events.onFeedFailed(name, String(err && err.message));
    }
  }

  attachTrack(feed, event) {
    const stream = event.streams && event.streams[0];
    if (stream) {
      if (feed.stream !== stream) feed.stream = markRaw(stream);
      return;
    }
    if (!feed.stream) feed.stream = markRaw(new this.MediaStream());
    if (!feed.stream.getTracks().includes(event.track)) feed.stream.addTrack(event.track);
  }

  clearFeedTimer(feed) {
    if (feed && feed.timer) {
      this.timers.clearTimeout(feed.timer.id);
      feed.timer = null;
    }
  }

  // Close the feed of `name` (X button, they stopped, they left). Tells them unless `notify`
  // is false (e.g. they are gone anyway).
  closeFeed(name, { notify = true } = {}) {
    const key = fold(name);
    const feed = this.state.feeds.get(key);
    if (feed) {
      this.clearFeedTimer(feed);
      this.state.feeds.delete(key);
    }
    const hadOfferer = this.offerers.has(key);
    this.closeLink(this.offerers, key);
    if (notify && (hadOfferer || (feed && feed.viaAnswerer))) {
      this.send({ action: 'unwatch', username: feed ? feed.username : name });
    }
  }

  // ---- broadcaster side --------------------------------------------------------------------

  // S→C `ring {username: viewer}`: prepare the answerer with my camera's tracks.
  onRing(name) {
    this.makeAnswerer(name);
  }

  makeAnswerer(name) {
    const key = fold(name);
    this.closeLink(this.answerers, key);
    const pc = new this.PC(this.rtcConfiguration());
    const link = { pc, name, remoteUfrag: '' };
    this.answerers.set(key, link);
    this.wireCommon(link, key);
    const mine = this.localStream();
    if (mine) for (const track of mine.getTracks()) pc.addTrack(track, mine);

    // The viewer sent its own camera too (mutual auto-open): show it if I want that.
    pc.ontrack = (event) => {
      if (this.answerers.get(key) !== link || !this.acceptsMutualFeed(name)) return;
      let feed = this.state.feeds.get(key);
      if (feed && !feed.viaAnswerer) return; // already watching them on our own connection
      if (!feed) {
        this.state.feeds.set(key, {
          username: name,
          status: 'live',
          stream: null,
          audioMuted: false,
          enlarged: false,
          viaAnswerer: true,
        });
        feed = this.state.feeds.get(key);
        this.send({ action: 'watch', username: name });
        this.events.onFeedLive && this.events.onFeedLive(name);
      }
      this.attachTrack(feed, event);
    };
    pc.onconnectionstatechange = () => {
      if (this.answerers.get(key) === link && pc.connectionState === 'failed') {
        this.closeAnswerer(name);
      }
    };
    return link;
  }

  closeAnswerer(name) {
    const key = fold(name);
    this.closeLink(this.answerers, key);
    const feed = this.state.feeds.get(key);
    if (feed && feed.viaAnswerer) this.state.feeds.delete(key);
  }

  // S→C `watch {username: viewer}` / `unwatch`.
  onWatch(name) {
    const key = fold(name);
    const isNew = !this.state.watchers.has(key);
    this.state.watchers.set(key, name);
    if (isNew && this.events.onWatch) this.events.onWatch(name);
  }

  onUnwatch(name) {
    const key = fold(name);
    const was = this.state.watchers.delete(key);
    this.closeAnswerer(name);
    if (was && this.events.onUnwatch) this.events.onUnwatch(name);
  }

  // My camera went off: every viewer's connection ends.
  stopBroadcast() {
    for (const key of [...this.answerers.keys()]) this.closeAnswerer(this.answerers.get(key).name);
    this.state.watchers.clear();
  }

  // The camera changed (e.g. another device): swap the tracks every viewer gets.
  async replaceTracks(stream) {
    const tracks = stream ? stream.getTracks() : [];
    const jobs = [];
    for (const link of this.answerers.values()) {
      for (const sender of link.pc.getSenders()) {
        const next = tracks.find((t) => sender.track && t.kind === sender.track.kind);
        if (next) jobs.push(sender.replaceTrack(next).catch(() => {}));
      }
    }
    await Promise.all(jobs);
  }

  // ---- both sides --------------------------------------------------------------------------

  wireCommon(link, key) {
    const { pc, name } = link;
    pc.onicecandidate = (event) => {
      if (!event.candidate) return;
      this.send({ action: 'candidate', username: name, candidate: JSON.stringify(event.candidate) });
    };
    void key;
  }

  // S→C `sdp {username: other, description}`.
  async onSdp(name, description) {
    let desc;
    try {
      desc = JSON.parse(description);
    } catch {
      return;
    }
    if (!desc || (desc.type !== 'offer' && desc.type !== 'answer')) return;
    const key = fold(name);
    if (desc.type === 'answer') {
      const link = this.offerers.get(key);
      if (!link) return; // the feed was closed meanwhile
      try {
        await link.pc.setRemoteDescription(desc);
        link.remoteUfrag = sdpUfrag(desc.sdp);
        await this.drainCandidates(key, link);
      } catch (err) {
        this.closeFeed(link.name);
        this.events.onFeedFailed && this.events.onFeedFailed(link.name, String(err && err.message));
      }
      return;
    }
    const link = this.answerers.get(key) || this.makeAnswerer(name);
    try {
      await link.pc.setRemoteDescription(desc);
      link.remoteUfrag = sdpUfrag(desc.sdp);
      await this.drainCandidates(key, link);
      const answer = await link.pc.createAnswer();
      await link.pc.setLocalDescription(answer);
      if (this.answerers.get(key) !== link) return;
      this.send({ action: 'sdp', username: name, description: JSON.stringify(link.pc.localDescription) });
    } catch {
      this.closeAnswerer(name);
    }
  }

  // S→C `candidate {username: other, candidate}`.
  async onCandidate(name, text) {
    let init;
    try {
      init = JSON.parse(text);
    } catch {
      return;
    }
    if (!init || typeof init !== 'object') return;
    const key = fold(name);
    const ufrag = candidateUfrag(init);
    const ready = [this.offerers.get(key), this.answerers.get(key)].filter(
      (l) => l && l.pc.remoteDescription && l.remoteUfrag,
    );
    const target = ufrag
      ? ready.find((l) => l.remoteUfrag === ufrag)
      : ready.length === 1 && !this.hasWaitingLink(key)
        ? ready[0]
        : null;
    if (target) {
      await target.pc.addIceCandidate(init).catch(() => {});
      return;
    }
    if (!this.pending.has(key)) this.pending.set(key, []);
    const queue = this.pending.get(key);
    queue.push(init);
    if (queue.length > 200) queue.shift(); // bounded: a peer that never answers
  }

  // A link exists that has no remote description yet (so it may own an unlabelled candidate).
  hasWaitingLink(key) {
    return [this.offerers.get(key), this.answerers.get(key)].some((l) => l && !l.remoteUfrag);
  }

  async drainCandidates(key, link) {
    const queue = this.pending.get(key);
    if (!queue || !queue.length) return;
    const mine = [];
    const rest = [];
    for (const init of queue) {
      const ufrag = candidateUfrag(init);
      if (ufrag ? ufrag === link.remoteUfrag : true) mine.push(init);
      else rest.push(init);
    }
    if (rest.length) this.pending.set(key, rest);
    else this.pending.delete(key);
    for (const init of mine) await link.pc.addIceCandidate(init).catch(() => {});
  }

  closeLink(map, key) {
    const link = map.get(key);
    if (!link) return;
    map.delete(key);
    link.pc.ontrack = null;
    link.pc.onicecandidate = null;
    link.pc.onconnectionstatechange = null;
    try {
      link.pc.close();
    } catch {
      // already closed
    }
    if (!this.offerers.has(key) && !this.answerers.has(key)) this.pending.delete(key);
  }

  // `name` left the room (or was blocked): drop everything we have with them.
  forget(name) {
    const key = fold(name);
    this.closeFeed(name, { notify: false });
    this.closeAnswerer(name);
    this.state.watchers.delete(key);
    this.pending.delete(key);
  }

  // The socket went away: the server forgot every pairing, so every connection ends.
  closeAll() {
    for (const feed of [...this.state.feeds.values()]) this.closeFeed(feed.username, { notify: false });
    for (const link of [...this.answerers.values()]) this.closeAnswerer(link.name);
    this.state.watchers.clear();
    this.pending.clear();
  }

  watcherNames() {
    return [...this.state.watchers.values()];
  }

  isWatching(name) {
    return this.state.feeds.has(fold(name));
  }
}
