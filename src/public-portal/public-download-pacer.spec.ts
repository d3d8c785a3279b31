import { jest } from '@jest/globals';
import { AppError } from '../common/errors/app-error';
import { PACER_MAX_WAITING, PublicDownloadPacer } from './public-download-pacer';

describe('PublicDownloadPacer', () => {
  it('lets one second worth start at once, then one per interval', () => {
    let now = 1_000;
    const pacer = new PublicDownloadPacer(10, () => now);
    const waits = Array.from({ length: 12 }, () => pacer.reserve());
    expect(waits.slice(0, 10)).toEqual(Array(10).fill(0));
    expect(waits[10]).toBeCloseTo(100);
    expect(waits[11]).toBeCloseTo(200);
    // A second later the two queued ones have started; the burst is back but for what they used.
    now += 1_000;
    const again = Array.from({ length: 9 }, () => pacer.reserve());
    expect(again.slice(0, 8)).toEqual(Array(8).fill(0));
    expect(again[8]).toBeCloseTo(100);
  });

  it('never delays a reader who downloads one after another at the allowed pace', () => {
    let now = 0;
    const pacer = new PublicDownloadPacer(40, () => now);
    for (let i = 0; i < 200; i++) {
      expect(pacer.reserve()).toBe(0);
      now += 25;
    }
  });

  it('refuses with 503 and Retry-After seconds once too many are waiting', async () => {
    const now = 0;
    const pacer = new PublicDownloadPacer(1, () => now);
    pacer.reserve(); // the burst of one
    jest.useFakeTimers();
    try {
      const waiting = Array.from({ length: PACER_MAX_WAITING }, () => pacer.turn());
      let refused: unknown;
      try {
        await pacer.turn();
      } catch (e) {
        refused = e;
      }
      expect(refused).toBeInstanceOf(AppError);
      expect((refused as AppError).status).toBe(503);
      expect((refused as AppError).extensions.retryAfterSeconds).toBeGreaterThan(0);
      jest.runAllTimers();
      await Promise.all(waiting);
    } finally {
      jest.useRealTimers();
    }
  });
});
