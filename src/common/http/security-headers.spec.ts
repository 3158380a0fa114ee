import { securityHeaders } from './security-headers';

describe('securityHeaders', () => {
  it('has the headers helmet sets for these options, and no CSP where it is off', () => {
    const headers = securityHeaders({
      contentSecurityPolicy: false,
      frameguard: { action: 'deny' },
      referrerPolicy: { policy: 'no-referrer' },
      hsts: false,
    });
    expect(headers).toMatchObject({
      'X-Frame-Options': 'DENY',
      'Referrer-Policy': 'no-referrer',
      'X-Content-Type-Options': 'nosniff',
    });
    expect(headers).not.toHaveProperty('Content-Security-Policy');
    expect(headers).not.toHaveProperty('Strict-Transport-Security');
  });

  it('sends HSTS when asked', () => {
    expect(
      securityHeaders({ contentSecurityPolicy: false, hsts: { maxAge: 31536000, includeSubDomains: true } })[
        'Strict-Transport-Security'
      ],
    ).toBe('max-age=31536000; includeSubDomains');
  });
});
