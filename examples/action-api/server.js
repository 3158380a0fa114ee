// A tiny MediaWiki-style action API that trusts the identity a gateway forwards after asking
// Consentry (nginx auth_request, Caddy forward_auth). It never sees OAuth credentials itself: only
// the X-Auth-* headers. It reads its parameters as PHP does (docs/gateway.md "Parameter names"),
// so that the tests in front of it see what a real action API would run.
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
    authorization: header('authorization'),
  };
}

/** PHP's php_url_decode: `+` is a space, %XX a byte, anything else itself. */
function phpDecode(text) {
  return Buffer.from(text.replace(/\+/g, ' ').replace(/%([0-9a-fA-F]{2})/g, (_, hex) => String.fromCharCode(parseInt(hex, 16))), 'latin1').toString('utf8');
}

/** php_register_variable_ex, top level only: cut at NUL, leading spaces gone, spaces and dots → `_`; `name[…]` is an array. */
function phpName(decoded) {
  const raw = decoded.split('\0', 1)[0].replace(/^ +/, '');
  const bracket = raw.indexOf('[');
  const name = (bracket === -1 ? raw : raw.slice(0, bracket)).replace(/[ .]/g, '_');
  if (bracket === -1 || !raw.includes(']', bracket)) return { name: bracket === -1 ? name : `${name}_${raw.slice(bracket + 1).replace(/[ .[]/g, '_')}` };
  return { name, array: true };
}

/** $_GET or $_POST: the last value of a name wins; `name[]` collects an array. */
function phpParse(text, into = new Map()) {
  for (const piece of text.split('&')) {
    if (piece === '') continue;
    const eq = piece.indexOf('=');
    const { name, array } = phpName(phpDecode(eq === -1 ? piece : piece.slice(0, eq)));
    if (name === '') continue;
    const value = eq === -1 ? '' : phpDecode(piece.slice(eq + 1));
    if (array) into.set(name, [...(Array.isArray(into.get(name)) ? into.get(name) : []), value]);
    else into.set(name, value);
  }
  return into;
}

/** MediaWiki's WebRequest: $_POST + $_GET; PHP reads a form body only for POST. */
function paramsOf(req, query, body) {
  const type = (req.headers['content-type'] ?? '').toLowerCase().split(/[;, ]/, 1)[0];
  const post = req.method === 'POST' && type === 'application/x-www-form-urlencoded' ? phpParse(body) : new Map();
  const params = phpParse(query);
  for (const [k, v] of post) params.set(k, v);
  return { get: (name) => (typeof params.get(name) === 'string' ? params.get(name) : undefined) };
}

function send(res, status, body) {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

function handle(req, res, params) {
  const who = principalOf(req);
  const action = params.get('action');
  if (action === 'query' && params.get('meta') === 'userinfo') {
    const { authorization, ...userinfo } = who;
    return send(res, 200, { query: { userinfo: { ...userinfo, sawAuthorization: authorization !== '' } } });
  }
  if (action === 'parse') return send(res, 200, { parse: { title: params.get('title') ?? 'API', user: who.name } });
  if (['edit', 'import', 'delete'].includes(action)) {
    if (req.method !== 'POST') return send(res, 405, { error: { code: 'mustbeposted', info: `The ${action} module requires a POST request.` } });
    if (action === 'edit' && !who.rights.includes('edit')) return send(res, 403, { error: { code: 'permissiondenied', info: 'You do not have the right to edit.' } });
    return send(res, 200, { [action]: { result: 'Success', title: params.get('title') ?? '', user: who.name } });
  }
  return send(res, 400, { error: { code: 'badvalue', info: 'Unknown action.' } });
}

/** Starts the API on `port` (0: any free port); resolves to the listening server. */
function start(port = Number(process.env.PORT ?? 8080), host = '127.0.0.1') {
  const server = http.createServer((req, res) => {
    const question = req.url.indexOf('?');
    const path = question === -1 ? req.url : req.url.slice(0, question);
    if (path !== '/w/api.php') return send(res, 404, { error: { code: 'notfound' } });
    let body = '';
    req.on('data', (chunk) => { body += chunk.toString('latin1'); if (body.length > 65536) req.destroy(); });
    req.on('end', () => handle(req, res, paramsOf(req, question === -1 ? '' : req.url.slice(question + 1), body)));
  });
  return new Promise((resolve) => server.listen(port, host, () => resolve(server)));
}

module.exports = { start };
if (require.main === module) start().then((s) => console.log(`action API on ${JSON.stringify(s.address())}`));
