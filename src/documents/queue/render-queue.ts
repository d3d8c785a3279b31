import { randomUUID } from 'node:crypto';
import PgBoss from 'pg-boss';
import pg from 'pg';
import { AppError } from '../../common/errors/app-error';
import { DocumentErrors } from '../documents.errors';
import type { PdfRenderer, PrintableDocument, RenderOptions } from '../renderer/pdf-renderer';

/** The pg-boss queue of PDF jobs. */
export const RENDER_QUEUE = 'render-pdf';
/** NOTIFY channel: a job was queued (or put back for a retry); consumers fetch at once. */
export const JOB_CHANNEL = 'render_job';
/** NOTIFY channel, payload = job id: its result row is stored; the waiting requester reads it. */
export const RESULT_CHANNEL = 'render_result';

/** What a queued job carries: the document and how to print it. */
export interface RenderJobData {
  readonly document: PrintableDocument;
  readonly timeoutMs: number;
  readonly tagged: boolean;
}

/** The browser may time out once and be relaunched for a retry, then some slack for the launch. */
export function jobExpirySeconds(timeoutMs: number): number {
  return Math.ceil((2 * timeoutMs) / 1000) + 10;
}

export interface RenderQueueOptions {
  readonly databaseUrl: string;
  /** Fallback polling when a notification is missed (listener reconnecting, expired jobs). */
  readonly pollMs?: number;
  readonly log?: (message: string) => void;
}

/**
 * The shared plumbing of requesters and consumers in one process: pg-boss (the job table, its
 * expiry and retry) plus one connection LISTENing for the wake-up notifications, so an idle queue
 * costs a notification round trip instead of pg-boss's polling interval.
 */
export class RenderQueue {
  readonly boss: PgBoss;
  readonly pollMs: number;
  private listener: pg.Client | null = null;
  private readonly handlers = new Map<string, Set<(payload: string) => void>>();
  private reconnectTimer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(private readonly options: RenderQueueOptions) {
    this.pollMs = options.pollMs ?? 1000;
    this.boss = new PgBoss({
      connectionString: options.databaseUrl,
      max: 4,
      application_name: 'shingikai-render-queue',
      // No cron schedules here; maintenance expires jobs of dead consumers (and retries them).
      schedule: false,
      supervise: true,
      maintenanceIntervalSeconds: 2,
      archiveCompletedAfterSeconds: 300,
      archiveFailedAfterSeconds: 3600,
      deleteAfterHours: 1,
    });
    this.boss.on('error', (e) => options.log?.(`render queue: ${e.message}`));
  }

  /** Installs or migrates pg-boss's schema (under its own lock), creates the queue, starts listening. */
  async start(): Promise<void> {
    await this.boss.start();
    await this.boss.createQueue(RENDER_QUEUE, { name: RENDER_QUEUE, policy: 'standard', retryLimit: 1 });
    await this.listen();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    const listener = this.listener;
    this.listener = null;
    await listener?.end().catch(() => undefined);
    await this.boss.stop({ graceful: false, wait: true }).catch(() => undefined);
  }

  on(channel: string, handler: (payload: string) => void): () => void {
    let set = this.handlers.get(channel);
    if (!set) this.handlers.set(channel, (set = new Set()));
    set.add(handler);
    return () => set.delete(handler);
  }

  notify(channel: string, payload = ''): Promise<unknown> {
    return this.query('SELECT pg_notify($1, $2)', [channel, payload]);
  }

  /** On pg-boss's own connection pool. */
  query<R>(text: string, values: unknown[]): Promise<{ rows: R[] }> {
    return this.boss.getDb().executeSql(text, values);
  }

  private async listen(): Promise<void> {
    const client = new pg.Client({
      connectionString: this.options.databaseUrl,
      application_name: 'shingikai-render-listener',
    });
    const lost = () => {
      if (this.listener !== client) return;
      this.listener = null;
      client.end().catch(() => undefined);
      this.scheduleReconnect();
    };
    client.on('error', (e) => {
      this.options.log?.(`render queue listener: ${e.message}`);
      lost();
    });
    client.on('end', lost);
    client.on('notification', (n) => {
      for (const handler of this.handlers.get(n.channel) ?? []) handler(n.payload ?? '');
    });
    await client.connect();
    await client.query(`LISTEN ${JOB_CHANNEL}; LISTEN ${RESULT_CHANNEL}`);
    if (this.stopped) {
      await client.end();
      return;
    }
    this.listener = client;
    // Whatever was sent while we were not listening: let everyone look once.
    for (const set of this.handlers.values()) for (const handler of set) handler('');
  }

  private scheduleReconnect(): void {
    if (this.stopped || this.reconnectTimer) return;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      this.listen().catch((e: Error) => {
        this.options.log?.(`render queue listener: reconnect failed: ${e.message}`);
        this.scheduleReconnect();
      });
    }, 1000);
    this.reconnectTimer.unref();
  }
}

interface Waiter {
  readonly resolve: (pdf: Buffer) => void;
  readonly reject: (e: unknown) => void;
  readonly since: number;
}

interface ResultRow {
  job_id: string;
  pdf: Buffer | null;
  error_code: string | null;
  timeout_ms: number | null;
}

/**
 * The requester side: `render()` queues the document and waits for whichever consumer prints it.
 * The result is read (and deleted) when its notification arrives, or by the polling fallback.
 */
export class QueuedPdfRenderer implements PdfRenderer {
  private readonly waiters = new Map<string, Waiter>();
  private readonly poller: NodeJS.Timeout;
  private polling = false;
  private stopped = false;
  private readonly unsubscribe: () => void;

  constructor(
    private readonly queue: RenderQueue,
    private readonly options: {
      /** Per-document print limit handed to the consumer (as RENDER_TIMEOUT_MS inline). */
      readonly timeoutMs: number;
      /** Longest wait for a job, queue wait and retry included. */
      readonly waitMs: number;
      readonly log?: (message: string) => void;
    },
  ) {
    this.unsubscribe = queue.on(RESULT_CHANNEL, (id) => {
      if (id === '') void this.poll();
      else if (this.waiters.has(id)) void this.collect([id]);
    });
    this.poller = setInterval(() => void this.poll(), queue.pollMs);
    this.poller.unref();
  }

  async render(document: PrintableDocument, options: RenderOptions = {}): Promise<Buffer> {
    if (this.stopped) throw DocumentErrors.rendererStopped();
    const id = randomUUID();
    const timeoutMs = options.timeoutMs ?? this.options.timeoutMs;
    const data: RenderJobData = { document, timeoutMs, tagged: options.tagged ?? false };
    const result = new Promise<Buffer>((resolve, reject) =>
      this.waiters.set(id, { resolve, reject, since: Date.now() }),
    );
    try {
      await this.queue.boss.send(RENDER_QUEUE, data, {
        id,
        retryLimit: 1,
        retryDelay: 0,
        expireInSeconds: jobExpirySeconds(timeoutMs),
        // A job nobody fetched while its requester waited is dropped by maintenance.
        retentionSeconds: Math.ceil(this.options.waitMs / 1000) + 60,
      });
      await this.queue.notify(JOB_CHANNEL);
    } catch (e) {
      this.waiters.delete(id);
      this.options.log?.(`render queue: could not queue a job: ${(e as Error).message}`);
      throw DocumentErrors.rendererFailed();
    }
    let timer: NodeJS.Timeout | undefined;
    const limit = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        if (!this.waiters.delete(id)) return;
        void this.queue.boss.cancel(RENDER_QUEUE, id).catch(() => undefined);
        reject(DocumentErrors.renderTimeout(this.options.waitMs));
      }, this.options.waitMs);
    });
    try {
      return await Promise.race([result, limit]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Fails the requests still waiting and stops listening; the jobs stay for the consumers. */
  close(): void {
    this.stopped = true;
    clearInterval(this.poller);
    this.unsubscribe();
    for (const [id, w] of this.waiters) {
      this.waiters.delete(id);
      w.reject(DocumentErrors.rendererStopped());
    }
  }

  pendingCount(): number {
    return this.waiters.size;
  }

  private async collect(ids: string[]): Promise<void> {
    let rows: ResultRow[];
    try {
      ({ rows } = await this.queue.query<ResultRow>(
        `DELETE FROM render_result WHERE job_id = ANY($1::uuid[])
         RETURNING job_id, pdf, error_code, timeout_ms`,
        [ids],
      ));
    } catch (e) {
      this.options.log?.(`render queue: reading results failed: ${(e as Error).message}`);
      return;
    }
    for (const row of rows) {
      const waiter = this.waiters.get(row.job_id);
      if (!waiter) continue;
      this.waiters.delete(row.job_id);
      // The job row carries the whole document: drop it now rather than wait for archiving.
      void this.queue.boss.deleteJob(RENDER_QUEUE, row.job_id).catch(() => undefined);
      if (row.pdf) waiter.resolve(row.pdf);
      else waiter.reject(resultError(row));
    }
  }

  /** Fallback for missed notifications, and the only way to learn that a job failed by expiry. */
  private async poll(): Promise<void> {
    if (this.polling || this.waiters.size === 0) return;
    this.polling = true;
    try {
      await this.collect([...this.waiters.keys()]);
      const now = Date.now();
      for (const [id, waiter] of this.waiters) {
        if (now - waiter.since < this.queue.pollMs) continue;
        const job = await this.queue.boss.getJobById(RENDER_QUEUE, id).catch(() => undefined);
        if (job === undefined || !this.waiters.has(id)) continue;
        if (job === null || job.state === 'failed' || job.state === 'cancelled') {
          // A consumer may have stored the outcome just before failing the job.
          await this.collect([id]);
          if (!this.waiters.delete(id)) continue;
          this.options.log?.(`render queue: job ${id} ${job?.state ?? 'vanished'} without a result`);
          waiter.reject(DocumentErrors.rendererFailed());
        }
      }
    } finally {
      this.polling = false;
    }
  }
}

function resultError(row: ResultRow): AppError {
  if (row.error_code === 'DOCUMENT_RENDER_TIMEOUT') return DocumentErrors.renderTimeout(row.timeout_ms ?? 0);
  if (row.error_code === 'DOCUMENT_RENDERER_STOPPED') return DocumentErrors.rendererStopped();
  return DocumentErrors.rendererFailed();
}

export interface ConsumerStats {
  /** Jobs this consumer printed and handed back. */
  readonly completed: number;
  /** Attempts that failed here (retried elsewhere, or failed for good). */
  readonly failed: number;
  readonly active: number;
}

/**
 * The consumer side: takes at most `concurrency` jobs at a time (the rest stay in the queue for
 * other consumers) and prints them on the local renderer. Woken by notifications, with polling as
 * the fallback (jobs of a dead consumer come back through pg-boss's expiry without a notification).
 */
export class RenderConsumer {
  private active = 0;
  private fetching = false;
  private again = false;
  private stopped = true;
  private poller: NodeJS.Timeout | null = null;
  private unsubscribe: (() => void) | null = null;
  private readonly running = new Set<Promise<void>>();
  private counters = { completed: 0, failed: 0 };
  private lastSweep = 0;

  constructor(
    private readonly queue: RenderQueue,
    private readonly renderer: PdfRenderer,
    private readonly options: { readonly concurrency: number; readonly log?: (message: string) => void },
  ) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.unsubscribe = this.queue.on(JOB_CHANNEL, () => this.wake());
    this.poller = setInterval(() => this.wake(), this.queue.pollMs);
    this.poller.unref();
    this.wake();
  }

  /** Takes no more jobs and waits (bounded) for the running ones; unfinished ones expire and retry elsewhere. */
  async stop(graceMs = 10_000): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.unsubscribe?.();
    if (this.poller) clearInterval(this.poller);
    await Promise.race([
      Promise.allSettled([...this.running]),
      new Promise((r) => setTimeout(r, graceMs).unref()),
    ]);
  }

  stats(): ConsumerStats {
    return { ...this.counters, active: this.active };
  }

  private wake(): void {
    if (this.stopped) return;
    if (this.fetching) {
      this.again = true;
      return;
    }
    this.fetching = true;
    void this.fetchLoop().finally(() => {
      this.fetching = false;
    });
  }

  private async fetchLoop(): Promise<void> {
    try {
      do {
        this.again = false;
        const free = this.options.concurrency - this.active;
        if (free <= 0 || this.stopped) return;
        const jobs = await this.queue.boss.fetch<RenderJobData>(RENDER_QUEUE, {
          batchSize: free,
          includeMetadata: true,
        });
        for (const job of jobs) {
          this.active++;
          const run = this.run(job).finally(() => {
            this.active--;
            this.running.delete(run);
            this.wake();
          });
          this.running.add(run);
        }
        if (jobs.length === free) this.again = true;
      } while (this.again);
      await this.sweep();
    } catch (e) {
      this.options.log?.(`render queue: fetching failed: ${(e as Error).message}`);
    }
  }

  private async run(job: PgBoss.JobWithMetadata<RenderJobData>): Promise<void> {
    const { document, timeoutMs, tagged } = job.data;
    try {
      let pdf: Buffer;
      try {
        pdf = await this.renderer.render(document, { timeoutMs, tagged });
      } catch (e) {
        await this.failed(job, e);
        return;
      }
      await this.store(job.id, { pdf });
      await this.queue.boss.complete(RENDER_QUEUE, job.id);
      this.counters.completed++;
    } catch (e) {
      // The database went away: the job expires and is retried (here or elsewhere).
      this.options.log?.(`render queue: job ${job.id}: ${(e as Error).message}`);
    }
  }

  private async failed(job: PgBoss.JobWithMetadata<RenderJobData>, error: unknown): Promise<void> {
    this.counters.failed++;
    const code = error instanceof AppError ? error.code : 'DOCUMENT_RENDERER_FAILED';
    if (!(error instanceof AppError))
      this.options.log?.(`render queue: job ${job.id} failed: ${(error as Error).message}`);
    if (code === 'DOCUMENT_RENDER_TIMEOUT') {
      // Too big or too slow would be just as slow on another consumer: report it, and cancel the
      // job (failing it would make pg-boss retry it).
      await this.store(job.id, { errorCode: code, timeoutMs: job.data.timeoutMs });
      await this.queue.boss.cancel(RENDER_QUEUE, job.id);
      return;
    }
    if (job.retryCount >= job.retryLimit) {
      // The last attempt: pg-boss marks it failed; the requester learns it at once from the row.
      await this.store(job.id, { errorCode: code, timeoutMs: job.data.timeoutMs });
      await this.queue.boss.fail(RENDER_QUEUE, job.id, { code });
      return;
    }
    // pg-boss puts it back for a retry; wake the consumers (this one included) to take it.
    await this.queue.boss.fail(RENDER_QUEUE, job.id, { code });
    await this.queue.notify(JOB_CHANNEL);
  }

  private async store(
    jobId: string,
    outcome: { pdf: Buffer } | { errorCode: string; timeoutMs: number },
  ): Promise<void> {
    const pdf = 'pdf' in outcome ? outcome.pdf : null;
    const errorCode = 'errorCode' in outcome ? outcome.errorCode : null;
    const timeoutMs = 'timeoutMs' in outcome ? outcome.timeoutMs : null;
    // One statement: the notification is delivered when the row is committed.
    await this.queue.query(
      `WITH stored AS (
         INSERT INTO render_result (job_id, pdf, error_code, timeout_ms) VALUES ($1, $2, $3, $4)
         ON CONFLICT (job_id) DO NOTHING
       )
       SELECT pg_notify($5, $1::text)`,
      [jobId, pdf, errorCode, timeoutMs, RESULT_CHANNEL],
    );
  }

  /** Results whose requester gave up or died; once a minute is plenty. */
  private async sweep(): Promise<void> {
    if (Date.now() - this.lastSweep < 60_000) return;
    this.lastSweep = Date.now();
    await this.queue.query(`DELETE FROM render_result WHERE created_at < now() - interval '1 hour'`, []);
  }
}
