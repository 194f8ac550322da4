// DM channel naming (compat §1.6.5): a DM is addressed as "@recipient"; the server files it under
// "@other" on both sides, so a thread is named after the partner.

export const isDM = (channel) => typeof channel === 'string' && channel.startsWith('@');
export const dmChannel = (username) => '@' + String(username).replace(/^@+/, '');
export const dmPartner = (channel) => (isDM(channel) ? channel.slice(1) : '');

// Thread keys are case-insensitive for DMs, as the server's usernames are.
export const threadKey = (channel) => (isDM(channel) ? channel.toLowerCase() : channel);

// With "do not disturb" on, a DM that would open a new thread is dropped unless it is my own
// copy of a message I sent or it comes from an operator (compat §1.6.5 notes, §6.3).
export function shouldDropDM({ dnd, threadExists, fromMe, senderIsOp }) {
  return Boolean(dnd) && !threadExists && !fromMe && !senderIsOp;
}
