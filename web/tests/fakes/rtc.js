// A minimal RTCPeerConnection stand-in: records what the code asks of it and lets the test fire
// tracks and connection-state changes. SDP texts carry an ICE ufrag so candidate routing works.

let counter = 0;

export class FakePeerConnection {
  static instances = [];

  constructor(config) {
    this.config = config;
    this.ufrag = 'u' + ++counter;
    this.transceivers = [];
    this.senders = [];
    this.localDescription = null;
    this.remoteDescription = null;
    this.candidates = [];
    this.closed = false;
    this.connectionState = 'new';
    FakePeerConnection.instances.push(this);
  }

  addTransceiver(kind, init) {
    this.transceivers.push({ kind, direction: init && init.direction });
  }

  addTrack(track) {
    const sender = {
      track,
      replaceTrack: async (next) => {
        sender.track = next;
      },
    };
    this.senders.push(sender);
    return sender;
  }

  getSenders() {
    return this.senders;
  }

  async createOffer() {
    return { type: 'offer', sdp: `v=0\r\na=ice-ufrag:${this.ufrag}\r\n` };
  }

  async createAnswer() {
    return { type: 'answer', sdp: `v=0\r\na=ice-ufrag:${this.ufrag}\r\n` };
  }

  async setLocalDescription(desc) {
    this.localDescription = desc;
  }

  async setRemoteDescription(desc) {
    this.remoteDescription = desc;
  }

  async addIceCandidate(init) {
    this.candidates.push(init);
  }

  close() {
    this.closed = true;
  }

  // ---- test controls ----
  fireTrack(track = { kind: 'video' }, stream = { id: 's-' + this.ufrag }) {
    this.ontrack && this.ontrack({ track, streams: [stream] });
  }

  fireCandidate(text) {
    const init = { candidate: text, sdpMid: '0', sdpMLineIndex: 0, usernameFragment: this.ufrag };
    this.onicecandidate && this.onicecandidate({ candidate: { ...init, toJSON: () => init } });
  }

  static reset() {
    FakePeerConnection.instances = [];
  }
}

export class FakeMediaStream {
  constructor(tracks = []) {
    this.tracks = [...tracks];
  }
  getTracks() {
    return this.tracks;
  }
  addTrack(t) {
    this.tracks.push(t);
  }
}
