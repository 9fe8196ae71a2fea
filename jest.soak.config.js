// The load soak (`npm run test:soak`): its own config so the default `npm test` run never picks
// it up (that one matches *.test.ts; these are *.soak.ts). Same transform as jest.config.js and the
// same local cloud, started by a setup that also tells the tests the cloud's pid (for its memory).
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test/soak'],
  testMatch: ['**/*.soak.ts'],
  transform: {
    '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { target: 'es2022' }, module: { type: 'commonjs' } }],
  },
  transformIgnorePatterns: ['/node_modules/(?!(ulid|jose)/)'],
  setupFiles: ['<rootDir>/test/support/cognito-big-integer.ts'],
  globalSetup: '<rootDir>/test/support/soak-global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  testTimeout: 300000,
};
