import { describe, expect, it } from 'vitest';
import { createChat } from '../../src/state/chat.js';
import { dmChannel, dmPartner, shouldDropDM, threadKey } from '../../src/state/dm.js';

const CHANNELS = [
  { ID: 'lobby', Name: 'Lobby' },
  { ID: 'offtopic', Name: 'Off Topic' },
];
const msg = (channel, msgID, username = 'bob', message = 'hi') => ({ channel, msgID, username, message });

describe('unread counts', () => {
  it('counts messages in threads I am not looking at', () => {
    const chat = createChat({ channels: CHANNELS });
    expect(chat.state.active).toBe('lobby');
    chat.add(msg('lobby', 1));
    chat.add(msg('offtopic', 2));
    chat.add(msg('offtopic', 3));
    expect(chat.thread('lobby').unread).toBe(0);
    expect(chat.thread('offtopic').unread).toBe(2);
    expect(chat.unreadTotals()).toEqual({ channels: 2, dms: 0 });
  });

  it('opening a thread clears its count', () => {
    const chat = createChat({ channels: CHANNELS });
    chat.add(msg('offtopic', 1));
    chat.open('offtopic');
    expect(chat.thread('offtopic').unread).toBe(0);
    chat.add(msg('lobby', 2));
    expect(chat.thread('lobby').unread).toBe(1);
  });

  it('backlog (echo) is shown but not counted', () => {
    const chat = createChat({ channels: CHANNELS });
    chat.add(msg('offtopic', 1), { count: false });
    expect(chat.thread('offtopic').messages).toHaveLength(1);
    expect(chat.thread('offtopic').unread).toBe(0);
  });

  it('a DM opens a thread named after the partner, counted separately', () => {
    const chat = createChat({ channels: CHANNELS });
    const filed = chat.add(msg('@Carol', 7, 'Carol'));
    expect(filed.counted).toBe(true);
    expect(chat.dmThreads().map((t) => t.name)).toEqual(['Carol']);
    expect(chat.unreadTotals()).toEqual({ channels: 0, dms: 1 });
    // The partner's name may come back in another case: same thread.
    chat.add(msg('@carol', 8, 'Carol'));
    expect(chat.dmThreads()).toHaveLength(1);
    expect(chat.thread('@CAROL').unread).toBe(2);
  });

  it('messages for an unknown public channel are not filed', () => {
    const chat = createChat({ channels: CHANNELS });
    expect(chat.add(msg('nowhere', 1))).toBeNull();
    expect(chat.unreadTotals()).toEqual({ channels: 0, dms: 0 });
  });

  it('a msgID already in the thread is not filed or counted again', () => {
    const chat = createChat({ channels: CHANNELS });
    chat.add(msg('offtopic', 41));
    expect(chat.add(msg('offtopic', 41))).toBeNull();
    expect(chat.thread('offtopic').messages).toHaveLength(1);
    expect(chat.thread('offtopic').unread).toBe(1);
  });

  it('sorts DM threads by latest activity', () => {
    const chat = createChat({ channels: CHANNELS });
    chat.add({ ...msg('@a', 1, 'a'), at: 100 });
    chat.add({ ...msg('@b', 2, 'b'), at: 200 });
    expect(chat.dmThreads().map((t) => t.name)).toEqual(['b', 'a']);
    chat.add({ ...msg('@a', 3, 'a'), at: 300 });
    expect(chat.dmThreads().map((t) => t.name)).toEqual(['a', 'b']);
  });
});

describe('threads', () => {
  it('closing the active DM goes back to the first channel', () => {
    const chat = createChat({ channels: CHANNELS });
    chat.open('@dan');
    expect(chat.activeThread().kind).toBe('dm');
    expect(chat.wireChannel(chat.activeThread())).toBe('@dan');
    chat.closeDM('@dan');
    expect(chat.state.active).toBe('lobby');
    expect(chat.dmThreads()).toHaveLength(0);
    chat.closeDM('lobby'); // channels cannot be closed
    expect(chat.thread('lobby')).toBeTruthy();
  });

  it('takeback removes the message and its reactions wherever it is', () => {
    const chat = createChat({ channels: CHANNELS });
    chat.add(msg('offtopic', 5));
    chat.react(5, '👍', 'alice');
    expect(chat.takeback(5)).toBe(true);
    expect(chat.thread('offtopic').messages).toHaveLength(0);
    expect(chat.state.reactions.has(5)).toBe(false);
    expect(chat.takeback(5)).toBe(false);
  });

  it('notices go to the named channel, or to the open one', () => {
    const chat = createChat({ channels: CHANNELS });
    chat.notice('offtopic', 'welcome');
    chat.notice(null, 'general notice');
    expect(chat.thread('offtopic').messages.map((m) => m.html)).toEqual(['welcome']);
    expect(chat.thread('lobby').messages.map((m) => m.html)).toEqual(['general notice']);
    expect(chat.thread('offtopic').unread).toBe(0);
  });

  it('keeps at most `scrollback` messages per thread', () => {
    const chat = createChat({ channels: CHANNELS, scrollback: 3 });
    for (let i = 1; i <= 5; i++) chat.add(msg('lobby', i));
    expect(chat.thread('lobby').messages.map((m) => m.msgID)).toEqual([3, 4, 5]);
  });
});

describe('DM naming and do-not-disturb', () => {
  it('names DM channels', () => {
    expect(dmChannel('@@bob')).toBe('@bob');
    expect(dmPartner('@bob')).toBe('bob');
    expect(dmPartner('lobby')).toBe('');
    expect(threadKey('@Bob')).toBe('@bob');
    expect(threadKey('Lobby')).toBe('Lobby');
  });

  it('drops only unsolicited DMs from non-operators while DND is on', () => {
    const base = { dnd: true, threadExists: false, fromMe: false, senderIsOp: false };
    expect(shouldDropDM(base)).toBe(true);
    expect(shouldDropDM({ ...base, dnd: false })).toBe(false);
    expect(shouldDropDM({ ...base, threadExists: true })).toBe(false);
    expect(shouldDropDM({ ...base, fromMe: true })).toBe(false);
    expect(shouldDropDM({ ...base, senderIsOp: true })).toBe(false);
  });
});
