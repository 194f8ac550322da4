// Does a (server-rendered) message mention me? "@name" anywhere in its text, any letter case,
// not followed by more name characters; "@all" and "@here" mention everyone.

const escapeRegExp = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function textOf(html) {
  return String(html || '')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&');
}

export function mentions(html, username) {
  const text = textOf(html);
  if (!text.includes('@')) return false;
  const names = ['all', 'here'];
  if (typeof username === 'string' && username) names.push(escapeRegExp(username));
  return new RegExp(`(^|[^\\w@])@(${names.join('|')})(?![\\w-])`, 'i').test(text);
}
