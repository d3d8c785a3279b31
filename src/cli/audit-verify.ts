import 'reflect-metadata';
import { verifyAuditChain } from '../audit/audit.service';
import { withDatabase } from './cli-support';

void withDatabase(async (ds) => {
  const verdict = await verifyAuditChain(ds);
  if (verdict.ok) {
    process.stdout.write(
      `監査ログの検証に成功しました: ${verdict.rows} 行、改ざんは検出されませんでした。\n`,
    );
    return 0;
  }
  process.stderr.write(
    `監査ログの改ざんを検出しました: 行 ID ${verdict.brokenId} — ${verdict.reason}（${verdict.rows} 行目）\n`,
  );
  return 3;
});
