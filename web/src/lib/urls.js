// Avatar and profile URLs from the who list may be site-relative (compat §3.6).
export function resolveSiteURL(url, websiteURL) {
  if (typeof url !== 'string' || url === '') return '';
  if (/^https?:\/\//i.test(url)) return url;
  if (url.startsWith('/') && !url.startsWith('//')) {
    const base = typeof websiteURL === 'string' ? websiteURL.replace(/\/+$/, '') : '';
    return /^https?:\/\//i.test(base) ? base + url : url;
  }
  return ''; // javascript:, data: and other schemes are never followed
}

// A stable colour for someone's fallback avatar.
export function nameHue(name) {
  let h = 0;
  for (const ch of String(name)) h = (h * 31 + ch.codePointAt(0)) % 360;
  return h;
}

export function initial(name) {
  const first = [...String(name || '?').trim()][0];
  return first ? first.toUpperCase() : '?';
}
