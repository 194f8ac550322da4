import { describe, expect, it } from 'vitest';
import { defaultPrefs, loadPrefs, mergePrefs, STORAGE_KEY } from '../../src/state/prefs.js';

const storageWith = (text) => ({ getItem: (k) => (k === STORAGE_KEY ? text : null) });

describe('preferences', () => {
  it('fills keys a saved blob lacks with defaults', () => {
    const p = loadPrefs(storageWith(JSON.stringify({ theme: 'dark', sounds: { DM: { volume: 0.2 } } })));
    expect(p.theme).toBe('dark');
    expect(p.sounds.DM).toEqual({ on: true, volume: 0.2 });
    expect(p.sounds.Chat).toEqual(defaultPrefs().sounds.Chat);
  });

  it('ignores values of the wrong type and unknown keys', () => {
    const p = mergePrefs(defaultPrefs(), { theme: 3, dnd: 'yes', bogus: true, recentEmoji: 'x' });
    expect(p.theme).toBe('auto');
    expect(p.dnd).toBe(false);
    expect(p).not.toHaveProperty('bogus');
    expect(p.recentEmoji).toEqual([]);
  });

  it('starts from defaults when the blob is broken or storage is missing', () => {
    expect(loadPrefs(storageWith('{not json'))).toEqual(defaultPrefs());
    expect(loadPrefs(null)).toEqual(defaultPrefs());
  });
});
