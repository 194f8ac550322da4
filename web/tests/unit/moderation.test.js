import { describe, expect, it } from 'vitest';
import { commandArg, operatorActions, operatorCommand, plainText, reportFrame, reportsEnabled } from '../../src/state/moderation.js';
import { VideoFlag } from '../../src/state/video.js';

describe('operator tools', () => {
  const bob = { username: 'bob', video: 0 };
  const live = { username: 'carol', video: VideoFlag.Active };
  const red = { username: 'dave', video: VideoFlag.Active | VideoFlag.NSFW };

  it('are offered to operators only, never about themselves', () => {
    expect(operatorActions({ isOp: false, self: false }, bob)).toEqual([]);
    expect(operatorActions({ isOp: true, self: true }, bob)).toEqual([]);
    expect(operatorActions({ isOp: true, self: false }, null)).toEqual([]);
    expect(operatorActions({ isOp: true, self: false }, bob)).toEqual(['kick', 'ban']);
  });

  it('offer the camera tools while the target broadcasts', () => {
    expect(operatorActions({ isOp: true, self: false }, live)).toEqual(['kick', 'ban', 'nsfw', 'cut']);
    expect(operatorActions({ isOp: true, self: false }, red)).toEqual(['kick', 'ban', 'cut']);
  });

  it('send the commands the server parses', () => {
    expect(operatorCommand('kick', 'bob')).toBe('/kick bob');
    expect(operatorCommand('ban', 'bob', 48)).toBe('/ban bob 48');
    expect(operatorCommand('ban', 'bob', 'nonsense')).toBe('/ban bob 24');
    expect(operatorCommand('ban', 'bob', 0)).toBe('/ban bob 24');
    expect(operatorCommand('nsfw', '@carol')).toBe('/nsfw carol');
    expect(operatorCommand('cut', 'carol')).toBe('/cut carol');
    expect(() => operatorCommand('op', 'x')).toThrow();
  });

  it('quote names with spaces or quotes', () => {
    expect(commandArg('alice 2')).toBe('"alice 2"');
    expect(commandArg('say"hi\\')).toBe('"say\\"hi\\\\"');
    expect(operatorCommand('kick', 'alice 2')).toBe('/kick "alice 2"');
  });
});

describe('reports', () => {
  it('are offered when the report webhook is enabled', () => {
    expect(reportsEnabled([{ Name: 'report', Enabled: true }])).toBe(true);
    expect(reportsEnabled([{ Name: 'report', Enabled: false }, { Name: 'profile', Enabled: true }])).toBe(false);
    expect(reportsEnabled(undefined)).toBe(false);
  });

  it('carry the fields of the report action', () => {
    const f = reportFrame({ channel: 'lobby', username: 'mallory', message: 'buy now', reason: 'Spam or advertising', comment: 'again', at: 0 });
    expect(f).toMatchObject({ action: 'report', channel: 'lobby', username: 'mallory', message: 'buy now', reason: 'Spam or advertising', comment: 'again' });
    expect(typeof f.timestamp).toBe('string');
    expect(reportFrame({ username: 'x', reason: 'Other' }).channel).toBe('n/a');
  });

  it('quote a message as plain text', () => {
    expect(plainText('<p>hi <strong>there</strong> &amp; <a href="x">link</a></p>')).toBe('hi there & link');
    expect(plainText('<img src="data:image/png;base64,AA" onclick="x">')).toBe('[image]');
  });
});
