import 'reflect-metadata';
import { insertPlatformAdmin } from '../platform/platform-admin-factory';
import { createAccountFromCli, parseArgs, newPassword, withDatabase } from './cli-support';

const USAGE = `使い方: npm run platform-admin:create -- --username NAME [--display-name 氏名] [--password パスワード] [--no-change]
  プラットフォーム管理者（どの審議会にも属さず、審議会の追加と名称の変更だけを行うアカウント）を作ります。
  パスワードは --password、環境変数 NEW_USER_PASSWORD、端末からの入力の順に読み取ります。
  --no-change を付けない限り、初回ログイン時にパスワードの変更が必要です。
  ログイン後は /platform/councils（API は /api/platform/councils）を使います。`;

const KNOWN = new Set(['username', 'display-name', 'password', 'no-change']);

void withDatabase(
  async (ds) => {
    const args = parseArgs(process.argv.slice(2));
    const unknown = Object.keys(args).filter((k) => !KNOWN.has(k));
    if (typeof args.username !== 'string' || unknown.length) {
      if (unknown.length) process.stderr.write(`不明な引数です: ${unknown.map((k) => `--${k}`).join(' ')}\n`);
      process.stderr.write(`${USAGE}\n`);
      return 2;
    }
    const username = args.username;
    const password = typeof args.password === 'string' ? args.password : await newPassword('パスワード: ');
    const mustChangePassword = args['no-change'] !== true;
    await createAccountFromCli(ds, { username, role: 'platformAdmin', via: 'platform-admin:create' }, (m) =>
      insertPlatformAdmin(m, {
        username,
        displayName: typeof args['display-name'] === 'string' ? args['display-name'] : username,
        password,
        mustChangePassword,
      }),
    );
    process.stdout.write(
      `プラットフォーム管理者「${username}」を作成しました。${mustChangePassword ? '初回ログイン時にパスワードの変更が必要です。' : ''}\n`,
    );
    return 0;
  },
  { noCouncil: true },
);
