import * as oauth1 from './index';

// RFC 5849 §1.2, end to end through the public API: header → parameters → checks → signature.
// Temporary-credential and token requests go over HTTPS, the photo request over plain HTTP;
// the published signatures only verify with those schemes.
describe('RFC 5849 §1.2 example requests', () => {
  const CONSUMER = 'oauth_consumer_key="dpf43f3p2l4k3l03", oauth_signature_method="HMAC-SHA1"';

  it.each([
    [
      'POST',
      'https://photos.example.net/initiate',
      '',
      137131200,
      'oauth_timestamp="137131200", oauth_nonce="wIjqoS", oauth_callback="http%3A%2F%2Fprinter.example.com%2Fready", ' +
        'oauth_signature="74KNZJeDHnMBp0EMJ9ZHt%2FXKycU%3D"',
    ],
    [
      'POST',
      'https://photos.example.net/token',
      'hdhd0244k9j7ao03',
      137131201,
      'oauth_token="hh5s93j4hdidpola", oauth_timestamp="137131201", oauth_nonce="walatlh", ' +
        'oauth_verifier="hfdp7dh39dks9884", oauth_signature="gKgrFCywp7rO0OXSjdot%2FIHF7IU%3D"',
    ],
    [
      'GET',
      'http://photos.example.net/photos?file=vacation.jpg&size=original',
      'pfkkdhi9sl3r4s00',
      137131202,
      'oauth_token="nnch734d00sl2jdk", oauth_timestamp="137131202", oauth_nonce="chapoH", ' +
        'oauth_signature="MdpQcU8iPSUjWoN%2FUDMsK2sui9I%3D"',
    ],
  ])('verifies %s %s', (method, url, tokenSecret, now, params) => {
    const authorization = `OAuth realm="Photos",\n   ${CONSUMER},\n   ${params}`;
    const { pairs, oauth } = oauth1.collectParameters({ method, url, authorization });
    oauth1.checkVersion(oauth);
    oauth1.requireParameters(oauth, ['oauth_consumer_key', 'oauth_signature_method', 'oauth_signature']);
    oauth1.checkTimestamp(oauth.oauth_timestamp, now);
    oauth1.checkNonceSyntax(oauth.oauth_nonce);
    const input = {
      method: oauth.oauth_signature_method,
      signature: oauth.oauth_signature,
      baseString: oauth1.signatureBaseString(method, url, pairs),
      consumerSecret: 'kd94hf93k423kf44',
      tokenSecret,
      allowPlaintext: false,
    };
    expect(oauth1.verifySignature(input)).toBe(true);
    const otherHost = oauth1.signatureBaseString(method, url.replace('photos.', 'photo.'), pairs);
    expect(oauth1.verifySignature({ ...input, baseString: otherHost })).toBe(false);
  });

  it('round-trips the photo request through buildAuthorizationHeader', () => {
    const url = 'http://photos.example.net/photos?file=vacation.jpg&size=original';
    const params = {
      oauth_consumer_key: 'dpf43f3p2l4k3l03',
      oauth_token: 'nnch734d00sl2jdk',
      oauth_signature_method: 'HMAC-SHA1',
      oauth_timestamp: '137131202',
      oauth_nonce: 'chapoH',
    };
    const baseString = oauth1.signatureBaseString(
      'GET',
      url,
      Object.entries(params).concat([
        ['file', 'vacation.jpg'],
        ['size', 'original'],
      ]),
    );
    const signature = oauth1.sign('HMAC-SHA1', baseString, 'kd94hf93k423kf44', 'pfkkdhi9sl3r4s00');
    expect(signature).toBe('MdpQcU8iPSUjWoN/UDMsK2sui9I=');
    const authorization = oauth1.buildAuthorizationHeader({ ...params, oauth_signature: signature }, 'Photos');
    const { pairs } = oauth1.collectParameters({ method: 'GET', url, authorization });
    expect(oauth1.signatureBaseString('GET', url, pairs)).toBe(baseString);
  });
});
