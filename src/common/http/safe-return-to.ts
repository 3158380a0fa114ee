const BASE = 'http://consentry.invalid';

/**
 * Keeps a post-login `returnTo` on this site: only an absolute path ("/x?y"), never a
 * scheme-relative "//host", a backslash variant browsers read as one, or a control character.
 * Anything else becomes `fallback`. This is what stops /login from being an open redirect.
 *
 * The checks run on the path as a browser will read it, after dot-segments are resolved
 * (RFC 3986 §5.2.4): "/.//evil.example" and "/a/..//evil.example" both become "//evil.example".
 */
export function safeReturnTo(value: unknown, fallback = '/'): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 2048) return fallback;
  // Browsers strip tabs and newlines inside URLs, so "/\t/evil.example" would become "//evil.example".
  if (!value.startsWith('/') || /[\u0000-\u001f\u007f\\]/.test(value)) return fallback;
  let resolved: URL;
  try {
    resolved = new URL(value, BASE);
  } catch {
    return fallback;
  }
  if (resolved.origin !== BASE) return fallback;
  const path = resolved.pathname + resolved.search + resolved.hash;
  return isSameSitePath(path) ? path : fallback;
}

/** An absolute path that no browser reads as another host: "/x", never "//x" or "/\x". */
function isSameSitePath(path: string): boolean {
  return path.startsWith('/') && !/^\/[/\\]/.test(path) && !/[\u0000-\u001f\u007f\\]/.test(path);
}
