/**
 * Keeps a post-login `returnTo` on this site: only an absolute path ("/x?y"), never a
 * scheme-relative "//host", a backslash variant browsers read as one, or a control character.
 * Anything else becomes `fallback`. This is what stops /login from being an open redirect.
 */
export function safeReturnTo(value: unknown, fallback = '/'): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 2048) return fallback;
  if (!value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return fallback;
  // Browsers strip tabs and newlines inside URLs, so "/\t/evil.example" would become "//evil.example".
  if (/[\u0000-\u001f\u007f\\]/.test(value)) return fallback;
  try {
    const resolved = new URL(value, 'http://consentry.invalid');
    if (resolved.origin !== 'http://consentry.invalid') return fallback;
    return resolved.pathname + resolved.search + resolved.hash;
  } catch {
    return fallback;
  }
}
