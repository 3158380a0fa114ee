// A tiny MediaWiki-style action API that trusts the identity nginx forwards after asking
// Consentry (auth_request). It never sees OAuth credentials itself: only the X-Auth-* headers.
'use strict';
const http = require('node:http');

function principalOf(req) {
  const header = (name) => req.headers[name] ?? '';
  return {
    id: Number(header('x-auth-user-id') || 0),
    name: decodeURIComponent(header('x-auth-user-name')),
    consumer: header('x-auth-consumer-key'),
    grants: header('x-auth-grants').split(' ').filter(Boolean),
    rights: header('x-auth-rights').split(' ').filter(Boolean),
  };
}

function send(res, status, body) {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

function handle(req, res, params) {
  const who = principalOf(req);
  const action = params.get('action');
  if (action === 'query' && params.get('meta') === 'userinfo') {
    return send(res, 200, { query: { userinfo: { id: who.id, name: who.name, consumer: who.consumer, grants: who.grants, rights: who.rights } } });
  }
  if (action === 'edit') {
    if (req.method !== 'POST') return send(res, 405, { error: { code: 'mustbeposted', info: 'The edit module requires a POST request.' } });
    if (!who.rights.includes('edit')) return send(res, 403, { error: { code: 'permissiondenied', info: 'You do not have the right to edit.' } });
    return send(res, 200, { edit: { result: 'Success', title: params.get('title') ?? '', user: who.name } });
  }
  return send(res, 400, { error: { code: 'badvalue', info: 'Unknown action.' } });
}

/** Starts the API on `port` (0: any free port); resolves to the listening server. */
function start(port = Number(process.env.PORT ?? 8080), host = '127.0.0.1') {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://localhost');
    if (url.pathname !== '/w/api.php') return send(res, 404, { error: { code: 'notfound' } });
    let body = '';
    req.on('data', (chunk) => { body += chunk; if (body.length > 65536) req.destroy(); });
    req.on('end', () => {
      const params = new URLSearchParams(url.search);
      if ((req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) {
        for (const [k, v] of new URLSearchParams(body)) params.set(k, v);
      }
      handle(req, res, params);
    });
  });
  return new Promise((resolve) => server.listen(port, host, () => resolve(server)));
}

module.exports = { start };
if (require.main === module) start().then((s) => console.log(`action API on ${JSON.stringify(s.address())}`));
