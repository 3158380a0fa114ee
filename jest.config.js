// Nest 12 and jose 6 are ESM-only: @swc/jest turns them into CommonJS (shared/docs/stack-notes.md).
// @fastify/cookie loads 'cookie' with import(): transforming it turns that into require().
const esmOnly = [
  '@nestjs',
  '@fastify/cookie',
  'content-disposition',
  'jose',
  'oauth4webapi',
  'openid-client',
  'cookie',
];
const swcTs = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
  },
];
const swcJs = [
  '@swc/jest',
  { jsc: { parser: { syntax: 'ecmascript' }, target: 'es2022' }, module: { type: 'commonjs' } },
];

module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/src', '<rootDir>/test'],
  testRegex: '\\.(spec|e2e-spec)\\.ts$',
  moduleFileExtensions: ['ts', 'js', 'mjs', 'cjs', 'json'],
  transform: { '^.+\\.ts$': swcTs, '^.+\\.m?js$': swcJs },
  transformIgnorePatterns: [`/node_modules/(?!(${esmOnly.join('|')})/)`],
  // Two cores: e2e files each boot an app and a database, more workers only thrash.
  maxWorkers: 2,
  testTimeout: 30000,
  reporters: ['default', '<rootDir>/test/summary-reporter.js'],
};
