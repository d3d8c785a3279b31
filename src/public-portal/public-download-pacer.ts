import { AppError } from '../common/errors/app-error';

/** How many downloads may wait for their turn before more are refused (503, Retry-After). */
export const PACER_MAX_WAITING = 500;

/**
 * Paces the public PDF downloads of one instance: up to `perSecond` may start at once, then at most
 * `perSecond` start each second, all addresses together (GCRA: a burst of one second's worth, then
 * one every 1/perSecond s). The others wait their turn in arrival order; a waiting request costs no
 * CPU. Anonymous readers can then take only a bounded share of the server, however many there are
 * and however fast they ask, and staff printing keeps its time. Beyond PACER_MAX_WAITING waiting
 * downloads, a request is refused with 503 and Retry-After instead of queueing without end.
 */
export class PublicDownloadPacer {
  private readonly interval: number;
  private readonly tolerance: number;
  /** The theoretical arrival time of the next download (GCRA). */
  private tat = 0;
  private waiting = 0;

  constructor(
    perSecond: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.interval = 1000 / perSecond;
    this.tolerance = 1000 - this.interval;
  }

  /** Milliseconds this download must wait (reserving its turn), or a 503 when too many wait already. */
  reserve(): number {
    const now = this.now();
    const tat = Math.max(this.tat, now);
    const wait = Math.max(0, tat - this.tolerance - now);
    if (wait > 0 && this.waiting >= PACER_MAX_WAITING) throw busy(Math.ceil(wait / 1000));
    this.tat = tat + this.interval;
    return wait;
  }

  /** Resolves when this download may start; rejects with 503 when too many are waiting. */
  async turn(): Promise<void> {
    const wait = this.reserve();
    if (wait <= 0) return;
    this.waiting++;
    try {
      await new Promise((resolve) => setTimeout(resolve, wait));
    } finally {
      this.waiting--;
    }
  }
}

const busy = (seconds: number) =>
  new AppError(
    'PUBLIC_DOWNLOADS_BUSY',
    503,
    '公開資料のダウンロードが混み合っています。しばらくしてからもう一度お試しください。',
    { retryAfterSeconds: Math.max(1, seconds) },
  );
