// Jest runs in ESM mode because @nestjs/* 12 ship as ES modules only (see ../shared/SETUP-NOTES.md).
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
      keepClassNames: true,
    },
    module: { type: 'es6' },
  },
];
const common = {
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': swc },
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  testEnvironment: 'node',
};
export default {
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/src/**/*.spec.ts'] },
    {
      // integration (test/integration) and browser end-to-end (test/e2e) share one embedded PostgreSQL
      ...common,
      displayName: 'db',
      testMatch: ['<rootDir>/test/integration/**/*.test.ts', '<rootDir>/test/e2e/**/*.test.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
      // Every /api answer of the test apps is checked against the OpenAPI document.
      setupFilesAfterEnv: ['<rootDir>/test/support/api-contract-setup.ts'],
    },
  ],
  testTimeout: 60000,
};
