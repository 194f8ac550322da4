// Sharing a picture (compat §1.6.6): where it is allowed, the client-side size check, and the
// `file` frame with the bytes as a JSON array of integers 0–255.
import { dmChannel } from './dm.js';

export const MAX_UPLOAD_BYTES = 8 * 1024 * 1024;

// Why a picture may not be shared in thread `t`, or '' when it may.
// ctx: { channels (config), rules (JWT rules dict), isOp, partner (who-list entry or null) }
export function uploadRefusal(t, { channels = [], rules = {}, isOp = false, partner = null } = {}) {
  if (rules && rules.IsNoImageRule) return 'You are not allowed to share pictures.';
  if (!t) return 'Open a channel first.';
  if (t.kind === 'dm') {
    if (isOp || (partner && partner.op)) return '';
    return 'Pictures can be shared in direct messages only with a chat operator.';
  }
  const channel = channels.find((c) => c.ID === t.id);
  if (!channel || !channel.PermitPhotos) return 'Pictures are not allowed in this channel.';
  return '';
}

const MiB = 1024 * 1024;
export function formatSize(bytes) {
  if (bytes >= MiB) return `${(bytes / MiB).toFixed(1)} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} bytes`;
}

// Checks a File (or anything with name/size/type) before it is read: '' when acceptable.
export function checkPicture(file, maxBytes = MAX_UPLOAD_BYTES) {
  if (!file) return 'No file was chosen.';
  if (file.type && !file.type.startsWith('image/')) return `${file.name || 'This file'} is not a picture.`;
  if (!file.size) return 'The picture is empty.';
  if (file.size > maxBytes) {
    return `The picture is too large (${formatSize(file.size)}): the limit is ${formatSize(maxBytes)}.`;
  }
  return '';
}

// A name with an extension the original server understands (it picks the type by extension);
// pasted pictures often come without a useful name.
const EXT = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/gif': 'gif', 'image/webp': 'webp' };
export function pictureName(file) {
  const name = file && typeof file.name === 'string' ? file.name.trim() : '';
  if (/\.[a-z0-9]{2,5}$/i.test(name)) return name;
  const ext = EXT[file && file.type] || 'png';
  return (name || 'picture') + '.' + ext;
}

// File/Blob → array of byte values, as the `bytes` field wants them.
export async function pictureBytes(file) {
  const buffer = await file.arrayBuffer();
  return Array.from(new Uint8Array(buffer));
}

export function fileFrame(t, name, bytes) {
  return { action: 'file', channel: t.kind === 'dm' ? dmChannel(t.name) : t.id, message: name, bytes };
}

// The first picture among a paste's or a drop's files, if any.
export function firstPicture(files) {
  for (const f of files ? Array.from(files) : []) if (f && typeof f.type === 'string' && f.type.startsWith('image/')) return f;
  return null;
}
