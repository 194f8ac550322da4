import { describe, expect, it } from 'vitest';
import { autoLoginName, readConfig } from '../../src/config.js';
import { iceServersFrom, rtcConfigurationFrom, turnCredentialsFrom } from '../../src/webrtc/ice.js';
import { resolveSiteURL } from '../../src/lib/urls.js';

describe('page globals', () => {
  it('reads channels, the first being the default, and falls back when there are none', () => {
    const c = readConfig({ PublicChannels: [{ ID: 'a', Name: 'A' }, { ID: 'b' }, { Name: 'no id' }] });
    expect(c.channels.map((ch) => [ch.ID, ch.Name])).toEqual([
      ['a', 'A'],
      ['b', 'b'],
    ]);
    expect(readConfig({}).channels.map((ch) => ch.ID)).toEqual(['lobby']);
  });

  it('signs in automatically only with a valid token that names a user', () => {
    expect(autoLoginName(readConfig({ UserJWTValid: true, UserJWTClaims: { sub: 'alice' } }))).toBe('alice');
    expect(autoLoginName(readConfig({ UserJWTValid: false, UserJWTClaims: { sub: 'alice' } }))).toBe('');
    expect(autoLoginName(readConfig({ UserJWTValid: true, UserJWTClaims: {} }))).toBe('');
  });
});

describe('ICE servers from the TURN global', () => {
  it('makes one entry per URL, with credentials on turn: and turns: only', () => {
    const servers = iceServersFrom({
      URLs: ['stun:stun.example:3478', 'turn:turn.example:3478', 'turns:turn.example:5349', ''],
      Username: 'u',
      Credential: 'p',
    });
    expect(servers).toEqual([
      { urls: 'stun:stun.example:3478' },
      { urls: 'turn:turn.example:3478', username: 'u', credential: 'p' },
      { urls: 'turns:turn.example:5349', username: 'u', credential: 'p' },
    ]);
    expect(iceServersFrom({ URLs: [] })).toEqual([]);
    expect(iceServersFrom(undefined)).toEqual([]);
  });
});

describe('site URLs', () => {
  it('resolves site-relative avatars against WebsiteURL and refuses other schemes', () => {
    expect(resolveSiteURL('/u/a.png', 'https://site.example/')).toBe('https://site.example/u/a.png');
    expect(resolveSiteURL('https://cdn.example/a.png', 'https://site.example')).toBe('https://cdn.example/a.png');
    expect(resolveSiteURL('javascript:alert(1)', 'https://site.example')).toBe('');
    expect(resolveSiteURL('//evil.example/a.png', 'https://site.example')).toBe('');
  });
});

describe('DM history flag', () => {
  it('comes from an explicit global, else from a non-empty DMDisclaimer', () => {
    expect(readConfig({}).dmHistory).toBe(false);
    expect(readConfig({ DMDisclaimer: '' }).dmHistory).toBe(false);
    expect(readConfig({ DMDisclaimer: 'Messages are kept for 90 days.' }).dmHistory).toBe(true);
    expect(readConfig({ DMDisclaimer: 'x', DirectMessageHistory: false }).dmHistory).toBe(false);
    expect(readConfig({ DirectMessageHistory: { Enabled: true } }).dmHistory).toBe(true);
  });
});

describe('RTCConfiguration', () => {
  const turn = { URLs: ['turn:t.example:3478'], Username: 'page-user', Credential: 'page-pass' };

  it('takes the page credentials, or those of a ping instead', () => {
    expect(rtcConfigurationFrom(turn)).toEqual({
      iceServers: [{ urls: 'turn:t.example:3478', username: 'page-user', credential: 'page-pass' }],
      iceTransportPolicy: 'all',
    });
    expect(rtcConfigurationFrom(turn, { username: '99:bob', credential: 'x' }).iceServers).toEqual([
      { urls: 'turn:t.example:3478', username: '99:bob', credential: 'x' },
    ]);
  });

  it('keeps to relays when the page says RelayOnly', () => {
    expect(rtcConfigurationFrom({ ...turn, RelayOnly: true }).iceTransportPolicy).toBe('relay');
  });

  it('accepts only complete credentials from a ping', () => {
    expect(turnCredentialsFrom({ username: '99:bob', credential: 'x', expires: 99 })).toEqual({
      username: '99:bob',
      credential: 'x',
      expires: 99,
    });
    for (const bad of [undefined, null, 'x', {}, { username: '99:bob' }, { username: 1, credential: 'x' }]) {
      expect(turnCredentialsFrom(bad)).toBe(null);
    }
  });
});
