import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { AppError } from '../common/errors/app-error';
import { ConfigError, loadConfig, type AppConfig } from '../config/config';
import { Municipality } from '../council/municipality.entity';
import { appDatabaseUrl, openAppDataSource } from '../database/app-role';
import { runInCouncil, soleCouncilId } from '../database/council-context';
import { dataSourceOptions } from '../database/data-source-options';
import { resolveDatabase } from '../database/database-url';
import { EmbeddedPostgresError } from '../database/embedded-postgres';
import { ENTITIES } from '../database/entities';
import { migrate } from '../database/migrate';

/**
 * The council a command works for: `--council <番号>` (taken out of process.argv here, so the
 * commands' own argument checks never see it), or the deployment's only council; null when the
 * deployment has several and none was named (the command then sees no council's rows).
 */
async function commandCouncil(ds: DataSource): Promise<number | null> {
  const argv = process.argv;
  const at = argv.indexOf('--council');
  if (at < 0) return soleCouncilId(ds.manager);
  const id = Number(argv[at + 1]);
  argv.splice(at, 2);
  if (!Number.isInteger(id) || id <= 0 || !(await ds.manager.exists(Municipality, { where: { id } })))
    throw new Error(
      `--council には登録されている審議会の番号を指定してください（${String(argv[at + 1] ?? '')}）`,
    );
  return id;
}

/**
 * Runs a command-line task against the configured database (embedded or DATABASE_URL), migrated.
 * The task runs as the application role, in the council of `--council` (or the only council), so
 * row-level security applies to commands as to requests; `owner: true` (backups, the audit check
 * of every council's chain) runs it as the owner, who sees every council. `noCouncil: true` (the
 * platform administrator's accounts) runs it as the application role in no council.
 */
export async function withDatabase(
  task: (ds: DataSource, config: AppConfig) => Promise<number>,
  opts: { owner?: boolean; noCouncil?: boolean } = {},
): Promise<never> {
  let code = 1;
  try {
    const config = loadConfig();
    const db = await resolveDatabase(config, { reuseRunning: true });
    try {
      await migrate(db.url, ENTITIES, undefined, config.appDatabaseUrl);
      const ds = opts.owner
        ? await new DataSource(dataSourceOptions(db.url, ENTITIES)).initialize()
        : await openAppDataSource(
            dataSourceOptions(appDatabaseUrl(db.url, config.appDatabaseUrl), ENTITIES),
            db.url,
          );
      try {
        const council = opts.owner || opts.noCouncil ? null : await commandCouncil(ds);
        code = await runInCouncil(council, () => task(ds, config));
      } finally {
        await ds.destroy();
      }
    } finally {
      await db.embedded?.stop();
    }
  } catch (e) {
    if (e instanceof ConfigError || e instanceof EmbeddedPostgresError)
      process.stderr.write(`${e.message}\n`);
    else if (e instanceof AppError) {
      const fields = (e.extensions.errors ?? []).flatMap((f) =>
        f.messages.map((m) => `  - ${f.field}: ${m}`),
      );
      process.stderr.write(`エラー: ${e.detail}\n${fields.length ? fields.join('\n') + '\n' : ''}`);
    } else process.stderr.write(`エラー: ${e instanceof Error ? e.message : String(e)}\n`);
    code = code === 0 ? 1 : code;
  }
  process.exit(code);
}

/** Minimal `--name value` / `--flag` parser. */
export function parseArgs(argv: string[]): Record<string, string | true> {
  const out: Record<string, string | true> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) throw new Error(`不明な引数です: ${a}`);
    const [key, inline] = a.slice(2).split('=', 2);
    if (inline !== undefined) out[key] = inline;
    else if (argv[i + 1] !== undefined && !argv[i + 1].startsWith('--')) out[key] = argv[++i];
    else out[key] = true;
  }
  return out;
}

/** A new account's password: `NEW_USER_PASSWORD` (scripts), or typed at the terminal without echo. */
export async function newPassword(question: string): Promise<string> {
  return process.env.NEW_USER_PASSWORD ?? (await promptHidden(question));
}

/** Reads a line without echoing it (passwords). */
function promptHidden(question: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const stdin = process.stdin;
    if (!stdin.isTTY) {
      reject(new Error('パスワードを NEW_USER_PASSWORD で指定するか、端末から実行してください'));
      return;
    }
    process.stdout.write(question);
    stdin.setRawMode(true);
    stdin.resume();
    stdin.setEncoding('utf8');
    let value = '';
    const onData = (ch: string) => {
      for (const c of ch) {
        if (c === '\r' || c === '\n') {
          stdin.setRawMode(false);
          stdin.pause();
          stdin.off('data', onData);
          process.stdout.write('\n');
          resolve(value);
          return;
        }
        if (c === '\u0003') {
          stdin.setRawMode(false);
          process.stdout.write('\n');
          reject(new Error('中断しました'));
          return;
        }
        if (c === '\u007f') value = value.slice(0, -1);
        else value += c;
      }
    };
    stdin.on('data', onData);
  });
}

/** Creates an account with `insert` in one transaction and audits it as made by the command `via`. */
export async function createAccountFromCli<T extends { id: string }>(
  ds: DataSource,
  account: { username: string; role: string; via: string },
  insert: (m: EntityManager) => Promise<T>,
): Promise<T> {
  const audit = new AuditService(ds);
  return ds.transaction(async (m) => {
    const created = await insert(m);
    await audit.record(
      {
        actor: { id: null, name: 'cli', role: 'system' },
        action: 'create',
        targetType: 'user',
        targetId: created.id,
        detail: { username: account.username, role: account.role, via: account.via },
      },
      m,
    );
    return created;
  });
}
