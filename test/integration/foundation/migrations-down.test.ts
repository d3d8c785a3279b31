import { DataSource, type MigrationInterface, type QueryRunner } from 'typeorm';
import { dataSourceOptions } from '../../../src/database/data-source-options';
import { MIGRATIONS } from '../../../src/database/migrations';
import { schemaSnapshot, snapshotDiff } from '../../support/schema-snapshot';
import { clusterInfo, testDatabaseUrl, withClient } from '../../support/test-db';

/*
 * Every migration's `down` undoes its `up`: on an empty database the migrations are applied one by one,
 * the schema (a catalog snapshot, test/support/schema-snapshot.ts) taken before each; then, from the
 * last migration back to the first, the migration is reverted (the schema must be the one before it),
 * applied again (the schema must be the one it left) and reverted again; at the end all are applied
 * again and the schema must be the one the first pass left. Each migration runs in its own transaction,
 * as `migrate` runs them (transaction 'each'); the migrations table and the application role's grants
 * (ensureAppRole, after the migrations) are not part of this.
 */

const dbName = `migdown_${Date.now().toString(36)}`;
const url = testDatabaseUrl(dbName);
const admin = (sql: string) => withClient(clusterInfo().adminUrl, (c) => c.query(sql));

let ds: DataSource;
let runner: QueryRunner;

const migrations: MigrationInterface[] = MIGRATIONS.map((M) => new M());
const nameOf = (i: number) => migrations[i]?.name ?? MIGRATIONS[i]?.name ?? `#${i}`;

/** An empty database, opened (dropping the one before). */
async function openEmpty(): Promise<void> {
  if (ds?.isInitialized) {
    await runner.release();
    await ds.destroy();
  }
  await admin(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  await admin(`CREATE DATABASE ${dbName}`);
  ds = new DataSource({ ...dataSourceOptions(url), extra: { max: 1 } });
  await ds.initialize();
  runner = ds.createQueryRunner();
  await runner.connect();
}

async function step(i: number, direction: 'up' | 'down'): Promise<void> {
  const migration = migrations[i] as MigrationInterface;
  await runner.startTransaction();
  try {
    await migration[direction](runner);
    await runner.commitTransaction();
  } catch (e) {
    await runner.rollbackTransaction();
    throw new Error(`${nameOf(i)} ${direction}: ${(e as Error).message}`, { cause: e });
  }
}

const snapshot = () => schemaSnapshot((sql) => runner.query(sql));

beforeAll(() => openEmpty());

afterAll(async () => {
  if (ds?.isInitialized) {
    await runner.release();
    await ds.destroy();
  }
  await admin(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
});

it('every migration’s down restores the schema before its up, and its up applies again', async () => {
  // before[i]: the schema before migration i; before[n]: after all of them.
  const before: string[][] = [];
  for (let i = 0; i < migrations.length; i++) {
    before.push(await snapshot());
    await step(i, 'up');
  }
  const full = await snapshot();
  before.push(full);

  const failures: string[] = [];
  for (let i = migrations.length - 1; i >= 0; i--) {
    let ok = true;
    try {
      await step(i, 'down');
      const reverted = snapshotDiff(before[i] as string[], await snapshot());
      if (reverted) {
        ok = false;
        failures.push(
          `${nameOf(i)}: down leaves a schema other than before its up (- before up, + after down):\n${reverted}`,
        );
      }
      await step(i, 'up');
      const reapplied = snapshotDiff(before[i + 1] as string[], await snapshot());
      if (reapplied) {
        ok = false;
        failures.push(
          `${nameOf(i)}: up after down leaves a schema other than the first up (- first up, + again):\n${reapplied}`,
        );
      }
      await step(i, 'down');
    } catch (e) {
      ok = false;
      failures.push((e as Error).message);
    }
    if (!ok) {
      // Start over from the schema before migration i, so what follows reports the earlier migrations alone.
      await openEmpty();
      for (let j = 0; j < i; j++) await step(j, 'up');
    }
  }

  for (let i = 0; i < migrations.length; i++) await step(i, 'up');
  const again = snapshotDiff(full, await snapshot());
  if (again) failures.push(`all migrations applied again (- first pass, + again):\n${again}`);

  expect(failures.join('\n\n')).toBe('');
}, 240_000);
