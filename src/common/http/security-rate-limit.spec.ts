import { RateLimiter } from './security-rate-limit';

describe('rate limiter', () => {
  it('allows `limit` requests per window and key, then tells how long to wait', () => {
    let now = 1_000_000;
    const limiter = new RateLimiter(() => now);
    for (let i = 0; i < 3; i++) expect(limiter.hit('a', 3, 60_000).retryAfterSeconds).toBeNull();
    expect(limiter.hit('a', 3, 60_000).retryAfterSeconds).toBe(60);
    expect(limiter.hit('b', 3, 60_000).retryAfterSeconds).toBeNull();
    now += 45_000;
    expect(limiter.hit('a', 3, 60_000).retryAfterSeconds).toBe(15);
    now += 15_000;
    expect(limiter.hit('a', 3, 60_000)).toEqual({ retryAfterSeconds: null, remaining: 2 });
  });
});
