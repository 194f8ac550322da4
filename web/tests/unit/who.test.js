import { describe, expect, it } from 'vitest';
import { createWhoList, displayName, normaliseEntry, sortWho } from '../../src/state/who.js';

const names = (who) => who.list().map((e) => e.username).sort();

describe('normaliseEntry', () => {
  it('turns absent fields into zero values (the server omits them)', () => {
    expect(normaliseEntry({ username: 'bob' })).toEqual({
      username: 'bob',
      nickname: '',
      status: 'online',
      video: 0,
      dnd: false,
      loginAt: 0,
      op: false,
      vip: false,
      avatar: '',
      profileURL: '',
      emoji: '',
      gender: '',
    });
  });

  it('keeps only values of the right type', () => {
    const e = normaliseEntry({ username: 'x', video: '5', op: 'yes', dnd: 1, avatar: 42 });
    expect(e.video).toBe(0);
    expect(e.op).toBe(false);
    expect(e.dnd).toBe(false);
    expect(e.avatar).toBe('');
  });
});

describe('who-list', () => {
  it('a full list replaces everything', () => {
    const who = createWhoList();
    who.applyFull([{ username: 'alice' }, { username: 'bob' }]);
    who.applyFull([{ username: 'carol' }]);
    expect(names(who)).toEqual(['carol']);
  });

  it('an absent whoList means nobody', () => {
    const who = createWhoList();
    who.applyFull([{ username: 'alice' }]);
    who.applyFull(undefined);
    expect(who.size).toBe(0);
  });

  it('a delta adds joined, updates changed and removes left', () => {
    const who = createWhoList();
    who.applyFull([{ username: 'alice', video: 0 }, { username: 'bob' }]);
    who.applyDelta({
      joined: [{ username: 'carol', op: true }],
      changed: [{ username: 'alice', video: 1, status: 'away' }],
      left: ['bob'],
    });
    expect(names(who)).toEqual(['alice', 'carol']);
    expect(who.get('alice').video).toBe(1);
    expect(who.get('alice').status).toBe('away');
    expect(who.get('carol').op).toBe(true);
  });

  it('a changed row replaces the whole entry (fields it omits become zero)', () => {
    const who = createWhoList();
    who.applyFull([{ username: 'alice', video: 3, dnd: true }]);
    who.applyDelta({ changed: [{ username: 'alice', video: 0 }] });
    expect(who.get('alice').dnd).toBe(false);
    expect(who.get('alice').video).toBe(0);
  });

  it('a changed row for someone unknown is an upsert; left of an unknown name is harmless', () => {
    const who = createWhoList();
    who.applyDelta({ changed: [{ username: 'dave' }], left: ['nobody'] });
    expect(names(who)).toEqual(['dave']);
  });

  it('someone who leaves and rejoins in one delta ends up present', () => {
    const who = createWhoList();
    who.applyFull([{ username: 'alice', loginAt: 1 }]);
    who.applyDelta({ left: ['alice'], joined: [{ username: 'alice', loginAt: 2 }] });
    expect(who.get('alice').loginAt).toBe(2);
  });

  it('looks names up case-insensitively, as the server compares them', () => {
    const who = createWhoList();
    who.applyFull([{ username: 'Alice' }]);
    expect(who.has('alice')).toBe(true);
    who.applyDelta({ left: ['ALICE'] });
    expect(who.size).toBe(0);
  });

  it('ignores rows without a username and malformed deltas', () => {
    const who = createWhoList();
    who.applyFull([{ nickname: 'ghost' }, null, 'x', { username: 'ok' }]);
    who.applyDelta({ joined: 'nope', left: [7, null] });
    who.applyDelta(null);
    expect(names(who)).toEqual(['ok']);
  });
});

describe('sorting and names', () => {
  const list = [
    { username: 'bob', video: 0, loginAt: 5, op: false },
    { username: 'alice', video: 1, loginAt: 9, op: false },
    { username: 'carol', video: 1, loginAt: 1, op: true },
  ];
  it('sorts by name, camera, login time and operator', () => {
    expect(sortWho(list, 'a-z').map((e) => e.username)).toEqual(['alice', 'bob', 'carol']);
    expect(sortWho(list, 'z-a').map((e) => e.username)).toEqual(['carol', 'bob', 'alice']);
    expect(sortWho(list, 'broadcasting').map((e) => e.username)).toEqual(['alice', 'carol', 'bob']);
    expect(sortWho(list, 'login').map((e) => e.username)).toEqual(['carol', 'bob', 'alice']);
    expect(sortWho(list, 'op')[0].username).toBe('carol');
    expect(sortWho(list, 'bogus').map((e) => e.username)).toEqual(['alice', 'bob', 'carol']);
  });
  it('shows the nickname when there is one', () => {
    expect(displayName({ username: 'a', nickname: 'Ann' })).toBe('Ann');
    expect(displayName({ username: 'a', nickname: '' })).toBe('a');
    expect(displayName(undefined, 'gone')).toBe('gone');
  });
});
