/** Rate-limit headers as both Hetzner specs document them ("Rate Limiting"). */

/** Token bucket per project as documented: 3600 per hour, refilled by one per second. Reported, not enforced. */
export class RateLimit {
  static readonly LIMIT = 3600;
  private remaining = RateLimit.LIMIT;
  private refilledAt = Date.now();

  take(now = Date.now()): Record<string, string> {
    const refill = Math.floor((now - this.refilledAt) / 1000);
    if (refill > 0) {
      this.remaining = Math.min(RateLimit.LIMIT, this.remaining + refill);
      this.refilledAt += refill * 1000;
    }
    this.remaining = Math.max(0, this.remaining - 1);
    const reset = Math.ceil(now / 1000) + (RateLimit.LIMIT - this.remaining);
    return {
      "RateLimit-Limit": String(RateLimit.LIMIT),
      "RateLimit-Remaining": String(this.remaining),
      "RateLimit-Reset": String(reset),
    };
  }
}
