// The `video` bitmask of `me` and who-list entries (compat §1.3.1) and the rules the client
// applies before it asks to open a camera (compat §1.6.7, §6.5).

export const VideoFlag = Object.freeze({
  Active: 1,
  NSFW: 2,
  Muted: 4,
  NonExplicit: 8,
  MutualRequired: 16,
  MutualOpen: 32,
  VipOnly: 64,
  Invited: 128,
  NoWatermark: 256,
});

const has = (flags, bit) => ((flags | 0) & bit) !== 0;

export const isBroadcasting = (flags) => has(flags, VideoFlag.Active);
export const isNSFW = (flags) => isBroadcasting(flags) && has(flags, VideoFlag.NSFW);
export const isMicMuted = (flags) => has(flags, VideoFlag.Muted);
export const requiresMutual = (flags) => has(flags, VideoFlag.MutualRequired);
export const wantsMutualOpen = (flags) => has(flags, VideoFlag.MutualOpen);
export const prefersNonExplicit = (flags) => has(flags, VideoFlag.NonExplicit);
export const isInvited = (flags) => has(flags, VideoFlag.Invited);
export const isVipOnly = (flags) => has(flags, VideoFlag.VipOnly);

// My own flags as sent in `me`. Nothing is set while the camera is off, as the original does.
// NSFW needs the room's PermitNSFW, VipOnly needs me to be a VIP.
export function myVideoFlags(cam, { permitNSFW = false, isVIP = false } = {}) {
  if (!cam || !cam.live) return 0;
  let flags = VideoFlag.Active;
  if (cam.nsfw && permitNSFW) flags |= VideoFlag.NSFW;
  if (cam.muted) flags |= VideoFlag.Muted;
  if (cam.nonExplicit) flags |= VideoFlag.NonExplicit;
  if (cam.mutual) flags |= VideoFlag.MutualRequired;
  if (cam.mutualOpen) flags |= VideoFlag.MutualOpen;
  if (cam.vipOnly && isVIP) flags |= VideoFlag.VipOnly;
  if (cam.noWatermark) flags |= VideoFlag.NoWatermark;
  return flags;
}

// May I open the camera of `them` (a who-list entry)? Returns { ok, reason }.
// `me` = { username, video, op, vip, nonExplicit (my preference even while off) };
// `relations` = { muted: Set, booted: Set, blocked: Set } of usernames I muted/booted/blocked.
export function canOpen(me, them, relations = {}) {
  const theirs = them ? them.video | 0 : 0;
  if (!them || !isBroadcasting(theirs)) return { ok: false, reason: 'offline' };
  if (sameName(them.username, me.username)) return { ok: false, reason: 'self' };
  const mine = me.video | 0;
  if (!me.op && inSet(relations.blocked, them.username)) return { ok: false, reason: 'blocked' };
  if (!me.op && (inSet(relations.muted, them.username) || inSet(relations.booted, them.username))) {
    return { ok: false, reason: 'muted' };
  }
  const invited = isInvited(theirs);
  if (requiresMutual(theirs) && !isBroadcasting(mine) && !invited && !me.op) {
    return { ok: false, reason: 'mutual' };
  }
  if (isVipOnly(theirs) && !me.vip && !me.op && !invited) return { ok: false, reason: 'vip' };
  if (isNSFW(theirs) && (me.nonExplicit || prefersNonExplicit(mine))) {
    return { ok: false, reason: 'explicit' };
  }
  if (isNSFW(mine) && prefersNonExplicit(theirs)) return { ok: false, reason: 'theyNonExplicit' };
  return { ok: true, reason: '' };
}

const REASONS = {
  offline: 'is not broadcasting',
  self: 'this is your own camera',
  blocked: 'you blocked this user',
  muted: 'you muted or booted this user',
  mutual: 'requires you to be on camera too',
  vip: 'is for VIP members only',
  explicit: 'is marked Explicit and you prefer non-explicit cameras',
  theyNonExplicit: 'prefers not to be watched by Explicit cameras',
};

export const describeRefusal = (reason) => REASONS[reason] || '';

// How the camera button of a who-list row looks: null when there is nothing to show.
export function cameraButton(me, them, relations, watching = false) {
  const flags = them ? them.video | 0 : 0;
  if (!isBroadcasting(flags)) return null;
  const verdict = canOpen(me, them, relations);
  const classes = [isNSFW(flags) ? 'cam-nsfw' : 'cam-normal'];
  if (isMicMuted(flags)) classes.push('cam-muted');
  if (requiresMutual(flags)) classes.push('cam-mutual');
  if (isInvited(flags)) classes.push('cam-invited');
  if (isVipOnly(flags)) classes.push('cam-vip');
  if (!verdict.ok && verdict.reason !== 'self') classes.push('cam-denied');
  if (watching) classes.push('cam-watching');
  const notes = [];
  if (isNSFW(flags)) notes.push('Explicit');
  if (isMicMuted(flags)) notes.push('microphone muted');
  if (requiresMutual(flags)) notes.push('mutual: viewers must be on camera');
  if (isInvited(flags)) notes.push('you are invited');
  if (!verdict.ok) notes.push(describeRefusal(verdict.reason));
  return { allowed: verdict.ok, reason: verdict.reason, classes, title: notes.join('; ') };
}

export function sameName(a, b) {
  return typeof a === 'string' && typeof b === 'string' && a.toLowerCase() === b.toLowerCase();
}

function inSet(set, name) {
  if (!set || typeof name !== 'string') return false;
  if (set.has(name)) return true;
  const folded = name.toLowerCase();
  for (const item of set) if (item.toLowerCase() === folded) return true;
  return false;
}
