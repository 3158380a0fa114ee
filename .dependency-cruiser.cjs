/**
 * Import boundaries (docs/development.md#house-rules; the map is in docs/development.md#architecture).
 *
 * The folders under src/ form layers. A folder may import only the folders listed before it, so
 * the folder graph cannot have a cycle and every violation names the two layers involved. When
 * a new dependency is right, move the folder in LAYERS (and the map in docs/development.md);
 * when it is not, invert it (a port, an event, or a file that belongs in the lower folder).
 * Specs (*.spec.ts) are tests: they may import fakes from src/testing and test libraries.
 */
const LAYERS = [
  // Pure protocol functions: no framework, no database, nothing but node: built-ins.
  'protocol',
  // Configuration, errors and the one exception filter, HTTP helpers, crypto helpers.
  'common',
  // Infrastructure: transactions and caches, Redis, the ephemeral store, mail, metrics.
  'database',
  'redis',
  'ephemeral',
  'mail',
  'metrics',
  // The grant and rights catalogs, then the one access policy and the route decorators.
  'catalog',
  'access',
  // Features, each above what it reads.
  'users',
  'sessions',
  'consumers',
  // Who a request acts as (the Principal) and the decorators that say what a route needs.
  'principal',
  'audit',
  'keys',
  'authorizations',
  'tokens',
  'web',
  'registration',
  'oauth1',
  'oauth2',
  'caller',
  'accounts',
  'user-admin',
  'grants',
  'gateway',
  // Transports and composition on top.
  'pages',
  'operations',
  'health',
  'schema',
  'openapi',
  'cli',
];

const folder = (name) => `^src/${name}/`;

const layerRules = LAYERS.map((name, index) => ({
  name: `layer:${name}`,
  comment:
    `src/${name} may import only the layers below it (${LAYERS.slice(0, index).join(', ') || 'none'}). ` +
    'A higher layer imported from here would make the folder graph circular; see docs/development.md#architecture.',
  severity: 'error',
  from: { path: folder(name), pathNot: '\\.spec\\.ts$' },
  to: {
    path: '^src/([^/]+)/',
    pathNot: [folder(name), ...LAYERS.slice(0, index).map(folder)],
  },
}));

module.exports = {
  forbidden: [
    {
      name: 'protocol-is-pure',
      comment:
        'src/protocol holds pure functions tested with RFC vectors: it imports only itself and node: built-ins ' +
        '(docs/development.md#house-rules). Move code that needs a library or a feature out of src/protocol.',
      severity: 'error',
      from: { path: '^src/protocol/', pathNot: '\\.spec\\.ts$' },
      to: { pathNot: '^src/protocol/', dependencyTypesNot: ['core'] },
    },
    {
      name: 'no-unknown-folder',
      comment:
        'Every folder under src/ has a place in the layers of .dependency-cruiser.cjs: add a new one there ' +
        '(and to the map in docs/development.md#architecture).',
      severity: 'error',
      from: { path: '^src/', pathNot: [`^src/(${LAYERS.join('|')}|testing)/`, '^src/[^/]+\\.ts$'] },
      to: {},
    },
    {
      name: 'controllers-use-services',
      comment:
        'A controller is a thin transport: it calls a service and never reaches a repository or the data source ' +
        "(docs/development.md#house-rules). Put the query in the owning module's service.",
      severity: 'error',
      from: { path: '\\.controller\\.ts$' },
      to: { path: '(^|/)node_modules/(typeorm|@nestjs/typeorm)/' },
    },
    {
      name: 'testing-only-in-tests',
      comment: 'src/testing holds in-memory fakes for specs; application code must not import it.',
      severity: 'error',
      from: { path: '^src/', pathNot: ['\\.spec\\.ts$', '^src/testing/'] },
      to: { path: '^src/testing/' },
    },
    {
      name: 'no-circular',
      comment:
        'Files that import each other, directly or through others, cannot be understood one at a time. ' +
        '(TypeORM entities may: a two-way relation names the other entity; they hold no logic.)',
      severity: 'error',
      from: { path: '^src/', pathNot: '\\.entity\\.ts$' },
      to: { circular: true },
    },
    ...layerRules,
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    includeOnly: '^(src|node_modules)/',
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
