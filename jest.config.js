/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts', '**/*.test.tsx'],
  transform: {
    // The web client's components (test/client/, in jsdom): TSX with React's automatic runtime.
    '^.+\\.tsx$': [
      '@swc/jest',
      {
        jsc: {
          target: 'es2022',
          parser: { syntax: 'typescript', tsx: true },
          transform: { react: { runtime: 'automatic' } },
        },
        module: { type: 'commonjs' },
      },
    ],
    // import.meta.hot (Vite's hot-reload handle, which react-router 8 reads) has no CommonJS form:
    // outside Vite it is undefined, so it is compiled as such.
    '^.+\\.(t|j)sx?$|^.+\\.mjs$': [
      '@swc/jest',
      {
        jsc: { target: 'es2022', transform: { optimizer: { globals: { vars: { 'import.meta.hot': 'undefined' } } } } },
        module: { type: 'commonjs' },
      },
    ],
  },
  // ESM-only dependencies are transformed to CommonJS like our own sources (jest loads ESM from
  // require() natively only from Node 24.9). react-router 8 is ESM-only, and so are its two deps.
  transformIgnorePatterns: ['/node_modules/(?!(ulid|jose|react-router|@remix-run/route-pattern|cookie-es)/)'],
  setupFiles: ['<rootDir>/test/support/jsdom-globals.ts', '<rootDir>/test/support/cognito-big-integer.ts'],
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  testTimeout: 30000,
};
