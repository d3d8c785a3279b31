import 'reflect-metadata';
import { Department } from '../departments/department.entity';
import { isRole, ROLES } from '../users/role';
import { insertUser } from '../users/user-factory';
import { createAccountFromCli, parseArgs, newPassword, withDatabase } from './cli-support';

const USAGE = `使い方: npm run user:create -- --username NAME --role ${ROLES.join('|')} [--display-name 氏名] [--department 課コード] [--no-change] [--council 番号]
  パスワードは環境変数 NEW_USER_PASSWORD から読み取ります（未設定なら入力を求めます）。
  --no-change を付けない限り、初回ログイン時にパスワードの変更が必要です。
  審議会が複数ある環境では --council で利用者の審議会を指定します（一つだけなら省略できます）。`;

void withDatabase(async (ds) => {
  const args = parseArgs(process.argv.slice(2));
  const username = args.username;
  const role = args.role;
  if (typeof username !== 'string' || !isRole(role)) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  let departmentId: string | null = null;
  if (typeof args.department === 'string') {
    const dept = await ds.getRepository(Department).findOne({ where: { code: args.department } });
    if (!dept) {
      process.stderr.write(`課コード「${args.department}」は登録されていません。\n`);
      return 2;
    }
    departmentId = dept.id;
  }
  const password = await newPassword('パスワード: ');
  const user = await createAccountFromCli(ds, { username, role, via: 'user:create' }, (m) =>
    insertUser(m, {
      username,
      displayName: typeof args['display-name'] === 'string' ? args['display-name'] : username,
      role,
      departmentId,
      password,
      mustChangePassword: args['no-change'] !== true,
    }),
  );
  process.stdout.write(
    `利用者「${user.username}」（${role}）を作成しました。${user.mustChangePassword ? '初回ログイン時にパスワードの変更が必要です。' : ''}\n`,
  );
  return 0;
});
