import * as oauth1 from './index';

describe('oauth1 protocol index', () => {
  it('is enough to verify the RFC 5849 §1.2 photo request', () => {
    const url = 'http://photos.example.net/photos?file=vacation.jpg&size=original';
    const authorization = oauth1.buildAuthorizationHeader(
      {
        oauth_consumer_key: 'dpf43f3p2l4k3l03', oauth_token: 'nnch734d00sl2jdk', oauth_signature_method: 'HMAC-SHA1',
        oauth_timestamp: '137131202', oauth_nonce: 'chapoH', oauth_signature: 'MdpQcU8iPSUjWoN/UDMsK2sui9I=',
      },
      'Photos',
    );
    const { pairs, oauth } = oauth1.collectParameters({ method: 'GET', url, authorization });
    oauth1.checkVersion(oauth);
    oauth1.requireParameters(oauth, ['oauth_consumer_key', 'oauth_token', 'oauth_signature_method', 'oauth_signature']);
    oauth1.checkTimestamp(oauth.oauth_timestamp, 137131202 + 300);
    oauth1.checkNonceSyntax(oauth.oauth_nonce);
    const verified = oauth1.verifySignature({
      method: oauth.oauth_signature_method,
      signature: oauth.oauth_signature,
      baseString: oauth1.signatureBaseString('GET', url, pairs),
      consumerSecret: 'kd94hf93k423kf44',
      tokenSecret: 'pfkkdhi9sl3r4s00',
      allowPlaintext: false,
    });
    expect(verified).toBe(true);
    expect(() => oauth1.checkTimestamp(oauth.oauth_timestamp, 137131202 + 301)).toThrow(oauth1.OAuth1ProtocolError);
  });
});
