import 'reflect-metadata';
import { ConfigError, loadConfig, type AppConfig } from './config/config';
import { resolveDatabase } from './database/database-url';
import { EmbeddedPostgresError, type EmbeddedPostgresHandle } from './database/embedded-postgres';
import { APP_ROLE } from './database/app-role';
import { ENTITIES } from './database/entities';
import { migrate } from './database/migrate';
import { createApp } from './create-app';
import { Municipality } from './council/municipality.entity';
import { loadSampleDataIfEmpty } from './seeds/sample-data';

function fail(message: string): never {
  process.stderr.write(`\n${message}\n\n`);
  process.exit(1);
}

async function main(): Promise<void> {
  let config: AppConfig;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) fail(e.message);
    throw e;
  }

  let embedded: EmbeddedPostgresHandle | null = null;
  const stopDatabase = async () => {
    if (embedded) await embedded.stop().catch(() => undefined);
  };
  try {
    const db = await resolveDatabase(config);
    embedded = db.embedded;
    let seeded = false;
    let needsSetup = false;
    const applied = await migrate(
      db.url,
      ENTITIES,
      async (ds) => {
        if (config.sampleData)
          seeded = await loadSampleDataIfEmpty(
            ds,
            config.seedsDir,
            undefined,
            config.dataDir,
            config.appDatabaseUrl ? decodeURIComponent(new URL(config.appDatabaseUrl).username) : APP_ROLE,
          );
        needsSetup = !(await ds.manager.exists(Municipality, {}));
      },
      config.appDatabaseUrl,
    );
    const app = await createApp(config, db.url);
    try {
      await app.listen(config.port, config.host);
    } catch (e) {
      await app.close().catch(() => undefined);
      await stopDatabase();
      if ((e as { code?: string }).code === 'EADDRINUSE') {
        fail(`ポート ${config.port} は使用中です。PORT で別のポートを指定してください。`);
      }
      throw e;
    }
    process.stdout.write(
      [
        '',
        `審議会諮問・報告管理 が起動しました: http://localhost:${config.port}/`,
        `  API: http://localhost:${config.port}/api  OpenAPI: http://localhost:${config.port}/api/docs`,
        `  データベース: ${embedded ? `組み込み PostgreSQL（${config.dataDir}/pg, ポート ${embedded.port}）` : 'DATABASE_URL'}`,
        embedded?.stoppedOrphan
          ? `  前回の異常終了で残っていた PostgreSQL（PID ${embedded.stoppedOrphan}）を停止してから起動しました`
          : '',
        applied.length ? `  適用したマイグレーション: ${applied.length} 件` : '',
        seeded ? '  サンプルデータを読み込みました（ログイン情報は README を参照）' : '',
        needsSetup
          ? `  審議会がまだ設定されていません。初期設定を行ってください: http://localhost:${config.port}/setup` +
            '（または npm run council:create -- …）'
          : '',
        '  停止するには Ctrl-C を押してください。',
        '',
      ]
        .filter((l) => l !== '')
        .join('\n') + '\n',
    );

    let stopping = false;
    const shutdown = async (signal: string) => {
      if (stopping) return;
      stopping = true;
      process.stdout.write(`\n${signal} を受信しました。停止しています…\n`);
      await app.close().catch(() => undefined);
      await stopDatabase();
      process.exit(0);
    };
    // embedded-postgres installs an exit hook that calls process.exit(143) on a signal, which would
    // cut in-flight requests (and pending audit commits) short: this process stops its database itself.
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      process.removeAllListeners(signal);
      process.on(signal, () => void shutdown(signal));
    }
  } catch (e) {
    await stopDatabase();
    if (e instanceof EmbeddedPostgresError) fail(e.message);
    throw e;
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`起動に失敗しました: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
