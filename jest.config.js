// Three tiers (docs/development.md): unit specs beside the pure code in src/, integration and end-to-end
// specs in test/ against a real PostgreSQL (DATABASE_URL) or, without it, embedded PGlite.
const swc = [
  '@swc/jest',
  {
    jsc: {
      target: 'es2022',
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
    },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  },
];

module.exports = {
  testTimeout: 120000,
  // Each test file has its own database (a clone on the server, or its own PGlite) and RELANCE_HOME,
  // so files run in parallel, one worker per core (jest's default keeps one core back, which on two
  // cores meant running in band).
  maxWorkers: '100%',
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      roots: ['<rootDir>/src', '<rootDir>/scripts', '<rootDir>/bench'],
      testMatch: ['**/*.spec.ts'],
      transform: { '^.+\\.ts$': swc },
    },
    {
      displayName: 'integration',
      testEnvironment: 'node',
      roots: ['<rootDir>/test'],
      testPathIgnorePatterns: ['/support/', '/browser/'],
      testMatch: ['**/*.spec.ts'],
      transform: { '^.+\\.ts$': swc },
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
    // The console in headless Chromium (npm run test:browser): only when asked, it needs /usr/bin/chromium.
    ...(process.env.RELANCE_BROWSER_TESTS
      ? [
          {
            displayName: 'browser',
            testEnvironment: 'node',
            roots: ['<rootDir>/test/browser'],
            testMatch: ['**/*.spec.ts'],
            transform: { '^.+\\.ts$': swc },
            globalSetup: '<rootDir>/test/support/browser-global-setup.ts',
            globalTeardown: '<rootDir>/test/support/global-teardown.ts',
          },
        ]
      : []),
  ],
};
