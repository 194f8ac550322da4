import { describe, expect, it } from 'vitest';
import {
  checkPicture,
  fileFrame,
  firstPicture,
  formatSize,
  MAX_UPLOAD_BYTES,
  pictureBytes,
  pictureName,
  uploadRefusal,
} from '../../src/state/upload.js';

const CHANNELS = [
  { ID: 'lobby', Name: 'Lobby', PermitPhotos: false },
  { ID: 'offtopic', Name: 'Off Topic', PermitPhotos: true },
];
const lobby = { id: 'lobby', kind: 'channel', name: 'Lobby' };
const offtopic = { id: 'offtopic', kind: 'channel', name: 'Off Topic' };
const dmBob = { id: '@bob', kind: 'dm', name: 'bob' };

describe('file → bytes', () => {
  it('turns a Blob into an array of byte values 0–255', async () => {
    const blob = new Blob([new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 255])], { type: 'image/png' });
    expect(await pictureBytes(blob)).toEqual([137, 80, 78, 71, 0, 255]);
  });

  it('builds the file frame for a channel and for a DM', () => {
    expect(fileFrame(offtopic, 'a.png', [1, 2])).toEqual({ action: 'file', channel: 'offtopic', message: 'a.png', bytes: [1, 2] });
    expect(fileFrame(dmBob, 'a.png', [3])).toEqual({ action: 'file', channel: '@bob', message: 'a.png', bytes: [3] });
  });

  it('gives pasted pictures a name with an extension', () => {
    expect(pictureName({ name: 'cat.JPG', type: 'image/jpeg' })).toBe('cat.JPG');
    expect(pictureName({ name: 'image', type: 'image/jpeg' })).toBe('image.jpg');
    expect(pictureName({ name: '', type: 'image/gif' })).toBe('picture.gif');
    expect(pictureName({ name: '', type: '' })).toBe('picture.png');
  });

  it('picks the first picture among dropped files', () => {
    const txt = { name: 'a.txt', type: 'text/plain' };
    const png = { name: 'b.png', type: 'image/png' };
    expect(firstPicture([txt, png])).toBe(png);
    expect(firstPicture([txt])).toBe(null);
    expect(firstPicture(null)).toBe(null);
  });
});

describe('size check', () => {
  it('accepts up to exactly 8 MiB and refuses one byte more', () => {
    expect(MAX_UPLOAD_BYTES).toBe(8 * 1024 * 1024);
    expect(checkPicture({ name: 'a.png', type: 'image/png', size: MAX_UPLOAD_BYTES })).toBe('');
    expect(checkPicture({ name: 'a.png', type: 'image/png', size: MAX_UPLOAD_BYTES + 1 })).toMatch(/too large.*8\.0 MB/);
  });

  it('refuses empty files and files that are not pictures', () => {
    expect(checkPicture({ name: 'a.png', type: 'image/png', size: 0 })).toMatch(/empty/);
    expect(checkPicture({ name: 'a.pdf', type: 'application/pdf', size: 10 })).toMatch(/not a picture/);
    expect(checkPicture(null)).toMatch(/No file/);
  });

  it('formats sizes for people', () => {
    expect(formatSize(512)).toBe('512 bytes');
    expect(formatSize(2048)).toBe('2 KB');
    expect(formatSize(9 * 1024 * 1024)).toBe('9.0 MB');
  });
});

describe('where pictures may be shared', () => {
  it('follows the channel PermitPhotos', () => {
    expect(uploadRefusal(offtopic, { channels: CHANNELS })).toBe('');
    expect(uploadRefusal(lobby, { channels: CHANNELS })).toMatch(/not allowed in this channel/);
    expect(uploadRefusal({ id: 'gone', kind: 'channel' }, { channels: CHANNELS })).not.toBe('');
  });

  it('refuses everywhere under the noimage rule', () => {
    expect(uploadRefusal(offtopic, { channels: CHANNELS, rules: { IsNoImageRule: true } })).toMatch(/not allowed to share/);
    expect(uploadRefusal(dmBob, { channels: CHANNELS, isOp: true, rules: { IsNoImageRule: true } })).not.toBe('');
  });

  it('allows DMs only when one side is an operator', () => {
    expect(uploadRefusal(dmBob, { channels: CHANNELS, partner: { username: 'bob', op: false } })).toMatch(/operator/);
    expect(uploadRefusal(dmBob, { channels: CHANNELS, partner: null })).toMatch(/operator/);
    expect(uploadRefusal(dmBob, { channels: CHANNELS, partner: { username: 'bob', op: true } })).toBe('');
    expect(uploadRefusal(dmBob, { channels: CHANNELS, isOp: true })).toBe('');
  });
});
