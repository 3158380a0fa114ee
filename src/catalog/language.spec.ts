import { acceptedLanguages, chooseLanguage } from './language';

describe('chooseLanguage', () => {
  const available = ['en', 'de'];

  it('prefers the account setting, then the browser, then English', () => {
    expect(chooseLanguage(available, 'de', 'en-US')).toBe('de');
    expect(chooseLanguage(available, null, 'de-DE,de;q=0.9,en;q=0.8')).toBe('de');
    expect(chooseLanguage(available, undefined, 'fr-FR, fr;q=0.9')).toBe('en');
    expect(chooseLanguage(available, 'xx', undefined)).toBe('en');
  });

  it('follows q-values, not order, and drops q=0', () => {
    expect(chooseLanguage(available, null, 'en;q=0.5, de;q=0.8')).toBe('de');
    expect(chooseLanguage(available, null, 'de;q=0, en')).toBe('en');
    expect(chooseLanguage(available, null, 'fr, de-AT;q=0.7')).toBe('de');
  });

  it('reads * as "anything": the default', () => {
    expect(chooseLanguage(available, null, '*, de;q=0.5')).toBe('en');
  });
});

describe('acceptedLanguages', () => {
  it('ignores malformed entries and bounds the header', () => {
    expect(acceptedLanguages('de;q=abc, en-GB;q=0.3, <script>, ;q=1, fr')).toEqual(['fr', 'en-gb']);
    expect(acceptedLanguages('de,'.repeat(400))).toEqual([]);
    expect(acceptedLanguages('')).toEqual([]);
  });
});
