import type Handlebars from 'handlebars';
import { formatTime, toInstant } from './time-format';

/**
 * `{{time value}}`: `<time datetime="ISO" title="full date, UTC">3 days ago</time>`, worded on the
 * server in the page's language (no script), so no page shows a raw ISO string as text. A value
 * that names no instant renders nothing.
 */
export function timeElement(hbs: typeof Handlebars, value: unknown, language: string): Handlebars.SafeString {
  const date = toInstant(value);
  if (!date) return new hbs.SafeString('');
  const { iso, title, text } = formatTime(new Date(), date, language);
  const e = hbs.escapeExpression;
  return new hbs.SafeString(`<time datetime="${e(iso)}" title="${e(title)}">${e(text)}</time>`);
}
