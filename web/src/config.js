// The page globals the server injects in place of <!--BARERTC_GLOBALS--> (compat §2.14),
// read once, with defaults for `vite dev` or a page served without them.

const DEFAULT_CHANNELS = [{ ID: 'lobby', Name: 'Lobby' }];

function pick(source, name, fallback, valid) {
  const value = source ? source[name] : undefined;
  return valid(value) ? value : fallback;
}

const isString = (v) => typeof v === 'string';
const isBool = (v) => typeof v === 'boolean';
const isArray = Array.isArray;
const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);

function normaliseChannel(c) {
  return {
    ID: String(c.ID),
    Name: isString(c.Name) && c.Name ? c.Name : String(c.ID),
    Icon: isString(c.Icon) ? c.Icon : '',
    VIP: c.VIP === true,
    PermitPhotos: c.PermitPhotos === true,
    WelcomeMessages: isArray(c.WelcomeMessages) ? c.WelcomeMessages : [],
    EchoMessagesOnJoin: Number(c.EchoMessagesOnJoin) || 0,
  };
}

// Whether the server keeps DM history (compat §2.10). An explicit `DirectMessageHistory` global
// (boolean, or an object with Enabled) wins; otherwise the server sends a DMDisclaimer only when
// history is on (src/server/index_page.cpp), so a non-empty one means it is kept.
function dmHistoryEnabled(source) {
  const explicit = source ? source.DirectMessageHistory : undefined;
  if (isBool(explicit)) return explicit;
  if (isObject(explicit) && isBool(explicit.Enabled)) return explicit.Enabled;
  const disclaimer = source ? source.DMDisclaimer : '';
  return isString(disclaimer) && disclaimer.trim() !== '';
}

// Exported for tests: builds the config from any object shaped like `window`.
export function readConfig(source) {
  let channels = pick(source, 'PublicChannels', DEFAULT_CHANNELS, isArray)
    .filter((c) => isObject(c) && c.ID !== undefined && c.ID !== '')
    .map(normaliseChannel);
  if (channels.length === 0) channels = DEFAULT_CHANNELS.map(normaliseChannel);

  const turn = pick(source, 'TURN', {}, isObject);
  const vip = pick(source, 'VIP', {}, isObject);
  const claims = pick(source, 'UserJWTClaims', {}, isObject);
  return {
    branding: pick(source, 'Branding', 'BareRTC', isString),
    strings: pick(source, 'BareRTCStrings', {}, isObject),
    channels,
    dmDisclaimer: pick(source, 'DMDisclaimer', '', isString),
    dmHistory: dmHistoryEnabled(source),
    websiteURL: pick(source, 'WebsiteURL', '', isString),
    permitNSFW: pick(source, 'PermitNSFW', false, isBool),
    turn: {
      URLs: isArray(turn.URLs) ? turn.URLs.filter(isString) : [],
      Username: isString(turn.Username) ? turn.Username : '',
      Credential: isString(turn.Credential) ? turn.Credential : '',
      RelayOnly: turn.RelayOnly === true,
    },
    webhooks: pick(source, 'WebhookURLs', [], isArray).filter(isObject),
    vip: {
      Name: isString(vip.Name) ? vip.Name : 'VIP',
      Branding: isString(vip.Branding) ? vip.Branding : 'VIP Members',
      Icon: isString(vip.Icon) ? vip.Icon : '',
      MutuallySecret: vip.MutuallySecret === true,
    },
    jwt: {
      token: pick(source, 'UserJWTToken', '', isString),
      valid: pick(source, 'UserJWTValid', false, isBool),
      claims,
      rules: pick(source, 'UserJWTRules', {}, isObject),
    },
    cachedBlocklist: pick(source, 'CachedBlocklist', [], isArray).filter(isString),
    cacheHash: pick(source, 'CacheHash', '', isString),
  };
}

// True when the visitor arrived signed in and should skip the guest login dialog.
export function autoLoginName(config) {
  const sub = config.jwt.claims && config.jwt.claims.sub;
  return config.jwt.valid && isString(sub) && sub !== '' ? sub : '';
}

export const config = readConfig(typeof window === 'undefined' ? {} : window);
