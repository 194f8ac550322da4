export function clockTime(ms) {
  const d = new Date(ms);
  return d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}

export function fullTime(ms) {
  return new Date(ms).toLocaleString();
}

// Echo items carry an RFC 3339 timestamp; anything unparsable means "now".
export function parseTimestamp(text) {
  const t = typeof text === 'string' ? Date.parse(text) : NaN;
  return Number.isFinite(t) ? t : Date.now();
}
