import { appendQuery, redirectUriMatches } from './redirect-uri';

describe('redirectUriMatches', () => {
  it.each([
    // RFC 9700 §4.1.3: simple string comparison.
    ['https://app.example/cb', 'https://app.example/cb', true],
    ['https://app.example/cb?x=1', 'https://app.example/cb?x=1', true],
    ['com.example.app:/oauth2redirect', 'com.example.app:/oauth2redirect', true],
    ['https://app.example/cb/', 'https://app.example/cb', false],
    ['https://app.example/cb/evil', 'https://app.example/cb', false],
    ['https://app.example/cb?x=2', 'https://app.example/cb?x=1', false],
    ['https://app.example/cb', 'https://app.example/cb?x=1', false],
    ['https://APP.example/cb', 'https://app.example/cb', false],
    ['https://app.example:443/cb', 'https://app.example/cb', false],
    ['https://app.example/%63b', 'https://app.example/cb', false],
    ['http://app.example/cb', 'https://app.example/cb', false],
    ['https://app.example.evil/cb', 'https://app.example/cb', false],
    ['https://app.example:8443/cb', 'https://app.example:9443/cb', false],
    // RFC 8252 §7.3: loopback IP literals, any port.
    ['http://127.0.0.1:51004/cb', 'http://127.0.0.1:3000/cb', true],
    ['http://127.0.0.1:51004/cb', 'http://127.0.0.1/cb', true],
    ['http://127.0.0.1/cb', 'http://127.0.0.1:3000/cb', true],
    ['http://127.0.0.1:65535', 'http://127.0.0.1', true],
    ['http://127.0.0.1:1?x=1', 'http://127.0.0.1?x=1', true],
    ['http://[::1]:51004/cb', 'http://[::1]:3000/cb', true],
    ['http://[::1]:51004/cb', 'http://[::1]/cb', true],
    ['http://127.0.0.1:51004/other', 'http://127.0.0.1/cb', false],
    ['http://127.0.0.1:51004/cb?x=1', 'http://127.0.0.1/cb', false],
    ['http://127.0.0.1:51004/', 'http://127.0.0.1', false],
    ['http://[::1]:51004/cb', 'http://127.0.0.1:51004/cb', false],
    ['https://127.0.0.1:51004/cb', 'https://127.0.0.1:3000/cb', false],
    ['http://127.0.0.2:51004/cb', 'http://127.0.0.2:3000/cb', false],
    ['http://127.0.0.1:65536/cb', 'http://127.0.0.1/cb', false],
    ['http://127.0.0.1:0/cb', 'http://127.0.0.1/cb', false],
    ['http://127.0.0.1:/cb', 'http://127.0.0.1/cb', false],
    ['http://127.0.0.1:8080.evil.example/cb', 'http://127.0.0.1/cb', false],
    ['http://127.0.0.1@evil.example/cb', 'http://127.0.0.1/cb', false],
    // RFC 8252 §8.3: localhost gets no port exception (league neither).
    ['http://localhost:51004/cb', 'http://localhost:3000/cb', false],
    ['http://localhost:3000/cb', 'http://localhost:3000/cb', true],
    // RFC 6749 §3.1.2: no fragment; no credentials in a redirect target, even if registered.
    ['https://app.example/cb#x', 'https://app.example/cb#x', false],
    ['https://app.example/cb#', 'https://app.example/cb#', false],
    ['http://127.0.0.1:5000/cb#x', 'http://127.0.0.1/cb#x', false],
    ['https://user:pw@app.example/cb', 'https://user:pw@app.example/cb', false],
    ['https://user@app.example/cb', 'https://user@app.example/cb', false],
    ['https://@app.example/cb', 'https://@app.example/cb', false],
    // WHATWG URL reads this as https://user@app.example/cb.
    ['https:user@app.example/cb', 'https:user@app.example/cb', false],
    ['not a uri', 'not a uri', false],
    ['', '', false],
  ])('%p against registered %p → %p', (requested, registered, expected) => {
    expect(redirectUriMatches(requested, registered)).toBe(expected);
  });
});

describe('appendQuery', () => {
  it.each([
    ['https://a.example/cb', { code: 'x', state: 's' }, 'https://a.example/cb?code=x&state=s'],
    // RFC 6749 §3.1.2: the registered query is retained.
    ['https://a.example/cb?foo=bar', { code: 'x' }, 'https://a.example/cb?foo=bar&code=x'],
    ['https://a.example/cb?q=a%20b&r=~', { code: 'x' }, 'https://a.example/cb?q=a%20b&r=~&code=x'],
    ['https://a.example/cb', { code: 'x', state: undefined }, 'https://a.example/cb?code=x'],
    ['https://a.example/cb?state=keep', { code: 'x', state: undefined }, 'https://a.example/cb?state=keep&code=x'],
    ['https://a.example/cb?foo=1', { state: undefined }, 'https://a.example/cb?foo=1'],
    ['https://a.example/cb', {}, 'https://a.example/cb'],
    ['https://a.example/cb', { state: 'a b&c=d/é' }, 'https://a.example/cb?state=a+b%26c%3Dd%2F%C3%A9'],
    // RFC 6749 §3.1: a response parameter appears once, so the response value wins.
    ['https://a.example/cb?state=old&foo=1', { state: 'new' }, 'https://a.example/cb?foo=1&state=new'],
    ['https://a.example/cb?st%61te=old', { state: 'new' }, 'https://a.example/cb?state=new'],
    ['https://a.example/cb?', { code: 'x' }, 'https://a.example/cb?code=x'],
    ['https://a.example/cb?foo=1&', { code: 'x' }, 'https://a.example/cb?foo=1&code=x'],
    ['https://a.example/cb#frag', { code: 'x' }, 'https://a.example/cb?code=x#frag'],
    ['https://a.example/cb?foo=1#frag', { code: 'x' }, 'https://a.example/cb?foo=1&code=x#frag'],
    ['com.example.app:/oauth2redirect', { code: 'x' }, 'com.example.app:/oauth2redirect?code=x'],
    ['http://127.0.0.1:51004/cb', { error: 'access_denied', error_description: 'The user said no' },
      'http://127.0.0.1:51004/cb?error=access_denied&error_description=The+user+said+no'],
  ])('%p + %p → %p', (uri, params, expected) => {
    expect(appendQuery(uri, params)).toBe(expected);
  });
});
