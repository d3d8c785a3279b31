import pg from 'pg';

/** What the cache keeps of one resolved session: the principal and the facts checked on each use. */
export interface CachedSession<T> {
  readonly value: T;
  readonly userId: string;
  readonly expiresAt: number;
}

interface Entry<T> extends CachedSession<T> {
  readonly cachedAt: number;
}

export interface SessionCacheOptions {
  readonly databaseUrl: string;
  /** Longest an entry is used without a notification (a backstop; default 60 s). */
  readonly maxAgeMs?: number;
  readonly maxEntries?: number;
  /** Pause before listening again after the connection was lost (default 2 s). */
  readonly retryMs?: number;
  readonly log?: (message: string) => void;
}

/** The channel the `notify_auth_changed` triggers announce changes on (migration 1763751200000). */
const CHANNEL = 'auth_changed';

/**
 * Resolved sessions kept per app instance, so an authenticated request needs no session query.
 * Correct with several instances: every change to users, sessions or departments, from any
 * process, is announced by a database trigger at commit (LISTEN auth_changed) and empties the
 * cache; this instance's own changes empty it at once too (`invalidate`). While the listening
 * connection is down, nothing is cached or served from the cache. A lookup that a change
 * overtook is not stored (the generation moved on while it ran).
 */
export class SessionCache<T> {
  private readonly entries = new Map<string, Entry<T>>();
  private generation = 0;
  private listening = false;
  private client: pg.Client | null = null;
  private stopped = false;
  private retry: NodeJS.Timeout | null = null;

  constructor(private readonly options: SessionCacheOptions) {}

  /** Starts listening; resolves once listening or after the first failure (then retries in the background). */
  async start(): Promise<void> {
    if (this.stopped) return;
    const client = new pg.Client({
      connectionString: this.options.databaseUrl,
      application_name: 'shingikai-auth-listen',
    });
    const lost = (reason: string) => {
      if (this.client !== client) return;
      this.client = null;
      this.listening = false;
      this.invalidate();
      client.end().catch(() => undefined);
      if (!this.stopped) {
        this.options.log?.(
          `セッションの変更通知を受け取れなくなりました（${reason}）。再接続するまでキャッシュを使いません。`,
        );
        this.retry = setTimeout(() => void this.start(), this.options.retryMs ?? 2000);
        this.retry.unref();
      }
    };
    this.client = client;
    client.on('notification', () => this.invalidate());
    client.on('error', (e) => lost(e.message));
    client.on('end', () => lost('接続が閉じられました'));
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANNEL}`);
      // Anything cached before (while not listening nothing was) may predate missed notifications.
      this.invalidate();
      this.listening = this.client === client;
    } catch (e) {
      lost((e as Error).message);
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retry) clearTimeout(this.retry);
    this.listening = false;
    this.entries.clear();
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }

  /** Empties the cache (a change to users, sessions or departments was made or announced). */
  invalidate(): void {
    this.generation++;
    this.entries.clear();
  }

  /** Call before looking a session up in the database; pass the result to `put`. */
  ticket(): number {
    return this.generation;
  }

  get(sessionId: string): CachedSession<T> | null {
    if (!this.listening) return null;
    const e = this.entries.get(sessionId);
    if (!e) return null;
    if (Date.now() - e.cachedAt > (this.options.maxAgeMs ?? 60_000)) {
      this.entries.delete(sessionId);
      return null;
    }
    return e;
  }

  put(sessionId: string, session: CachedSession<T>, ticket: number): void {
    if (!this.listening || ticket !== this.generation) return;
    if (this.entries.size >= (this.options.maxEntries ?? 10_000)) this.entries.clear();
    this.entries.set(sessionId, { ...session, cachedAt: Date.now() });
  }

  /** For tests and the health of the feature: whether lookups can be served from the cache. */
  isListening(): boolean {
    return this.listening;
  }
}
