import { describe, expect, it } from 'vitest';
import { mentions } from '../../src/lib/mentions.js';

describe('mentions', () => {
  it('finds @me in any letter case, also inside markup', () => {
    expect(mentions('<p>hi @Alice!</p>', 'alice')).toBe(true);
    expect(mentions('<p>hi <strong>@alice</strong></p>', 'alice')).toBe(true);
    expect(mentions('<p>@alice 2 look</p>', 'alice 2')).toBe(true);
  });

  it('does not match a longer name, an e-mail address or a plain word', () => {
    expect(mentions('<p>hi @alicia</p>', 'alice')).toBe(false);
    expect(mentions('<p>hi @alice_b</p>', 'alice')).toBe(false);
    expect(mentions('<p>mail bob@alice.example</p>', 'alice')).toBe(false);
    expect(mentions('<p>alice</p>', 'alice')).toBe(false);
  });

  it('@all and @here mention everyone', () => {
    expect(mentions('<p>@here party!</p>', 'alice')).toBe(true);
    expect(mentions('<p>@ALL</p>', '')).toBe(true);
  });

  it('treats regular-expression characters in names literally', () => {
    expect(mentions('<p>@a.b</p>', 'a.b')).toBe(true);
    expect(mentions('<p>@axb</p>', 'a.b')).toBe(false);
  });
});
