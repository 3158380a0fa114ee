import { redactUrl } from './redact-url';

describe('redactUrl', () => {
  it.each([
    ['/healthz', '/healthz'],
    ['/confirm-email?token=abc.def', '/confirm-email?token=[redacted]'],
    ['/cb?code=xyz&state=s1&x=1', '/cb?code=[redacted]&state=[redacted]&x=1'],
    ['/a?Password=p&oauth_verifier=v&keep=1', '/a?Password=[redacted]&oauth_verifier=[redacted]&keep=1'],
    ['/a?client%5Fsecret=s', '/a?client%5Fsecret=[redacted]'],
    ['/a?flag', '/a?flag'],
    ['/a?%E0%A4%A=1', '/a?[redacted]'],
  ])('%s → %s', (input, expected) => {
    expect(redactUrl(input)).toBe(expected);
  });
});
