import 'reflect-metadata';
import { runAuditVerify, VERIFY_USAGE } from '../audit/audit-verify-command';
import { parseArgs, withDatabase } from './cli-support';

void withDatabase(
  async (ds) => {
    let args: Record<string, string | true>;
    try {
      args = parseArgs(process.argv.slice(2));
    } catch (e) {
      process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
      return VERIFY_USAGE;
    }
    return runAuditVerify(ds, args, {
      out: (s) => process.stdout.write(s),
      err: (s) => process.stderr.write(s),
    });
    // As the owner: every council's chain (and the deployment's) is checked.
  },
  { owner: true },
);
