#!/usr/bin/env node
// The package registry this project installs from serves the native binaries of @swc/core and
// unrs-resolver (a Jest dependency) only for Linux x64/arm64, so `npm install` leaves the other
// platforms' optional packages out of package-lock.json, and `npm ci` then refuses the lock
// ("Missing: @swc/core-darwin-arm64 from lock file"). This adds those entries back, marked
// optional with their os/cpu, so npm ci accepts the lock and skips them on this platform.
// Run it after any `npm install` that rewrites the lock: node scripts/lockfile-platform-stubs.js
const fs = require('node:fs');
const path = require('node:path');

const file = path.join(__dirname, '..', 'package-lock.json');
const lock = JSON.parse(fs.readFileSync(file, 'utf8'));
const packages = lock.packages;

const OS = ['darwin', 'win32', 'linux', 'android', 'freebsd', 'openharmony'];
const CPU = {
  x64: 'x64',
  arm64: 'arm64',
  arm: 'arm',
  ia32: 'ia32',
  ppc64: 'ppc64',
  s390x: 's390x',
  riscv64: 'riscv64',
  loong64: 'loong64',
};

function platformOf(name) {
  const parts = name.split('/').pop().split('-');
  const os = parts.find((p) => OS.includes(p));
  const cpu = parts.map((p) => CPU[p] ?? (p === 'arm' ? 'arm' : undefined)).find(Boolean);
  return os && cpu ? { os: [os], cpu: [cpu] } : undefined;
}

let added = 0;
for (const entry of Object.values(packages)) {
  for (const [dep, version] of Object.entries(entry.optionalDependencies ?? {})) {
    const location = `node_modules/${dep}`;
    if (packages[location]) continue;
    const platform = platformOf(dep);
    if (!platform) continue;
    packages[location] = { version, ...(entry.dev ? { dev: true } : {}), optional: true, ...platform };
    added += 1;
  }
}
fs.writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`lockfile-platform-stubs: added ${added} optional platform entries`);
