// RTCPeerConnection iceServers from the page's TURN global (compat §2.4): one entry per URL;
// TURN credentials go with turn: and turns: URLs (the original forgets turns:).
export function iceServersFrom(turn) {
  const urls = turn && Array.isArray(turn.URLs) ? turn.URLs : [];
  return urls
    .filter((url) => typeof url === 'string' && url !== '')
    .map((url) => {
      const server = { urls: url };
      if (/^turns?:/i.test(url)) {
        if (turn.Username) server.username = turn.Username;
        if (turn.Credential) server.credential = turn.Credential;
      }
      return server;
    });
}

// The whole RTCConfiguration. `credentials` ({username, credential}, from a ping, ours.md)
// replace the page's Username/Credential; RelayOnly (ours) keeps browsers on TURN relays, so
// peers never see each other's addresses.
export function rtcConfigurationFrom(turn, credentials = null) {
  const effective = credentials
    ? { ...turn, Username: credentials.username, Credential: credentials.credential }
    : turn;
  return {
    iceServers: iceServersFrom(effective),
    iceTransportPolicy: turn && turn.RelayOnly === true ? 'relay' : 'all',
  };
}

// {username, credential, expires} from a ping's `turn` field, or null if it is not usable.
export function turnCredentialsFrom(value) {
  if (!value || typeof value !== 'object') return null;
  const { username, credential, expires } = value;
  if (typeof username !== 'string' || !username || typeof credential !== 'string' || !credential) return null;
  return { username, credential, expires: Number(expires) || 0 };
}

// The ICE username fragment of a session description or candidate, for routing candidates to
// the right one of the (up to) two connections we have with the same person.
export function sdpUfrag(sdp) {
  const m = typeof sdp === 'string' ? /a=ice-ufrag:(\S+)/.exec(sdp) : null;
  return m ? m[1] : '';
}

export function candidateUfrag(init) {
  if (!init) return '';
  if (init.usernameFragment) return init.usernameFragment;
  const m = typeof init.candidate === 'string' ? /\bufrag (\S+)/.exec(init.candidate) : null;
  return m ? m[1] : '';
}
