// Polite reading: a cap on requests in flight per API, and retries with bounded, jittered exponential
// backoff when the API says it is throttling (IAM Throttling, EKS ThrottlingException, Kubernetes 429).
// A throttled answer also halves the requests let in flight (back up by one per window of answers that
// were not throttled), so an account already near its rate limit is not hammered at the full cap.
// Every other failure is returned at once: the audit turns it into evidence.
//
// A list's next page jumps the queue: it is one request that the whole rest of the list waits on, while
// the hundreds of describes queued behind it depend on nothing. Queued behind them, a 20-page list took
// as long as every describe before it (measured: the last association page came at 16.7 s instead of 1 s).

export interface Pacer {
  run<T>(fn: () => Promise<T>, opts?: { first?: boolean }): Promise<T>;
  /** Throttled answers met so far (each retried). */
  readonly throttled: number;
  /** Requests currently let in flight at once (the cap, less what throttling took off). */
  readonly limit: number;
}

export interface PaceOptions {
  /** Requests in flight at once. */
  concurrency: number;
  /** Tries in all, the first included. */
  attempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
}

const THROTTLE_CODES = /^(Throttling|ThrottlingException|TooManyRequestsException|RequestLimitExceeded|SlowDown|RequestThrottled)$/;

function isThrottle(err: unknown): boolean {
  const e = (err ?? {}) as { name?: string; Code?: string; status?: number; $metadata?: { httpStatusCode?: number } };
  return THROTTLE_CODES.test(e.Code ?? e.name ?? "") || e.status === 429 || e.$metadata?.httpStatusCode === 429;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function createPacer(opts: PaceOptions): Pacer {
  const attempts = opts.attempts ?? 5;
  const base = opts.baseDelayMs ?? 100;
  const max = opts.maxDelayMs ?? 2000;
  const cap = Math.max(1, opts.concurrency);
  let limit = cap;
  let calm = 0;
  let active = 0;
  let throttled = 0;
  const waiting: (() => void)[] = [];
  const wake = () => {
    while (active < limit && waiting.length > 0) {
      active++;
      waiting.shift()!();
    }
  };
  const acquire = (first: boolean) =>
    new Promise<void>((resolve) => {
      if (first) waiting.unshift(resolve);
      else waiting.push(resolve);
      wake();
    });
  const release = (outcome: "ok" | "throttled" | "failed") => {
    active--;
    if (outcome === "throttled") {
      limit = Math.max(1, Math.floor(limit / 2));
      calm = 0;
    } else if (outcome === "ok" && limit < cap && ++calm >= limit) {
      limit++;
      calm = 0;
    }
    wake();
  };
  return {
    get throttled() {
      return throttled;
    },
    get limit() {
      return limit;
    },
    async run(fn, runOpts) {
      for (let attempt = 1; ; attempt++) {
        // A retry is not a new request: it goes ahead of those that have not been sent at all.
        await acquire(runOpts?.first === true || attempt > 1);
        let outcome: "ok" | "throttled" | "failed" = "failed";
        try {
          const out = await fn();
          outcome = "ok";
          return out;
        } catch (err) {
          if (!isThrottle(err)) throw err;
          outcome = "throttled";
          if (attempt >= attempts) throw err;
          throttled++;
        } finally {
          release(outcome);
        }
        // Backoff outside the slot, so a throttled request does not hold back the others' place.
        await sleep(Math.min(max, base * 2 ** (attempt - 1)) * (0.5 + Math.random() / 2));
      }
    },
  };
}
