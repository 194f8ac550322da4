// The room: wires the socket, the stores, the peer connections and the sounds together, and
// offers the actions the components call. Incoming frames are handled in room-handlers.js.
import { computed, markRaw, reactive } from 'vue';
import { ChatSocket } from './protocol/socket.js';
import { createChat } from './state/chat.js';
import { dmChannel } from './state/dm.js';
import { preLoginSync } from './state/relations.js';
import {
  canOpen,
  describeRefusal,
  isBroadcasting,
  isInvited,
  isNSFW,
  myVideoFlags,
  prefersNonExplicit,
  requiresMutual,
  sameName,
  VideoFlag,
  wantsMutualOpen,
} from './state/video.js';
import { createWhoList } from './state/who.js';
import { rtcConfigurationFrom } from './webrtc/ice.js';
import { PeerManager } from './webrtc/peers.js';
import { stopStream } from './webrtc/media.js';
import { handleFrame } from './room-handlers.js';
import { escapeText } from './lib/html.js';
import { createHistory } from './state/history.js';
import { fileFrame, pictureBytes, pictureName, checkPicture, uploadRefusal } from './state/upload.js';
import { operatorCommand, reportFrame } from './state/moderation.js';


// deps: { config, prefs, relations, sound(event), makeSocket(handlers), peerOptions, isPageHidden }
export function createRoom(deps) {
  const { config, prefs, relations } = deps;
  const sound = deps.sound || (() => {});
  const isPageHidden = deps.isPageHidden || (() => typeof document !== 'undefined' && document.hidden);

  const who = createWhoList();
  const chat = createChat({ channels: config.channels });
  const state = reactive({
    phase: 'login', // login (guest dialog) | connecting (signed-in arrival) | chat
    wantedName: '',
    username: '',
    jwt: config.jwt.token,
    rules: { ...config.jwt.rules },
    loginError: '',
    loggedIn: false,
    everLoggedIn: false,
    kickedOut: false,
    connection: { state: 'idle', retryIn: 0, attempt: 0 },
    status: 'online',
    cam: { live: false, muted: false, nsfw: false, nonExplicit: false, mutual: false, mutualOpen: false, vipOnly: false },
    localStream: null,
    nudged: false,
    turnCredentials: null, // time-limited TURN credentials from the latest ping (ours.md)
  });

  const me = computed(() => who.get(state.username));
  const claims = config.jwt.valid ? config.jwt.claims || {} : {};
  const isOp = computed(() => !!((me.value && me.value.op) || claims.op));
  const isVIP = computed(() => !!((me.value && me.value.vip) || claims.vip));
  const myVideo = computed(() =>
    myVideoFlags({ ...state.cam, nonExplicit: prefs.cam.nonExplicit }, { permitNSFW: config.permitNSFW, isVIP: isVIP.value }),
  );
  const viewer = () => ({
    username: state.username,
    video: myVideo.value,
    op: isOp.value,
    vip: isVIP.value,
    nonExplicit: prefs.cam.nonExplicit,
  });

  const send = (frame) => socket.send(frame);

  const history = createHistory({ fetch: deps.fetch, token: () => state.jwt, chat, available: config.dmHistory });

  // Dialogs waiting for the server's answer (a ChatServer notice), e.g. to a report.
  // [{ test(html) → bool, resolve(html) }]
  const noticeWaiters = [];
  function waitForNotice(test, timeoutMs = 45000) {
    return new Promise((resolve) => {
      const waiter = { test, resolve };
      noticeWaiters.push(waiter);
      setTimeout(() => {
        const at = noticeWaiters.indexOf(waiter);
        if (at >= 0) {
          noticeWaiters.splice(at, 1);
          resolve('');
        }
      }, timeoutMs);
    });
  }
  function serverNotice(html) {
    const at = noticeWaiters.findIndex((w) => w.test(html));
    if (at >= 0) noticeWaiters.splice(at, 1)[0].resolve(html);
  }

  // Cameras I was watching when the connection dropped: the server forgot every pairing, so
  // they are opened again once the broadcaster shows up live in the who-list.
  // name -> { until, muted }
  const feedsToResume = new Map();
  const RESUME_WINDOW_MS = 60000;

  const peers = new PeerManager({
    send,
    rtcConfiguration: () => rtcConfigurationFrom(config.turn, state.turnCredentials),
    localStream: () => state.localStream,
    shouldSendMyTracks: (broadcaster) => {
      const them = who.get(broadcaster);
      if (!them || !state.cam.live || !wantsMutualOpen(them.video)) return false;
      if (relations.muted.has(them.username) || relations.booted.has(them.username)) return false;
      return !(isNSFW(myVideo.value) && prefersNonExplicit(them.video));
    },
    acceptsMutualFeed: (viewerName) =>
      state.cam.live && state.cam.mutualOpen && !relations.muted.has(viewerName) && !relations.booted.has(viewerName),
    events: {
      onWatch: (name) => {
        sound('Watch');
        if (prefs.watchNotif) clientNotice(`<strong>${escapeText(name)}</strong> is now watching your camera.`);
      },
      onUnwatch: (name) => {
        sound('Unwatch');
        if (prefs.watchNotif) clientNotice(`<strong>${escapeText(name)}</strong> stopped watching your camera.`);
      },
      onFeedFailed: (name, why) => {
        clientNotice(
          why === 'timeout'
            ? `Could not connect to the camera of <strong>${escapeText(name)}</strong> (timed out).`
            : `The video connection with <strong>${escapeText(name)}</strong> failed.`,
        );
      },
    },
    ...(deps.peerOptions || {}),
  });

  const socketHandlers = {
    onOpen: () => {
      for (const frame of preLoginSync(relations)) send(frame);
      send({
        action: 'login',
        username: state.username || state.wantedName,
        jwt: state.jwt,
        dnd: prefs.dnd,
        features: ['whoDelta', 'turnCredentials'],
      });
    },
    onMessage: (frame) => handleFrame(room, frame),
    onClose: () => {
      const until = Date.now() + RESUME_WINDOW_MS;
      for (const feed of peers.state.feeds.values()) {
        if (!feed.viaAnswerer) feedsToResume.set(feed.username, { until, muted: feed.audioMuted });
      }
      state.loggedIn = false;
      who.clear();
      peers.closeAll();
    },
    onStatus: (s) => {
      state.connection = { state: s.state, retryIn: s.retryIn || 0, attempt: s.attempt || 0 };
    },
  };
  const socket = deps.makeSocket ? deps.makeSocket(socketHandlers) : new ChatSocket({ handlers: socketHandlers });

  function clientNotice(html, channel = null) {
    return chat.notice(channel, html, 'client', 'ChatClient');
  }

  function sendMe() {
    if (!state.loggedIn) return;
    send({ action: 'me', video: myVideo.value, status: state.status, dnd: prefs.dnd });
  }

  // Feeds that must close after a who-list change or a change of my own camera.
  function reconcileFeeds() {
    for (const feed of [...peers.state.feeds.values()]) {
      const them = who.get(feed.username);
      if (!them) {
        peers.closeFeed(feed.username, { notify: false });
        continue;
      }
      if (feed.viaAnswerer) continue;
      const theirs = them.video;
      const mutualLost = requiresMutual(theirs) && !isBroadcasting(myVideo.value) && !isInvited(theirs) && !isOp.value;
      const explicitUnwanted = isNSFW(theirs) && prefs.cam.nonExplicit;
      if (!isBroadcasting(theirs) || mutualLost || explicitUnwanted) peers.closeFeed(feed.username);
    }
    for (const name of peers.watcherNames()) if (!who.has(name)) peers.forget(name);
    resumeFeeds();
  }

  function resumeFeeds() {
    if (!state.loggedIn || feedsToResume.size === 0) return;
    const now = Date.now();
    for (const [name, { until, muted }] of [...feedsToResume]) {
      const them = who.get(name);
      if (now > until) feedsToResume.delete(name);
      else if (them && canOpen(viewer(), them, relations).ok) {
        feedsToResume.delete(name);
        peers.requestOpen(them.username, { muted });
      }
    }
  }

  const room = {
    config,
    prefs,
    relations,
    state,
    who,
    chat,
    peers,
    socket,
    me,
    isOp,
    isVIP,
    myVideo,
    viewer,
    send,
    sound,
    isPageHidden,
    clientNotice,
    sendMe,
    reconcileFeeds,
    history,
    serverNotice,
    onLoggedIn() {
      if (state.jwt) history.probe();
    },

    // ---- entering and leaving -------------------------------------------------------------
    start(name) {
      state.wantedName = name;
      state.loginError = '';
      if (socket.isOpen && !state.loggedIn) {
        socketHandlers.onOpen();
        return;
      }
      state.kickedOut = false;
      socket.connect();
    },
    reconnectNow() {
      state.kickedOut = false;
      socket.retryNow();
    },
    logout() {
      feedsToResume.clear();
      room.stopBroadcast();
      state.kickedOut = true;
      socket.stop();
    },

    // ---- messages ---------------------------------------------------------------------------
    sendMessage(text) {
      const body = String(text || '').trim();
      const t = chat.activeThread();
      if (!body || !t || !state.loggedIn) return false;
      return send({ action: 'message', channel: chat.wireChannel(t), message: body });
    },
    react(msgID, emoji) {
      if (msgID && emoji) send({ action: 'react', msgID, message: emoji });
    },
    takeback(msgID) {
      if (msgID) send({ action: 'takeback', msgID });
    },
    nudgeNSFW(name) {
      send({ action: 'react', msgID: -451, message: name });
    },
    openThread(channel) {
      chat.open(channel);
    },
    openDM(name) {
      chat.open(dmChannel(name));
    },
    closeDM(channel) {
      chat.closeDM(channel);
    },
    setDnd(on) {
      prefs.dnd = !!on;
      sendMe();
    },
    setStatus(status) {
      state.status = status;
      sendMe();
    },

    // ---- relations --------------------------------------------------------------------------
    mute(name) {
      relations.muted.add(name);
      send({ action: 'mute', username: name });
    },
    unmute(name) {
      if (relations.cachedBlocklist.has(name)) return;
      relations.muted.delete(name);
      send({ action: 'unmute', username: name });
    },
    block(name) {
      relations.blocked.add(name);
      send({ action: 'block', username: name });
      peers.forget(name);
    },
    boot(name) {
      relations.booted.add(name);
      send({ action: 'boot', username: name });
      peers.closeAnswerer(name);
      peers.state.watchers.delete(name.toLowerCase());
    },
    unboot(name) {
      relations.booted.delete(name);
      send({ action: 'unboot', username: name });
    },
    invite(name) {
      relations.invited.add(name);
      send({ action: 'video-invite', usernames: [name] });
    },

    // ---- cameras ----------------------------------------------------------------------------
    openCamera(name) {
      if (state.rules.IsNoVideoRule) {
        clientNotice(config.strings.ModRuleErrorNoVideo || 'You are not allowed to watch webcams.');
        return false;
      }
      const them = who.get(name);
      const verdict = canOpen(viewer(), them, relations);
      if (!verdict.ok) {
        clientNotice(`The camera of <strong>${escapeText(name)}</strong> ${escapeText(describeRefusal(verdict.reason))}.`);
        return false;
      }
      return peers.requestOpen(them.username, { muted: prefs.autoMuteFeeds });
    },
    closeCamera(name) {
      peers.closeFeed(name);
    },
    goLive(stream, options) {
      if (state.rules.IsNoBroadcastRule) {
        stopStream(stream);
        clientNotice(config.strings.ModRuleErrorNoBroadcast || 'You are not allowed to share your webcam.');
        return;
      }
      if (state.localStream && state.localStream !== stream) stopStream(state.localStream);
      state.localStream = markRaw(stream);
      Object.assign(state.cam, {
        live: true,
        muted: !!options.startMuted,
        nsfw: !!options.nsfw && config.permitNSFW,
        mutual: !!options.mutual,
        mutualOpen: !!options.mutualOpen,
      });
      if (state.rules.IsRedCamRule && config.permitNSFW) state.cam.nsfw = true;
      for (const track of stream.getAudioTracks()) track.enabled = !state.cam.muted;
      sendMe();
    },
    stopBroadcast() {
      if (!state.cam.live && !state.localStream) return;
      peers.stopBroadcast();
      stopStream(state.localStream);
      state.localStream = null;
      state.cam.live = false;
      state.cam.muted = false;
      sendMe();
      reconcileFeeds();
    },
    // Another camera or microphone while live: viewers get the new tracks without reconnecting.
    async switchDevices(stream) {
      if (!state.cam.live) {
        stopStream(stream);
        return;
      }
      for (const track of stream.getAudioTracks()) track.enabled = !state.cam.muted;
      await peers.replaceTracks(stream);
      const old = state.localStream;
      state.localStream = markRaw(stream);
      if (old && old !== stream) stopStream(old);
    },
    toggleMic() {
      if (!state.cam.live) return;
      state.cam.muted = !state.cam.muted;
      if (state.localStream) for (const t of state.localStream.getAudioTracks()) t.enabled = !state.cam.muted;
      sendMe();
    },
    setCamOption(key, value) {
      state.cam[key] = value;
      if (['nsfw', 'mutual', 'mutualOpen'].includes(key)) prefs.cam[key] = value;
      sendMe();
      reconcileFeeds();
    },
    setNonExplicit(value) {
      prefs.cam.nonExplicit = !!value;
      sendMe();
      reconcileFeeds();
    },
    // ---- pictures ---------------------------------------------------------------------------
    // Why a picture cannot be shared in thread `t` (default: the open one); '' when it can.
    uploadRefusal(t = chat.activeThread()) {
      return uploadRefusal(t, {
        channels: config.channels,
        rules: state.rules,
        isOp: isOp.value,
        partner: t && t.kind === 'dm' ? who.get(t.name) : null,
      });
    },
    // Checks and sends a picture to thread `t`; resolves with '' or the reason it was refused.
    async sharePicture(file, t = chat.activeThread()) {
      const refusal = room.uploadRefusal(t) || checkPicture(file);
      if (refusal) return refusal;
      if (!state.loggedIn) return 'You are not connected to the chat.';
      const bytes = await pictureBytes(file);
      return send(fileFrame(t, pictureName(file), bytes)) ? '' : 'You are not connected to the chat.';
    },

    // ---- operators and reports ------------------------------------------------------------
    // Sends /kick, /ban, /nsfw or /cut to the open conversation, as if typed.
    operator(kind, name, hours) {
      const t = chat.activeThread();
      if (!isOp.value || !t || !state.loggedIn) return false;
      return send({ action: 'message', channel: chat.wireChannel(t), message: operatorCommand(kind, name, hours) });
    },
    // Sends a report; resolves with the server's answer (HTML) or '' if none came in time.
    report(fields) {
      if (!state.loggedIn || !send(reportFrame(fields))) return Promise.resolve('');
      return waitForNotice((html) => /report/i.test(html));
    },

    isMe(name) {
      return sameName(name, state.username);
    },
  };

  // Flags exported for components that only need the constants.
  room.VideoFlag = VideoFlag;
  return room;
}
