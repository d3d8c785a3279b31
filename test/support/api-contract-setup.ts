import { appendFileSync } from 'node:fs';
import { takeContractViolations } from './api-contract';

// Runs in every test file of the `db` project: an answer of a test app that breaks the OpenAPI
// document fails the test that asked for it (violations of beforeAll surface in the first test).
function failOnViolations(): void {
  const found = takeContractViolations();
  // API_CONTRACT_LOG=<file> also collects them in one file (to read a whole folder's run at once).
  if (found.length && process.env.API_CONTRACT_LOG)
    appendFileSync(process.env.API_CONTRACT_LOG, found.join('\n') + '\n');
  if (found.length)
    throw new Error(
      `The API answered outside its OpenAPI document (the contract, test/support/api-contract.ts):\n` +
        found.join('\n'),
    );
}

afterEach(failOnViolations);
afterAll(failOnViolations);
