/**
 * Characters no URL a client gives us may hold (docs/security.md, "Other promises"): C0 controls
 * (CR, LF, TAB, NUL…), DEL, C1 controls, U+2028 and U+2029 (line breaks to JavaScript and JSON
 * readers), spaces, and `\`, which browsers read as `/`. RFC 3986 §2 allows none of them in a URI;
 * WHATWG URL parsers silently drop some (TAB, CR, LF) and percent-encode others, so the URL a
 * browser follows is not the one that was checked; in a Location header they split the response
 * or make it unsendable.
 */
const UNSAFE_IN_URL = /[\u0000-\u0020\u007f-\u009f\u2028\u2029\\]/;

/** Whether `url` holds a character that must never be in a client-supplied URL. */
export function hasUnsafeUrlCharacters(url: string): boolean {
  return UNSAFE_IN_URL.test(url);
}
