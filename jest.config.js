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
  // runs on, idle while spawned CLIs and the emulator wait on each other. Two workers halve the run.
  maxWorkers: 2,
  reporters: ['default', '<rootDir>/test/summary-reporter.js'],
};
