import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { PasswordResetService } from '../src/accounts/password-reset.service';
import { Consumer } from '../src/consumers/consumer.entity';
import { ConsumerNotifier } from '../src/consumers/consumer-notifier';
import { User } from '../src/users/user.entity';
import { databaseKinds } from './helpers/databases';
import { csrfTokenOf, loginAgent } from './helpers/sessions';
import { createTestApp, TestApp } from './helpers/test-app';
import { makeUser } from './helpers/users';
import { Messages } from '../src/catalog/messages';
import { grantText } from '../src/web/grant-descriptions';

/** Pages and mail in the reader's language; the API in English (docs/development.md#languages). */
describe.each(databaseKinds())('languages on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(kind, { TRUST_PROXY: 'loopback' });
  });
  afterAll(async () => {
    await t?.close();
  });

  const unique = () => randomBytes(4).toString('hex');
  const address = () => `2001:db8:${randomBytes(2).toString('hex')}::${randomBytes(2).toString('hex')}`;
  const langOf = (html: string) => /<html lang="([^"]+)">/.exec(html)?.[1];
  const setLanguage = (id: number, language: string | null) =>
    t.dataSource.getRepository(User).update({ id }, { language });

  it.each([
    ['de', 'de'],
    ['de-DE,de;q=0.9,en;q=0.8', 'de'],
    ['fr;q=0.9, de;q=0.8, en;q=0.5', 'de'],
    ['en;q=0.7, de-AT', 'de'],
    ['de;q=0.5, en', 'en'],
    ['de;q=0, en;q=0.1', 'en'],
    ['fr, *;q=0.1', 'en'],
    [undefined, 'en'],
    ['de;q=banana', 'en'],
  ])('Accept-Language %p gives %p pages, said in Content-Language, varying by the header', async (header, lang) => {
    const call = request(t.server).get('/login');
    const res = await (header === undefined ? call : call.set('Accept-Language', header)).expect(200);
    expect(langOf(res.text)).toBe(lang);
    expect(res.headers['content-language']).toBe(lang);
    expect(res.headers.vary).toMatch(/Accept-Language/);
    expect(res.text).toContain(lang === 'de' ? '<h1>Anmelden</h1>' : '<h1>Log in</h1>');
  });

  it("a form's problems are in the page's language: class-validator rules, DTO messages, service errors", async () => {
    const agent = request.agent(t.server);
    const form = await agent.get('/register').set('Accept-Language', 'de').expect(200);
    const res = await agent
      .post('/register')
      .set('Accept-Language', 'de')
      .set('X-Forwarded-For', address())
      .type('form')
      .send({
        _csrf: csrfTokenOf(form.text),
        username: 'Bad|Name',
        email: 'not-an-address',
        password: 'short',
        passwordConfirm: 'other',
      })
      .expect(400);
    expect(langOf(res.text)).toBe('de');
    expect(res.text).toContain('Bitte korrigieren Sie Folgendes:');
    expect(res.text).toContain('muss mindestens 8 Zeichen lang sein');
    expect(res.text).toContain('muss eine E-Mail-Adresse sein');
    expect(res.text).toContain('Die beiden Passwörter stimmen nicht überein.');
    expect(res.text).not.toContain('must be');
    // The same in English, as before.
    const english = await agent.get('/register').expect(200);
    const again = await agent
      .post('/register')
      .set('X-Forwarded-For', address())
      .type('form')
      .send({ _csrf: csrfTokenOf(english.text), username: 'Fine', email: 'x@example.org', password: 'short' })
      .expect(400);
    expect(again.text).toContain('must be longer than or equal to 8 characters');
    expect(again.text).toContain('must be a string');

    const taken = await makeUser(t.app, { username: `Taken-${unique()}` });
    const third = await agent.get('/register').set('Accept-Language', 'de').expect(200);
    const conflict = await agent
      .post('/register')
      .set('Accept-Language', 'de')
      .set('X-Forwarded-For', address())
      .type('form')
      .send({
        _csrf: csrfTokenOf(third.text),
        username: taken.username,
        email: `taken-${unique()}@example.org`,
        password: 'long-enough-1',
        passwordConfirm: 'long-enough-1',
      })
      .expect(409);
    expect(conflict.text).toContain('ist bereits vergeben');
  });

  it("a failed login says so in the page's language, and error pages too", async () => {
    const agent = request.agent(t.server);
    const page = await agent.get('/login').set('Accept-Language', 'de').expect(200);
    const res = await agent
      .post('/login')
      .set('Accept-Language', 'de')
      .set('X-Forwarded-For', address())
      .type('form')
      .send({ _csrf: csrfTokenOf(page.text), username: `Nobody-${unique()}`, password: 'wrong-password' })
      .expect(401);
    expect(res.text).toContain('Benutzername oder Passwort ist falsch.');
    const missing = await request(t.server)
      .get('/confirm-email?token=nonsense')
      .set('Accept', 'text/html')
      .set('Accept-Language', 'de')
      .expect(400);
    expect(missing.text).toContain('Dieser Bestätigungslink ist ungültig oder abgelaufen.');
  });

  it("the account's language wins over the browser's, for pages", async () => {
    const user = await makeUser(t.app, { username: `Englisch-${unique()}` });
    await setLanguage(user.id, 'en');
    const agent = await loginAgent(t.server, user.username, user.password);
    const home = await agent.get('/').set('Accept-Language', 'de').expect(200);
    expect(langOf(home.text)).toBe('en');
    expect(home.headers['content-language']).toBe('en');
    await setLanguage(user.id, 'de');
    const german = await agent.get('/').set('Accept-Language', 'en').expect(200);
    expect(langOf(german.text)).toBe('de');
    expect(german.text).toContain('Abmelden');
  });

  it('grants read in the page language; a grant whose wording the operator changed keeps it', async () => {
    const user = await makeUser(t.app, {
      username: `Entwickler-${unique()}`,
      email: `dev-${unique()}@example.org`,
      emailVerified: true,
    });
    const agent = await loginAgent(t.server, user.username, user.password);
    const german = await agent.get('/consumers/propose/oauth2').set('Accept-Language', 'de').expect(200);
    expect(german.text).toContain('Bestehende Seiten bearbeiten');
    expect(german.text).toContain('Vandalismus');
    const english = await agent.get('/consumers/propose/oauth2').set('Accept-Language', 'en').expect(200);
    expect(english.text).toContain('Edit existing pages');
    const messages = t.app.get(Messages);
    expect(grantText(messages, 'de', { name: 'editpage', description: 'Edit existing pages' })).toBe(
      'Bestehende Seiten bearbeiten',
    );
    expect(grantText(messages, 'de', { name: 'editpage', description: 'Edit wiki pages (our wording)' })).toBe(
      'Edit wiki pages (our wording)',
    );
  });

  it("mails are in the recipient's language: the account's, else the asking page's", async () => {
    const settled = () => t.app.get(PasswordResetService).settled();
    const ask = async (account: string, language: string) => {
      const agent = request.agent(t.server);
      const from = address();
      const page = await agent.get('/forgot-password').set('X-Forwarded-For', from).expect(200);
      await agent
        .post('/forgot-password')
        .set('X-Forwarded-For', from)
        .set('Accept-Language', language)
        .type('form')
        .send({ _csrf: csrfTokenOf(page.text), account })
        .expect(200);
      await settled();
    };
    const email = `sprache-${unique()}@example.org`;
    const user = await makeUser(t.app, { username: `Sprache-${unique()}`, email, emailVerified: true });
    await setLanguage(user.id, 'de');
    await ask(user.username, 'en');
    const german = t.mail.lastTo(email)!;
    expect(german.subject).toBe('Setzen Sie Ihr Passwort für Consentry zurück');
    expect(german.text).toContain(`Hallo ${user.username},`);
    expect(german.text).toMatch(
      /innerhalb von 60 Minuten diesen Link:\n\nhttp:\/\/consentry\.test\/reset-password\?token=/,
    );

    // No account language: the browser that asked.
    await setLanguage(user.id, null);
    await ask(user.username, 'de-CH, en;q=0.5');
    expect(t.mail.lastTo(email)!.subject).toBe('Setzen Sie Ihr Passwort für Consentry zurück');
    await ask(user.username, 'en');
    expect(t.mail.lastTo(email)!.subject).toBe('Reset your Consentry password');
  });

  it('the confirmation mail of a registration is in the language of the registration page', async () => {
    const agent = request.agent(t.server);
    const email = `neu-${unique()}@example.org`;
    const page = await agent.get('/register').set('Accept-Language', 'de').expect(200);
    await agent
      .post('/register')
      .set('Accept-Language', 'de')
      .set('X-Forwarded-For', address())
      .type('form')
      .send({
        _csrf: csrfTokenOf(page.text),
        username: `Neu-${unique()}`,
        email,
        password: 'neues-passwort-1',
        passwordConfirm: 'neues-passwort-1',
      })
      .expect(303);
    const mail = t.mail.lastTo(email)!;
    expect(mail.subject).toBe('Bestätigen Sie Ihre E-Mail-Adresse für Consentry');
    expect(mail.text).toMatch(
      /innerhalb von 24 Stunden diesen Link öffnen:\n\nhttp:\/\/consentry\.test\/confirm-email\?token=/,
    );
  });

  it("a consumer's owner is told of a decision in the owner's language; English without one", async () => {
    const notifier = t.app.get(ConsumerNotifier);
    const consumer = (ownerId: number) =>
      Object.assign(new Consumer(), { ownerId, name: 'Zitierhilfe', version: '1.0', consumerKey: 'a'.repeat(32) });
    const deEmail = `besitzer-${unique()}@example.org`;
    const owner = await makeUser(t.app, { username: `Besitzer-${unique()}`, email: deEmail, emailVerified: true });
    await setLanguage(owner.id, 'de');
    expect(await notifier.stageChanged(consumer(owner.id), 'reject', null, 'zu viele Rechte')).toBe(true);
    const german = t.mail.lastTo(deEmail)!;
    expect(german.subject).toBe('Ihr OAuth-Consumer Zitierhilfe [1.0] wurde abgelehnt');
    expect(german.text).toBe(
      `Ihr OAuth-Consumer „Zitierhilfe“ [1.0] (Schlüssel ${'a'.repeat(32)}) wurde abgelehnt.\n` +
        '\nBegründung: zu viele Rechte\n',
    );
    const enEmail = `owner-${unique()}@example.org`;
    const other = await makeUser(t.app, { username: `Owner-${unique()}`, email: enEmail, emailVerified: true });
    expect(await notifier.stageChanged(consumer(other.id), 'approve', null, '')).toBe(true);
    expect(t.mail.lastTo(enEmail)!.subject).toBe('Your OAuth consumer Zitierhilfe [1.0] was approved');
    expect(t.mail.lastTo(enEmail)!.text).toBe(
      `Your OAuth consumer "Zitierhilfe" [1.0] (key ${'a'.repeat(32)}) was approved.\n`,
    );
  });

  it('the API answers in English whatever the Accept-Language: clients parse its errors', async () => {
    const res = await request(t.server)
      .get('/api/v1/consumers?stage=nope&extra=1')
      .set('Accept-Language', 'de')
      .expect(400);
    expect(res.headers['content-language']).toBeUndefined();
    expect(res.body.error).toBe('invalid_request');
    expect(res.body.message).toMatch(/^Invalid fields: /);
    expect(res.body.details).toEqual(
      expect.arrayContaining([
        { field: 'extra', message: 'is not an accepted field' },
        { field: 'stage', message: expect.stringMatching(/^must be one of the following values: /) },
      ]),
    );
    const unauthorized = await request(t.server).get('/api/v1/consumers/mine').set('Accept-Language', 'de').expect(401);
    expect(unauthorized.body.message).toMatch(/^[A-Z][a-z]+ /);
    expect(JSON.stringify(unauthorized.body)).not.toMatch(/Anmeld|erforderlich/);
  });
});
