import { describe, expect, it } from 'vitest';
import { reactionChips, toggleReaction } from '../../src/state/reactions.js';

describe('reactions', () => {
  it('a second identical reaction by the same user takes it back', () => {
    const store = new Map();
    toggleReaction(store, 10, '❤️', 'alice');
    toggleReaction(store, 10, '❤️', 'bob');
    expect(reactionChips(store, 10, 'alice')).toEqual([{ emoji: '❤️', names: ['alice', 'bob'], count: 2, mine: true }]);
    toggleReaction(store, 10, '❤️', 'alice');
    expect(reactionChips(store, 10, 'alice')).toEqual([{ emoji: '❤️', names: ['bob'], count: 1, mine: false }]);
    toggleReaction(store, 10, '❤️', 'bob');
    expect(store.has(10)).toBe(false);
  });

  it('keeps emojis in the order first used and ignores empty input', () => {
    const store = new Map();
    toggleReaction(store, 1, '👍', 'a');
    toggleReaction(store, 1, '😂', 'b');
    toggleReaction(store, 1, '', 'c');
    toggleReaction(store, 1, '🔥', '');
    expect(reactionChips(store, 1, 'x').map((c) => c.emoji)).toEqual(['👍', '😂']);
    expect(reactionChips(store, 2, 'x')).toEqual([]);
  });
});
