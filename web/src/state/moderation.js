// Operator tools (compat §5): the buttons send the same slash commands an operator would type,
// to the current channel, as the original client does.
import { isBroadcasting, isNSFW } from './video.js';

// A username as one word of the server's shell-style command line.
export function commandArg(name) {
  const s = String(name).replace(/^@+/, '');
  return /^[^\s"'\\]+$/.test(s) ? s : '"' + s.replace(/["\\]/g, (c) => '\\' + c) + '"';
}

export const BAN_HOURS = [1, 3, 6, 12, 24, 48, 72, 96, 168, 720];
export const DEFAULT_BAN_HOURS = 24;

export function operatorCommand(kind, name, hours) {
  const who = commandArg(name);
  switch (kind) {
    case 'kick':
      return `/kick ${who}`;
    case 'ban': {
      const h = Math.trunc(Number(hours));
      return `/ban ${who} ${h >= 1 && h <= 8760 ? h : DEFAULT_BAN_HOURS}`;
    }
    case 'nsfw':
      return `/nsfw ${who}`;
    case 'cut':
      return `/cut ${who}`;
    default:
      throw new Error('unknown operator command: ' + kind);
  }
}

// Which operator tools to offer about `target` (a who-list entry): none unless I am an
// operator and it is somebody else; the camera ones only while they broadcast.
export function operatorActions({ isOp, self }, target) {
  if (!isOp || self || !target) return [];
  const out = ['kick', 'ban'];
  if (isBroadcasting(target.video)) {
    if (!isNSFW(target.video)) out.push('nsfw');
    out.push('cut');
  }
  return out;
}

// The report webhook is in use when the page lists it as enabled (compat §2.14).
export function reportsEnabled(webhooks) {
  return (webhooks || []).some((w) => w && w.Name === 'report' && w.Enabled === true);
}

export const REPORT_REASONS = [
  'Spam or advertising',
  'Harassment, hate or threats',
  'Scam, phishing or malware',
  'Illegal content',
  'Sexual content involving a minor',
  'Other',
];

// The `report` frame (compat §1.6.15). `message` is the reported text (plain), if any.
export function reportFrame({ channel, username, message = '', reason, comment = '', at = Date.now() }) {
  return {
    action: 'report',
    channel: channel || 'n/a',
    username,
    timestamp: new Date(at).toString(),
    reason,
    message,
    comment,
  };
}

// Plain text of a message body for a report (the server's HTML without tags).
export function plainText(html) {
  return String(html || '')
    .replace(/<img\b[^>]*>/gi, '[image]')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .trim();
}
