"""One step of an OAuth 1.0a flow with the mwoauth library (Debian python3-mwoauth), written for MediaWiki.

  step=initiate: {mw_uri, key, secret} -> {redirect, token, token_secret}
  step=complete: {mw_uri, key, secret, token, token_secret, response_qs} -> {identity, access_key}
"""
import json
import sys

from mwoauth import AccessToken, ConsumerToken, Handshaker, RequestToken

args = json.loads(sys.argv[1])
handshaker = Handshaker(args['mw_uri'], ConsumerToken(args['key'], args['secret']))

if args['step'] == 'initiate':
    redirect, request_token = handshaker.initiate()
    print(json.dumps({'redirect': redirect, 'token': request_token.key, 'token_secret': request_token.secret}))
elif args['step'] == 'complete':
    request_token = RequestToken(args['token'], args['token_secret'])
    access_token = handshaker.complete(request_token, args['response_qs'])
    identity = handshaker.identify(access_token)
    print(json.dumps({'identity': identity, 'access_key': access_token.key}))
