#!/usr/bin/env bash
# Regenerates catalog/confusables.json from the ICU installed here (Debian: libicu-dev, pkg-config, gcc).
# After a regeneration that changes any mapping, add a migration that recomputes users.skeletonHash
# (see src/schema/migrations/*-username-skeleton.ts) and run `npm run cli -- user:confusables`.
set -euo pipefail
cd "$(dirname "$0")/../.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
gcc -O2 -o "$work/icu-confusables" scripts/confusables/icu-confusables.c $(pkg-config --cflags --libs icu-i18n icu-uc)
"$work/icu-confusables" >"$work/table.txt"
node - "$work/table.txt" >catalog/confusables.json <<'JS'
const lines = require('node:fs').readFileSync(process.argv[2], 'utf8').trim().split('\n');
const source = lines.shift().replace(/^# /, '');
const mappings = Object.fromEntries(lines.map((line) => { const [from, ...to] = line.split(' '); return [from, to.join(' ')]; }));
const body = Object.entries(mappings).map(([from, to]) => `    ${JSON.stringify(from)}: ${JSON.stringify(to)}`).join(',\n');
process.stdout.write(`{\n  "source": ${JSON.stringify(`Unicode confusables.txt (UTS #39, MA table) as compiled into ${source}`)},\n`
  + `  "generatedBy": "scripts/confusables/generate.sh",\n  "mappings": {\n${body}\n  }\n}\n`);
JS
echo "catalog/confusables.json: $(($(wc -l <"$work/table.txt") - 1)) mappings from $(head -1 "$work/table.txt" | cut -c3-)"
