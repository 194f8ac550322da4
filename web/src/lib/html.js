// Escapes text for the few notices the client writes itself; everything else is HTML the
// server rendered and sanitised.
const ENTITIES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeText = (s) => String(s).replace(/[&<>"']/g, (c) => ENTITIES[c]);
