import { describe, expect, it } from 'vitest';
import { createRelations, preLoginSync } from '../../src/state/relations.js';

function memoryStorage() {
  const data = new Map();
  return { getItem: (k) => data.get(k) ?? null, setItem: (k, v) => data.set(k, String(v)) };
}

describe('pre-login sync (compat §1.6.1 step 2)', () => {
  it('sends nothing when there is nothing to re-apply', () => {
    expect(preLoginSync(createRelations(null, []))).toEqual([]);
  });

  it('re-sends blocklist, boots, mutes (not those already blocked by the site) and invites, in that order', () => {
    const rel = createRelations(null, ['spammer']);
    rel.blocked.add('troll');
    rel.booted.add('peeper');
    rel.muted.add('loud');
    rel.muted.add('spammer');
    rel.invited.add('friend');
    expect(preLoginSync(rel)).toEqual([
      { action: 'blocklist', usernames: ['spammer', 'troll'] },
      { action: 'boot', username: 'peeper' },
      { action: 'mute', username: 'loud' },
      { action: 'video-invite', usernames: ['friend'] },
    ]);
  });

  it('remembers relations across a reload of the page (session storage)', () => {
    const storage = memoryStorage();
    const first = createRelations(storage, []);
    first.muted.add('loud');
    first.booted.add('peeper');
    const again = createRelations(storage, []);
    expect([...again.muted]).toEqual(['loud']);
    expect([...again.booted]).toEqual(['peeper']);
  });

  it('survives a broken stored blob', () => {
    const storage = memoryStorage();
    storage.setItem('barertc.relations', '{oops');
    expect(createRelations(storage, []).muted.size).toBe(0);
  });
});
