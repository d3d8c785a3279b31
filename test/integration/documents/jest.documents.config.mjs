// Runs the document tests (unit specs of src/documents and these integration tests) without the
// embedded PostgreSQL of the `db` project, which they do not need:
//   node --experimental-vm-modules node_modules/jest/bin/jest.js -c test/integration/documents/jest.documents.config.mjs
import { fileURLToPath } from 'node:url';
import root from '../../../jest.config.mjs';

const rootDir = fileURLToPath(new URL('../../..', import.meta.url));
const db = root.projects.find((p) => p.displayName === 'db');
const unit = root.projects.find((p) => p.displayName === 'unit');
const { globalSetup: _setup, globalTeardown: _teardown, ...integration } = db;

export default {
  testTimeout: root.testTimeout,
  projects: [
    { ...unit, rootDir, displayName: 'documents-unit', testMatch: ['<rootDir>/src/documents/**/*.spec.ts'] },
    {
      ...integration,
      rootDir,
      displayName: 'documents',
      testMatch: ['<rootDir>/test/integration/documents/**/*.test.ts'],
    },
  ],
};
