// The record of a live collection's requests and the guard that makes each one happen once. Every read
// goes through `run`, which notes its dependent round (one more than the deepest result it needed), so
// tests and the benchmark can show how many rounds stand between start and report without timing.

import type { CallRecord, CallService } from "./types.js";
import { type Failure, type Outcome, failedOutcome, okOutcome } from "./outcome.js";

export class Calls {
  readonly records: CallRecord[] = [];
  private readonly origin = performance.now();
  private readonly started = new Map<string, Promise<unknown>>();
  /** The first read refused because the operator's own credentials were (see Failure.refusedCredentials). */
  refusedCredentials: Failure | undefined;

  /** Starts `start` the first time `key` is asked for; later askers share its promise. */
  once<T>(key: string, start: () => Promise<T>): Promise<T> {
    let p = this.started.get(key) as Promise<T> | undefined;
    if (!p) {
      p = start();
      this.started.set(key, p);
    }
    return p;
  }

  /**
   * Runs one request. `after` is the round of the latest result it depends on (0: none). Errors never
   * escape: `classify` turns them into a Failure.
   */
  async run<T>(
    call: { service: CallService; action: string; subject: string; after: number },
    send: () => Promise<T>,
    classify: (err: unknown) => Failure,
  ): Promise<Outcome<T>> {
    const round = call.after + 1;
    const now = () => Math.round(performance.now() - this.origin);
    const record: CallRecord = {
      service: call.service,
      action: call.action,
      subject: call.subject,
      round,
      outcome: "ok",
      startMs: now(),
      endMs: 0,
    };
    this.records.push(record);
    try {
      const value = await send();
      record.endMs = now();
      return okOutcome(value, round);
    } catch (err) {
      record.endMs = now();
      const failure = classify(err);
      record.outcome = failure.kind;
      if (failure.refusedCredentials) this.refusedCredentials ??= failure;
      return failedOutcome(failure, round);
    }
  }
}
