import 'reflect-metadata';
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { AuditService } from '../audit/audit.service';
import { UnitOfWork } from '../database/unit-of-work';
import { HistoryImportService } from '../history/history-import.service';
import type { HistoryUpload } from '../history/history-plan';
import { User } from '../users/user.entity';
import { parseArgs, withDatabase } from './cli-support';

const USAGE = `使い方: npm run history:import -- <フォルダまたは JSON/CSV ファイル> [--source 取り込み元] [--dry-run] [--as 利用者名] [--council 番号]
  フォルダを指定すると、その中の JSON（または CSV）1 つと、それが参照する PDF を取り込みます。
  --dry-run: 確認だけ行い、何も書き込みません。
  --source: CSV の取り込み元の名前（JSON では文書の source を使います）。
  --council: 取り込む審議会の番号（審議会が一つだけなら省略できます）。
  --as: 取り込みを行う事務局の利用者（省略時は最初の事務局利用者）。`;

/** The JSON or CSV document of a folder (exactly one), or the file given. */
async function documentPath(target: string): Promise<string | null> {
  if (!(await stat(target)).isDirectory()) return target;
  const docs = (await readdir(target)).filter((f) => /\.(json|csv)$/i.test(f));
  return docs.length === 1 ? join(target, docs[0]) : null;
}

void withDatabase(async (ds, config) => {
  const argv = process.argv.slice(2);
  const target = argv[0] && !argv[0].startsWith('--') ? argv[0] : null;
  const args = parseArgs(target ? argv.slice(1) : argv);
  if (!target) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const docPath = await documentPath(target);
  if (!docPath) {
    process.stderr.write(
      `フォルダ「${target}」には JSON または CSV のファイルをちょうど 1 つ置いてください。\n`,
    );
    return 2;
  }
  const username = typeof args.as === 'string' ? args.as : null;
  const actor = await ds.getRepository(User).findOne({
    where: username ? { username } : { role: 'secretariat', disabled: false },
    order: { createdAt: 'ASC' },
  });
  if (!actor || (actor.role !== 'secretariat' && actor.role !== 'admin')) {
    process.stderr.write(
      username
        ? `利用者「${username}」は事務局またはシステム管理者ではありません。\n`
        : '事務局の利用者がいません。--as で取り込みを行う利用者を指定してください。\n',
    );
    return 2;
  }
  const service = new HistoryImportService(new UnitOfWork(ds), config.dataDir, new AuditService(ds));
  const document: HistoryUpload = { name: basename(docPath), buffer: await readFile(docPath) };
  const source = typeof args.source === 'string' ? args.source : null;
  // The PDFs the document names, from its folder; a missing one is reported with the rest.
  const names = new Set(service.parse(document, source).doc.cases.flatMap((c) => c.files.map((f) => f.file)));
  const files: HistoryUpload[] = [];
  for (const name of names) {
    const buffer = await readFile(join(dirname(docPath), name)).catch(() => null);
    if (buffer) files.push({ name, buffer });
  }
  const result = await service.import(actor, { document, files, source, dryRun: args['dry-run'] === true });
  const line = (c: typeof result.created) =>
    `会議 ${c.meetings} 件、事案 ${c.cases} 件、答申 ${c.replies} 件、会議録 ${c.minutes} 件、PDF ${c.files} 件`;
  process.stdout.write(
    `${result.dryRun ? '確認のみ（何も書き込んでいません）' : '取り込みました'}（取り込み元 ${result.source}）\n` +
      `  新規: ${line(result.created)}\n  変更なし: ${line(result.unchanged)}\n`,
  );
  return 0;
});
