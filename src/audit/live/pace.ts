// Polite reading: a cap on requests in flight per API, and retries with bounded, jittered exponential
// backoff when the API says it is throttling (IAM Throttling, EKS ThrottlingException, Kubernetes 429).
// Every other failure is returned at once: the audit turns it into evidence.

export interface Pacer {
  run<T>(fn: () => Promise<T>): Promise<T>;
  /** Throttled answers met so far (each retried). */
  readonly throttled: number;
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
  let active = 0;
  let throttled = 0;
  const waiting: (() => void)[] = [];
  const acquire = async () => {
    if (active < opts.concurrency) {
      active++;
      return;
    }
    await new Promise<void>((resolve) => waiting.push(resolve));
  };
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else active--;
  };
  return {
    get throttled() {
      return throttled;
    },
    async run(fn) {
      for (let attempt = 1; ; attempt++) {
        await acquire();
        try {
          return await fn();
        } catch (err) {
          if (!isThrottle(err) || attempt >= attempts) throw err;
          throttled++;
        } finally {
          release();
        }
        // Backoff outside the slot, so a throttled request does not hold back the others' place.
        await sleep(Math.min(max, base * 2 ** (attempt - 1)) * (0.5 + Math.random() / 2));
      }
    },
  };
}
