/**
 * A token bucket per subject, in process: enough to stop one runaway client or script hammering
 * the API. Buckets idle for a minute are dropped so the map cannot grow without bound.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private lastSweep = 0;

  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Takes one token for the subject; false when the bucket is empty. */
  take(subject: string): boolean {
    const now = this.now();
    this.sweep(now);
    const bucket = this.buckets.get(subject) ?? { tokens: this.burst, at: now };
    bucket.tokens = Math.min(this.burst, bucket.tokens + ((now - bucket.at) / 1000) * this.perSecond);
    bucket.at = now;
    this.buckets.set(subject, bucket);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }

  private sweep(now: number): void {
    if (now - this.lastSweep < 60_000) return;
    this.lastSweep = now;
    for (const [subject, bucket] of this.buckets) if (now - bucket.at > 60_000) this.buckets.delete(subject);
  }
}
