/**
 * The language of a page or mail: the account's setting when it names a language there is a
 * catalog for, then the browser's Accept-Language (RFC 9110 §12.5.4: by q-value, a region falling
 * back to its primary tag), then English.
 */
export function chooseLanguage(
  available: readonly string[],
  accountLanguage: string | null | undefined,
  acceptLanguage: string | undefined,
  fallback = 'en',
): string {
  if (accountLanguage && available.includes(accountLanguage)) return accountLanguage;
  for (const tag of acceptedLanguages(acceptLanguage)) {
    if (tag === '*') return fallback;
    if (available.includes(tag)) return tag;
    const primary = tag.split('-')[0];
    if (available.includes(primary)) return primary;
  }
  return fallback;
}

/** The tags of an Accept-Language header, lower-cased, best first; q=0 and malformed entries dropped. */
export function acceptedLanguages(header: string | undefined): string[] {
  if (!header || header.length > 1000) return [];
  const entries: { tag: string; q: number; order: number }[] = [];
  header.split(',').forEach((part, order) => {
    const [rawTag, ...params] = part.trim().split(';');
    const tag = rawTag.trim().toLowerCase();
    if (!/^(\*|[a-z]{1,8}(-[a-z0-9]{1,8})*)$/.test(tag)) return;
    let q = 1;
    for (const param of params) {
      const match = /^\s*q\s*=\s*(0(\.\d{0,3})?|1(\.0{0,3})?)\s*$/i.exec(param);
      if (match) q = Number(match[1]);
      else return;
    }
    if (q > 0) entries.push({ tag, q, order });
  });
  return entries.sort((a, b) => b.q - a.q || a.order - b.order).map((entry) => entry.tag);
}

/**
 * The language of a mail: the recipient's account setting, else the language of the request that
 * caused it (the recipient's own browser, when they asked for the mail), else English
 * (docs/development.md#languages).
 */
export function mailLanguage(
  available: readonly string[],
  accountLanguage: string | null | undefined,
  requestLanguage?: string,
  fallback = 'en',
): string {
  const second = requestLanguage && available.includes(requestLanguage) ? requestLanguage : fallback;
  return chooseLanguage(available, accountLanguage, undefined, second);
}
