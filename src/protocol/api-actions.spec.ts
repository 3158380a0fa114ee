import { apiActions, ApiRequest, mayCarryParameters, mediaType } from './api-actions';

const API = 'https://wiki.example.org/w/api.php';
const FORM = 'application/x-www-form-urlencoded';
const multipart = (value: string, eol = '\r\n') =>
  ['--XX', 'Content-Disposition: form-data; name="action"', '', value, '--XX--', ''].join(eol);

describe('apiActions: every value PHP could take as action', () => {
  it.each<[string, ApiRequest, string]>([
    // Names PHP folds into `action` (docs/gateway.md#parameter-names).
    ['a leading %20', { url: `${API}?%20action=edit` }, 'edit'],
    ['a leading +', { url: `${API}?+action=edit` }, 'edit'],
    ['a NUL after the name', { url: `${API}?action%00=edit` }, 'edit'],
    ['a later spelling of the name', { url: `${API}?action=query&%20action=edit` }, 'edit'],
    ['an array', { url: `${API}?action[]=edit` }, 'edit'],
    ['an array with a key', { url: `${API}?action[x]=edit` }, 'edit'],
    ['the first of repeated names', { url: `${API}?action=edit&action=query` }, 'edit'],
    ['percent-encoded letters', { url: `${API}?act%69on=edit` }, 'edit'],
    ['after a fragment', { url: `${API}?action=query#&action=edit` }, 'edit'],
    ['after a `;` (arg_separator.input)', { url: `${API}?a=1;action=edit` }, 'edit'],
    ['after a raw NUL', { url: `${API}?action=query\0&action=edit` }, 'edit'],
    ['in NFC', { url: `${API}?action=e%CC%81dit` }, '\u00e9dit'],
    // Bodies, whatever their content type says (docs/gateway.md#bodies).
    ['a form body', { url: `${API}?action=query`, contentType: FORM, body: 'action=edit' }, 'edit'],
    [
      'a form body with a leading space in its type',
      { url: API, contentType: ` ${FORM}`, body: '%20action=edit' },
      'edit',
    ],
    ['a form body in capitals', { url: API, contentType: FORM.toUpperCase(), body: 'action=edit' }, 'edit'],
    [
      'a form body with a tab before its parameters',
      { url: API, contentType: `${FORM}\t;charset=UTF-8`, body: 'action=edit' },
      'edit',
    ],
    ['a body without a content type', { url: API, body: 'action=edit' }, 'edit'],
    [
      'a multipart body',
      { url: API, contentType: 'multipart/form-data; boundary=XX', body: multipart('edit') },
      'edit',
    ],
    [
      'a multipart body, bare LFs',
      { url: API, contentType: ' Multipart/Form-Data;boundary=XX', body: multipart('edit', '\n') },
      'edit',
    ],
    [
      'a multipart body as an array',
      {
        url: API,
        contentType: 'multipart/form-data, boundary=XX',
        body: multipart('edit').replace('"action"', '"action[]"'),
      },
      'edit',
    ],
  ])('finds it %s', (_, request, expected) => {
    expect(apiActions(request)).toContain(expected);
  });

  it.each<[string, ApiRequest]>([
    ['another name', { url: `${API}?Action=edit&actions=edit&%09action=edit&list=edit` }],
    ['a value that only contains it', { url: `${API}?action=edits`, contentType: FORM, body: 'action=%20edit' }],
    ['no query and no body', { url: API }],
  ])('does not invent one: %s', (_, request) => {
    expect(apiActions(request)).not.toContain('edit');
  });
});

describe('mediaType', () => {
  it.each([
    [' Application/X-WWW-Form-Urlencoded ; charset=UTF-8', FORM],
    [`${FORM},text/plain`, FORM],
    [`\t${FORM}\t;x`, FORM],
    ['multipart/form-data; boundary=x', 'multipart/form-data'],
    [undefined, ''],
  ])('%p → %p', (input, expected) => {
    expect(mediaType(input)).toBe(expected);
  });
});

describe('mayCarryParameters', () => {
  it.each([
    ['GET', false],
    ['HEAD', false],
    ['POST', true],
    ['PUT', true],
    ['PATCH', true],
    ['DELETE', true],
    ['OPTIONS', true],
  ])('%s → %p', (method, expected) => {
    expect(mayCarryParameters(method)).toBe(expected);
  });
});
