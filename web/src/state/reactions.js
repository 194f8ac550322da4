// Emoji reactions (compat §1.6.13): msgID -> emoji -> [usernames]; a second identical reaction
// by the same user removes theirs. Works on plain Maps and on Vue reactive Maps alike.

export const NSFW_NUDGE_ID = -451;

export function toggleReaction(store, msgID, emoji, username) {
  if (!emoji || !username) return;
  let byEmoji = store.get(msgID);
  if (!byEmoji) {
    byEmoji = {};
    store.set(msgID, byEmoji);
    byEmoji = store.get(msgID); // the reactive proxy, when store is reactive
  }
  const who = byEmoji[emoji] || [];
  const at = who.indexOf(username);
  const next = at >= 0 ? who.filter((_, i) => i !== at) : [...who, username];
  if (next.length) byEmoji[emoji] = next;
  else delete byEmoji[emoji];
  if (Object.keys(byEmoji).length === 0) store.delete(msgID);
}

// Chips for one message: [{ emoji, count, names, mine }], in the order emojis were first used.
export function reactionChips(store, msgID, me) {
  const byEmoji = store.get(msgID);
  if (!byEmoji) return [];
  return Object.entries(byEmoji).map(([emoji, names]) => ({
    emoji,
    names,
    count: names.length,
    mine: names.includes(me),
  }));
}
