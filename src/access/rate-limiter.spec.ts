import { RateLimiter } from './rate-limiter';

describe('RateLimiter (token bucket per subject)', () => {
  it('allows a burst, then refills at the sustained rate, per subject', () => {
    let now = 0;
    const limiter = new RateLimiter(2, 3, () => now);
    expect([1, 2, 3, 4].map(() => limiter.take('a'))).toEqual([true, true, true, false]);
    expect(limiter.take('b')).toBe(true); // another subject has its own bucket
    now = 499;
    expect(limiter.take('a')).toBe(false); // 0.998 tokens refilled: not yet one
    now = 500;
    expect(limiter.take('a')).toBe(true);
    now = 60_000;
    expect([1, 2, 3, 4].map(() => limiter.take('a'))).toEqual([true, true, true, false]); // refill caps at the burst
  });
});
