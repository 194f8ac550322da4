// HS256 tokens as a website would sign them for the chat (compat §3).
import { createHmac } from 'node:crypto';

const b64url = (data) => Buffer.from(data).toString('base64url');

export function signJWT(claims, secret, { ttlSeconds = 300 } = {}) {
  const now = Math.floor(Date.now() / 1000);
  const header = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
  const payload = b64url(JSON.stringify({ iat: now, nbf: now, exp: now + ttlSeconds, ...claims }));
  const signature = createHmac('sha256', secret).update(`${header}.${payload}`).digest('base64url');
  return `${header}.${payload}.${signature}`;
}
