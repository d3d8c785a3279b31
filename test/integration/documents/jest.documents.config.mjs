// Runs the document tests alone, without the embedded PostgreSQL of the `db` project (they need no
// database): node --experimental-vm-modules node_modules/jest/bin/jest.js -c test/integration/documents/jest.documents.config.mjs
import { fileURLToPath } from 'node:url';
import root from '../../../jest.config.mjs';

const db = root.projects.find((p) => p.displayName === 'db');
const { globalSetup: _setup, globalTeardown: _teardown, ...common } = db;

export default {
  ...common,
  rootDir: fileURLToPath(new URL('../../..', import.meta.url)),
  displayName: 'documents',
  testMatch: ['<rootDir>/test/integration/documents/**/*.test.ts'],
  testTimeout: root.testTimeout,
};
