import { describe, expect, it } from 'vitest';
import { cameraButton, canOpen, isNSFW, myVideoFlags, VideoFlag } from '../../src/state/video.js';

const live = (extra = 0) => VideoFlag.Active | extra;
const viewer = (over = {}) => ({ username: 'me', video: 0, op: false, vip: false, nonExplicit: false, ...over });
const none = { muted: new Set(), booted: new Set(), blocked: new Set() };

describe('myVideoFlags', () => {
  it('is 0 while the camera is off, whatever the options', () => {
    expect(myVideoFlags({ live: false, nsfw: true, mutual: true })).toBe(0);
  });

  it('sets the bits of the wire format (compat §1.3.1)', () => {
    const flags = myVideoFlags(
      { live: true, nsfw: true, muted: true, nonExplicit: true, mutual: true, mutualOpen: true },
      { permitNSFW: true },
    );
    expect(flags).toBe(1 | 2 | 4 | 8 | 16 | 32);
  });

  it('NSFW needs PermitNSFW, VipOnly needs me to be a VIP', () => {
    expect(myVideoFlags({ live: true, nsfw: true }, { permitNSFW: false })).toBe(VideoFlag.Active);
    expect(myVideoFlags({ live: true, vipOnly: true }, { isVIP: false })).toBe(VideoFlag.Active);
    expect(myVideoFlags({ live: true, vipOnly: true }, { isVIP: true })).toBe(VideoFlag.Active | VideoFlag.VipOnly);
  });

  it('an NSFW bit without Active does not count as explicit', () => {
    expect(isNSFW(VideoFlag.NSFW)).toBe(false);
    expect(isNSFW(live(VideoFlag.NSFW))).toBe(true);
  });
});

describe('canOpen', () => {
  it('allows a plain live camera and refuses an inactive one or my own', () => {
    expect(canOpen(viewer(), { username: 'bob', video: live() }, none)).toEqual({ ok: true, reason: '' });
    expect(canOpen(viewer(), { username: 'bob', video: 0 }, none).reason).toBe('offline');
    expect(canOpen(viewer(), undefined, none).reason).toBe('offline');
    expect(canOpen(viewer({ username: 'Me' }), { username: 'me', video: live() }, none).reason).toBe('self');
  });

  it('mutual-required cameras need mine on, unless invited or operator', () => {
    const them = { username: 'bob', video: live(VideoFlag.MutualRequired) };
    expect(canOpen(viewer(), them, none).reason).toBe('mutual');
    expect(canOpen(viewer({ video: live() }), them, none).ok).toBe(true);
    expect(canOpen(viewer(), { ...them, video: them.video | VideoFlag.Invited }, none).ok).toBe(true);
    expect(canOpen(viewer({ op: true }), them, none).ok).toBe(true);
  });

  it('respects explicit preferences in both directions', () => {
    const red = { username: 'bob', video: live(VideoFlag.NSFW) };
    expect(canOpen(viewer({ nonExplicit: true }), red, none).reason).toBe('explicit');
    const shy = { username: 'bob', video: live(VideoFlag.NonExplicit) };
    expect(canOpen(viewer({ video: live(VideoFlag.NSFW) }), shy, none).reason).toBe('theyNonExplicit');
    expect(canOpen(viewer({ video: live() }), shy, none).ok).toBe(true);
  });

  it('muted, booted and blocked users are refused (case-insensitively) unless I am an operator', () => {
    const bob = { username: 'Bob', video: live() };
    expect(canOpen(viewer(), bob, { ...none, muted: new Set(['bob']) }).reason).toBe('muted');
    expect(canOpen(viewer(), bob, { ...none, booted: new Set(['BOB']) }).reason).toBe('muted');
    expect(canOpen(viewer(), bob, { ...none, blocked: new Set(['Bob']) }).reason).toBe('blocked');
    expect(canOpen(viewer({ op: true }), bob, { ...none, muted: new Set(['bob']) }).ok).toBe(true);
  });

  it('VIP-only cameras are for VIPs, operators and invitees', () => {
    const vipCam = { username: 'bob', video: live(VideoFlag.VipOnly) };
    expect(canOpen(viewer(), vipCam, none).reason).toBe('vip');
    expect(canOpen(viewer({ vip: true }), vipCam, none).ok).toBe(true);
    expect(canOpen(viewer(), { ...vipCam, video: vipCam.video | VideoFlag.Invited }, none).ok).toBe(true);
  });
});

describe('cameraButton', () => {
  it('is absent for someone who is not broadcasting', () => {
    expect(cameraButton(viewer(), { username: 'bob', video: 0 }, none)).toBeNull();
  });

  it('styles normal, explicit, muted and mutual cameras', () => {
    expect(cameraButton(viewer(), { username: 'b', video: live() }, none).classes).toEqual(['cam-normal']);
    const b = cameraButton(
      viewer({ video: live() }),
      { username: 'b', video: live(VideoFlag.NSFW | VideoFlag.Muted | VideoFlag.MutualRequired) },
      none,
    );
    expect(b.classes).toEqual(['cam-nsfw', 'cam-muted', 'cam-mutual']);
    expect(b.allowed).toBe(true);
    expect(b.title).toMatch(/Explicit/);
  });

  it('marks cameras I may not open, and the ones I already watch', () => {
    const b = cameraButton(viewer(), { username: 'b', video: live(VideoFlag.MutualRequired) }, none);
    expect(b.allowed).toBe(false);
    expect(b.classes).toContain('cam-denied');
    expect(b.title).toMatch(/on camera too/);
    expect(cameraButton(viewer(), { username: 'b', video: live() }, none, true).classes).toContain('cam-watching');
  });
});
