// ESM + TypeScript through ts-jest; the npm test script sets --experimental-vm-modules and
// NODE_EXTRA_CA_CERTS (read only at process start) so spawned CLIs trust the emulator.
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true }] },
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  testTimeout: 60000,
  // jest's default is one worker per core less one: a single worker on the 2-core machines this
  // runs on, idle while spawned CLIs, sign-in polls and the emulator wait on each other. Measured
  // on such a machine: 3 workers 54 s, 4 workers 52 s of jest time (the suite is CPU-bound there).
  maxWorkers: 4,
  reporters: ['default', '<rootDir>/test/summary-reporter.js'],
  globalSetup: '<rootDir>/test/global-setup.cjs',
  globalTeardown: '<rootDir>/test/global-teardown.cjs',
};
