import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LogMailTransport, toEml } from './log-mail-transport';

describe('LogMailTransport', () => {
  it('writes each message as an .eml file in development, openable by a mail client', async () => {
    const folder = join(mkdtempSync(join(tmpdir(), 'consentry-mail-')), 'mail');
    try {
      const transport = new LogMailTransport('Consentry <noreply@consentry.test>', folder);
      await transport.send({ to: 'a@example.org', subject: 'Confirm', text: 'Open http://x/confirm\nThanks' });
      const [name] = readdirSync(folder);
      expect(name).toMatch(/\.eml$/);
      const eml = readFileSync(join(folder, name), 'utf8');
      expect(eml).toContain('To: a@example.org\r\n');
      expect(eml).toContain('\r\n\r\nOpen http://x/confirm\r\nThanks\r\n');
    } finally {
      rmSync(join(folder, '..'), { recursive: true, force: true });
    }
  });

  it.each([
    ['a subject with a line break', { to: 'a@example.org', subject: 'Hi\r\nBcc: victim@example.org', text: '' }],
    ['an address with a line break', { to: 'a@example.org\nBcc: victim@example.org', subject: 'Hi', text: '' }],
  ])('adds no header from %s', (_, message) => {
    const head = toEml('noreply@consentry.test', message, new Date(0)).split('\r\n\r\n')[0];
    expect(head.split('\r\n').filter((line) => line.startsWith('Bcc:'))).toEqual([]);
  });

  it('encodes a subject that is not ASCII (RFC 2047)', () => {
    const eml = toEml('noreply@consentry.test', { to: 'a@example.org', subject: 'Bestätigen', text: '' }, new Date(0));
    expect(eml).toContain(`Subject: =?UTF-8?B?${Buffer.from('Bestätigen').toString('base64')}?=\r\n`);
  });
});
