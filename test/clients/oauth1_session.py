"""One step of an OAuth 1.0a flow with requests-oauthlib's OAuth1Session (Debian python3-requests-oauthlib).

Called by the e2e tests with one JSON argument; prints one JSON object.
  step=initiate: {base, key, secret, callback}           -> {oauth_token, oauth_token_secret}
  step=token:    {base, key, secret, token, token_secret, verifier} -> {oauth_token, oauth_token_secret}
  step=identify: {base, key, secret, token, token_secret} -> {jwt, status}
"""
import json
import sys

from requests_oauthlib import OAuth1Session

args = json.loads(sys.argv[1])
base, step = args['base'], args['step']

if step == 'initiate':
    session = OAuth1Session(args['key'], client_secret=args['secret'], callback_uri=args.get('callback', 'oob'))
    print(json.dumps(session.fetch_request_token(base + '/oauth1/initiate')))
elif step == 'token':
    session = OAuth1Session(args['key'], client_secret=args['secret'], resource_owner_key=args['token'],
                            resource_owner_secret=args['token_secret'], verifier=args['verifier'])
    print(json.dumps(session.fetch_access_token(base + '/oauth1/token')))
elif step == 'identify':
    session = OAuth1Session(args['key'], client_secret=args['secret'], resource_owner_key=args['token'],
                            resource_owner_secret=args['token_secret'])
    response = session.post(base + '/oauth1/identify')
    print(json.dumps({'status': response.status_code, 'jwt': response.text}))
