import { createServer, type Server } from 'node:http';
import { freePort } from '../../../src/database/embedded-postgres';
import { makeUser } from '../../support/factories';
import {
  loginAt,
  seededDatabase,
  startChildApp,
  tearDownChildApp,
  type ChildApp,
  type SeededDatabase,
} from './child-app';

/**
 * The fault tests' harness must talk to its own child. A free port is not reserved: another
 * process can listen on it before the child does (the likeliest reading of a CI run whose login
 * after a restart got a 401 for a user the answering app did not know).
 */

/** No browser at start: these tests render nothing. */
const LAZY = { RENDERER_START: 'lazy' };
let seeded: SeededDatabase;
let app: ChildApp | null = null;
let squatter: Server | null = null;
let squatterRequests = 0;

/** Another process's server on a free port, answering 200 to everything. */
async function squat(): Promise<number> {
  const port = await freePort();
  squatter = createServer((_req, res) => {
    squatterRequests++;
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
  });
  await new Promise<void>((r) => squatter!.listen(port, '127.0.0.1', () => r()));
  return port;
}

beforeAll(async () => {
  seeded = await seededDatabase();
});

afterEach(async () => {
  await new Promise<void>((r) => (squatter ? squatter.close(() => r()) : r()));
  squatter = null;
  squatterRequests = 0;
  await tearDownChildApp(app, {});
  app = null;
});

afterAll(async () => {
  await tearDownChildApp(null, seeded);
});

it('a port given by the caller that another server holds: the start fails, it is not that server', async () => {
  const port = await squat();
  await expect(startChildApp(seeded.db.url, { port, env: LAZY })).rejects.toThrow(
    `ポート ${port} は使用中です`,
  );
});

it('a chosen port taken before the child binds it: the next one is used, and the app answered is ours', async () => {
  const taken = await squat();
  const ports = [taken];
  app = await startChildApp(seeded.db.url, {
    env: LAZY,
    choosePort: async () => ports.shift() ?? freePort(),
  });
  expect(app.port).not.toBe(taken);
  const clerk = await makeUser(seeded.ds, { role: 'clerk' });
  const auth = await loginAt(app.base, clerk.username, clerk.password);
  expect(auth.Authorization).toMatch(/^Bearer /);
  expect(squatterRequests).toBe(0);
});
