import type { DestinationStream } from 'pino';
import pretty from 'pino-pretty';
import type { AppConfig } from '../../config/config';

/**
 * Log lines for a person at a terminal during development, JSON on stdout for everything else
 * (production, services, pipes into a collector, tests). Undefined: pino's default JSON to stdout.
 */
export function logDestination(
  nodeEnv: AppConfig['nodeEnv'],
  stdoutIsTty: boolean | undefined,
  /** Where the pretty lines go; stdout unless a test captures them. */
  destination: NodeJS.WritableStream | number = 1,
): DestinationStream | undefined {
  if (nodeEnv !== 'development' || !stdoutIsTty) return undefined;
  return pretty({
    colorize: true,
    // The machine's clock: the municipality's servers run on Japan time.
    translateTime: 'SYS:yyyy-mm-dd HH:MM:ss',
    // One short line per request (method, path, status, time) instead of the full req/res objects.
    ignore: 'pid,hostname,req,res,responseTime',
    messageFormat: '{msg}{if req.method} {req.method} {req.url} → {res.statusCode} ({responseTime} ms){end}',
    singleLine: true,
    sync: true,
    destination,
  });
}
