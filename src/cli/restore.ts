import 'reflect-metadata';
import { join } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { ConfigError, loadConfig } from '../config/config';
import { resolveDatabase } from '../database/database-url';
import { EmbeddedPostgresError, type EmbeddedPostgresHandle } from '../database/embedded-postgres';
import { runRestoreCommand } from '../ops/restore-command';

async function main(): Promise<number> {
  const config = loadConfig();
  let embedded: EmbeddedPostgresHandle | null = null;
  try {
    return await runRestoreCommand(
      process.argv.slice(2),
      {
        out: (t) => process.stdout.write(t),
        err: (t) => process.stderr.write(t),
        confirm: async (question) => {
          if (!process.stdin.isTTY) return null;
          const rl = createInterface({ input: process.stdin, output: process.stdout });
          try {
            return /^(y|yes|はい)$/i.test((await rl.question(question)).trim());
          } finally {
            rl.close();
          }
        },
      },
      {
        backupDir: config.backup.dir,
        defaultAttachmentsDir: join(config.dataDir, 'attachments'),
        configuredDatabaseUrl: async () => {
          const db = await resolveDatabase(config, { reuseRunning: true });
          embedded = db.embedded;
          return db.url;
        },
      },
    );
  } finally {
    await (embedded as EmbeddedPostgresHandle | null)?.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    const message = e instanceof ConfigError || e instanceof EmbeddedPostgresError ? e.message : String(e);
    process.stderr.write(`${message}\n`);
    process.exit(1);
  },
);
