/**
 * A short name for the device of a session, from its User-Agent (RFC 9110 §10.1.5): "Firefox
 * (Linux)", "Chrome (Android)": product names only, so there is no sentence to translate. The
 * header is whatever the client sent, so this only names what it recognises; anything else is
 * shown cut to a few dozen characters, without control characters.
 * The order matters: Edge and Opera also say "Chrome", Chrome also says "Safari".
 */
const BROWSERS: ReadonlyArray<[RegExp, string]> = [
  [/\bEdg(?:e|A|iOS)?\//, 'Edge'],
  [/\b(?:OPR|Opera)\//, 'Opera'],
  [/\bSamsungBrowser\//, 'Samsung Internet'],
  [/\b(?:Firefox|FxiOS)\//, 'Firefox'],
  [/\b(?:Chromium)\//, 'Chromium'],
  [/(?:\b|Headless)(?:Chrome|CriOS)\//, 'Chrome'],
  [/\bVersion\/[\d.]+.*\bSafari\//, 'Safari'],
  [/^curl\//, 'curl'],
  [/^Wget\//, 'Wget'],
];

const SYSTEMS: ReadonlyArray<[RegExp, string]> = [
  [/\bAndroid\b/, 'Android'],
  [/\b(?:iPhone|iPad|iPod)\b/, 'iOS'],
  [/\bCrOS\b/, 'ChromeOS'],
  [/\bWindows\b/, 'Windows'],
  [/\bMac OS X\b|\bMacintosh\b/, 'macOS'],
  [/\bLinux\b/, 'Linux'],
];

const MAX_SHOWN = 60;

export function deviceName(userAgent: string | null | undefined): string | null {
  if (!userAgent) return null;
  const browser = BROWSERS.find(([pattern]) => pattern.test(userAgent))?.[1];
  const system = SYSTEMS.find(([pattern]) => pattern.test(userAgent))?.[1];
  if (browser && system) return `${browser} (${system})`;
  if (browser ?? system) return (browser ?? system)!;
  const cleaned = userAgent.replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ').trim();
  if (cleaned === '') return null;
  return cleaned.length > MAX_SHOWN ? `${cleaned.slice(0, MAX_SHOWN - 1)}…` : cleaned;
}
