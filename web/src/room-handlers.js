// What the client does with each server→client action (compat §1.4).
import { isDM, shouldDropDM } from './state/dm.js';
import { NSFW_NUDGE_ID } from './state/reactions.js';
import { isNSFW, VideoFlag } from './state/video.js';
import { escapeText } from './lib/html.js';
import { parseTimestamp } from './lib/time.js';
import { mentions } from './lib/mentions.js';
import { turnCredentialsFrom } from './webrtc/ice.js';

const PRESENCE = {
  joined: 'has joined the room!',
  exited: 'has exited the room!',
  kicked: 'has been kicked from the room!',
  banned: 'has been banned!',
  timedOut: 'has timed out!',
};

const str = (v) => (typeof v === 'string' ? v : '');

const handlers = {
  me(room, f) {
    const { state } = room;
    const name = str(f.username);
    const first = !state.loggedIn;
    if (name && name !== state.username) {
      const wanted = state.username || state.wantedName;
      state.username = name;
      if (wanted && wanted !== name) {
        room.clientNotice(`You are in the chat as <strong>${escapeText(name)}</strong> (the name you asked for was taken or not allowed).`);
      }
    }
    if (first) {
      const reconnect = state.everLoggedIn;
      state.loggedIn = true;
      state.everLoggedIn = true;
      state.phase = 'chat';
      state.loginError = '';
      room.prefs.lastUsername = state.wantedName || room.prefs.lastUsername;
      room.sendMe();
      if (reconnect) room.clientNotice('Reconnected to the chat server.');
      room.onLoggedIn();
    }
    // The server marks my camera Explicit (a rule or an operator's /nsfw).
    const video = f.video | 0;
    if (state.cam.live && (video & VideoFlag.NSFW) && !state.cam.nsfw) {
      state.cam.nsfw = true;
      room.clientNotice('Your camera has been marked as Explicit.');
    }
  },

  who(room, f) {
    room.who.applyFull(f.whoList);
    room.reconcileFeeds();
  },

  'who-delta'(room, f) {
    room.who.applyDelta(f);
    room.reconcileFeeds();
  },

  message(room, f) {
    fileMessage(room, f, { live: true });
  },

  echo(room, f) {
    for (const m of Array.isArray(f.messages) ? f.messages : []) {
      fileMessage(room, { ...m, at: parseTimestamp(m.timestamp) }, { live: false });
    }
  },

  error(room, f) {
    const html = str(f.message);
    if (!room.state.loggedIn && room.state.phase !== 'chat') room.state.loginError = html;
    room.chat.notice(str(f.channel) || null, html, 'notice', str(f.username) || 'ChatServer');
    room.serverNotice(html);
  },

  presence(room, f) {
    const name = str(f.username);
    const text = str(f.message);
    const html = `<strong>${escapeText(name)}</strong> ${escapeText(text)}`;
    const self = room.isMe(name);
    const first = room.config.channels[0] && room.config.channels[0].ID;
    const dmThread = room.chat.thread('@' + name);
    if (dmThread) room.chat.notice(dmThread.id, html, 'presence', name);
    if (text.includes(PRESENCE.joined)) {
      if (!self) room.sound('Enter');
      if (room.prefs.joinMessages && first) room.chat.notice(first, html, 'presence', name);
      return;
    }
    const gone = [PRESENCE.exited, PRESENCE.kicked, PRESENCE.banned, PRESENCE.timedOut].some((p) => text.includes(p));
    if (!gone) {
      if (first) room.chat.notice(first, html, 'presence', name);
      return;
    }
    if (!self) room.peers.forget(name);
    if (text.includes(PRESENCE.exited)) {
      if (!self) room.sound('Leave');
      if (room.prefs.exitMessages && first) room.chat.notice(first, html, 'presence', name);
    } else if (first) {
      room.chat.notice(first, html, 'presence', name);
    }
  },

  takeback(room, f) {
    room.chat.takeback(f.msgID);
  },

  react(room, f) {
    if (f.msgID === NSFW_NUDGE_ID) {
      const { cam } = room.state;
      const watchers = room.peers.state.watchers.size;
      if (room.isMe(str(f.message)) && cam.live && !isNSFW(room.myVideo.value) && watchers >= 2 && !room.state.nudged) {
        room.state.nudged = true;
        room.clientNotice('A viewer suggests that your camera should be marked as <strong>Explicit</strong>. Please mark it if your camera shows adult content.');
      }
      return;
    }
    room.chat.react(f.msgID, str(f.message), str(f.username));
  },

  open(room, f) {
    room.peers.onOpen(str(f.username));
  },
  ring(room, f) {
    room.peers.onRing(str(f.username));
  },
  sdp(room, f) {
    room.peers.onSdp(str(f.username), str(f.description));
  },
  candidate(room, f) {
    room.peers.onCandidate(str(f.username), str(f.candidate));
  },
  watch(room, f) {
    room.peers.onWatch(str(f.username));
  },
  unwatch(room, f) {
    room.peers.onUnwatch(str(f.username));
  },

  block(room, f) {
    const name = str(f.username);
    if (!name) return;
    room.relations.cachedBlocklist.add(name);
    room.peers.forget(name);
  },

  cut(room) {
    if (room.state.cam.live) {
      room.stopBroadcast();
      room.clientNotice('Your camera was turned off by the server.');
    }
  },

  ping(room, f) {
    if (typeof f.jwt === 'string' && f.jwt) room.state.jwt = f.jwt;
    const turn = turnCredentialsFrom(f.turn);
    if (turn) room.state.turnCredentials = turn;
    if (f.jwtRules && typeof f.jwtRules === 'object') {
      room.state.rules = { ...f.jwtRules };
      const rules = room.state.rules;
      if ((rules.IsNoBroadcastRule || rules.IsNoVideoRule) && room.state.cam.live) room.stopBroadcast();
      if (rules.IsNoVideoRule) room.peers.closeAll();
      if (rules.IsRedCamRule && room.state.cam.live && !room.state.cam.nsfw && room.config.permitNSFW) {
        room.setCamOption('nsfw', true);
      }
    }
  },

  disconnect(room) {
    room.state.kickedOut = true;
    room.socket.stop();
  },
};

function fileMessage(room, f, { live }) {
  const channel = str(f.channel);
  const from = str(f.username);
  const fromMe = room.isMe(from);
  if (isDM(channel)) {
    const sender = room.who.get(from);
    const drop = shouldDropDM({
      dnd: room.prefs.dnd,
      threadExists: !!room.chat.thread(channel),
      fromMe,
      senderIsOp: !!(sender && sender.op),
    });
    if (drop) return;
  }
  const filed = room.chat.add({ ...f, channel, kind: 'chat' }, { count: live && !fromMe });
  if (!filed || !live || fromMe) return;
  if (isDM(channel)) room.sound('DM');
  else room.sound(mentions(f.message, room.state.username) ? 'Mention' : 'Chat');
}

export function handleFrame(room, frame) {
  const handler = Object.prototype.hasOwnProperty.call(handlers, frame.action) ? handlers[frame.action] : null;
  if (handler) handler(room, frame);
}

export { PRESENCE };
