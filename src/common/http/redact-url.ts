/** Query parameters whose values are credentials and must never reach a log line. */
const SENSITIVE =
  /^(token|code|password|client_secret|access_token|refresh_token|id_token|oauth_verifier|oauth_token|oauth_signature|code_verifier|state|assertion)$/i;

/** The request URL with sensitive query values replaced by `[redacted]`, for logs. */
export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const pairs = url
    .slice(q + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const rawName = eq < 0 ? pair : pair.slice(0, eq);
      let name = rawName;
      try {
        name = decodeURIComponent(rawName.replace(/\+/g, ' '));
      } catch {
        return '[redacted]';
      }
      return eq >= 0 && SENSITIVE.test(name) ? `${rawName}=[redacted]` : pair;
    });
  return `${url.slice(0, q)}?${pairs.join('&')}`;
}
