// Throttled reads are retried a few times with growing waits: a rate limit (IAM Throttling, EKS
// ThrottlingException, the apiserver's 429) says "later", not "no", and a busy account must not turn into
// missing evidence. Bounded: at most RETRIES more tries, no wait above MAX_WAIT_MS, so a read that stays
// throttled still ends as an error within seconds.

const RETRIES = 4;
const BASE_WAIT_MS = 200;
const MAX_WAIT_MS = 2000;

/** How long the service asked to wait (ms), when it said; undefined when the error is not a rate limit. */
export type ThrottleTest = (err: unknown) => { retryAfterMs?: number } | undefined;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Runs `send`, again after a wait each time it is throttled, RETRIES times at most; other errors pass at once. */
export async function retryThrottled<T>(
  send: () => Promise<T>,
  throttled: ThrottleTest,
  wait: (ms: number) => Promise<void> = sleep,
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await send();
    } catch (err) {
      const t = attempt < RETRIES ? throttled(err) : undefined;
      if (t === undefined) throw err;
      // Half fixed, half random: clients throttled together do not come back together.
      const backoff = BASE_WAIT_MS * 2 ** attempt * (0.5 + Math.random() / 2);
      await wait(Math.min(MAX_WAIT_MS, Math.max(backoff, t.retryAfterMs ?? 0)));
    }
  }
}
