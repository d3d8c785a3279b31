import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { AuditService } from '../audit/audit.service';
import { CommonErrors } from '../common/errors/app-error';
import { flattenValidationErrors } from '../common/errors/validation';
import { listCatalogues } from '../council/setup/catalogues';
import { CreateCouncilDto } from '../council/setup/council-setup.dto';
import { CouncilSetupService } from '../council/setup/council-setup.service';
import { NUMBERING_SCHEMES } from '../workflow/numbering';
import { parseArgs, newPassword, withDatabase } from './cli-support';

const USAGE = `使い方: npm run council:create -- --municipality 自治体名 --council-name 審議会の名称 --implementing-body 実施機関
    [--slug 公開ポータルの英字名] --secretariat 事務局の課 [--secretariat-division 部] [--secretariat-code 課コード]
    [--numbering ${NUMBERING_SCHEMES.join('|')}] --catalogue 目録 --admin-username ユーザー名 [--admin-display-name 表示名]
    [--admin-password パスワード] [--additional]
  審議会がまだない環境での初期設定です（画面の /setup と同じ）。すでに審議会がある環境に
  別の審議会を追加するときは --additional を付けます（一つの環境で複数の審議会を運用する場合）。
  パスワードは --admin-password、環境変数 NEW_USER_PASSWORD、端末からの入力の順に読み取ります。`;

/** CLI option → CreateCouncilDto field. */
const OPTIONS: Record<string, keyof CreateCouncilDto> = {
  municipality: 'municipality',
  'council-name': 'councilName',
  'implementing-body': 'implementingBody',
  slug: 'slug',
  secretariat: 'secretariat',
  'secretariat-division': 'secretariatDivision',
  'secretariat-code': 'secretariatCode',
  numbering: 'numbering',
  catalogue: 'catalogue',
  'admin-username': 'adminUsername',
  'admin-display-name': 'adminDisplayName',
  'admin-password': 'adminPassword',
};

const REQUIRED = [
  'municipality',
  'council-name',
  'implementing-body',
  'secretariat',
  'catalogue',
  'admin-username',
];

void withDatabase(async (ds, config) => {
  const args = parseArgs(process.argv.slice(2));
  const additional = args.additional === true;
  delete args.additional;
  const unknown = Object.keys(args).filter((k) => !(k in OPTIONS));
  const missing = REQUIRED.filter((k) => typeof args[k] !== 'string');
  if (unknown.length || missing.length) {
    if (unknown.length) process.stderr.write(`不明な引数です: ${unknown.map((k) => `--${k}`).join(' ')}\n`);
    if (missing.length) process.stderr.write(`指定が必要です: ${missing.map((k) => `--${k}`).join(' ')}\n`);
    const catalogues = listCatalogues(config.seedsDir)
      .map((c) => `    ${c.code}: ${c.title}`)
      .join('\n');
    process.stderr.write(`${USAGE}\n  目録:\n${catalogues}\n`);
    return 2;
  }
  const plain: Record<string, string> = {};
  for (const [option, field] of Object.entries(OPTIONS))
    if (typeof args[option] === 'string') plain[field] = args[option];
  plain.adminPassword ??= await newPassword('管理者のパスワード: ');
  const dto = plainToInstance(CreateCouncilDto, plain);
  const problems = await validate(dto, { whitelist: true, forbidNonWhitelisted: true });
  if (problems.length) throw CommonErrors.validation(flattenValidationErrors(problems));
  const setup = new CouncilSetupService(ds, new AuditService(ds), config);
  const created = await setup.create(dto, { via: 'cli', additional });
  process.stdout.write(
    `「${created.councilName}」を設定しました（目録 ${created.catalogue}: 根拠 ${created.legalBases} 件、特記事項 ${created.clauseSets} 件）。\n` +
      `審議会の番号: ${created.councilId}（--council ${created.councilId} でコマンドの対象にできます）\n` +
      `管理者「${created.adminUsername}」でログインしてください。\n`,
  );
  return 0;
});
