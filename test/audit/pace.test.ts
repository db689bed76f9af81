// The audit's pacer: never more in flight than the cap, a list's next page ahead of the describes queued,
// and a throttled answer halving what is let in flight (then regrown one at a time by calm answers).

import { describe, expect, test } from "vitest";
import { createPacer } from "../../src/audit/live/pace.js";

const tick = () => new Promise<void>((resolve) => setTimeout(resolve, 1));

/** A request that answers when told to. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

describe("createPacer", () => {
  test("a request marked first is sent before those already queued", async () => {
    const pacer = createPacer({ concurrency: 1 });
    const order: string[] = [];
    const g = gate();
    const busy = pacer.run(async () => {
      await g.opened;
      order.push("busy");
    });
    const queued = ["d1", "d2", "d3"].map((name) => pacer.run(async () => void order.push(name)));
    const page = pacer.run(async () => void order.push("page"), { first: true });
    g.open();
    await Promise.all([busy, page, ...queued]);
    expect(order).toEqual(["busy", "page", "d1", "d2", "d3"]);
  });

  test("never more in flight than the cap", async () => {
    const pacer = createPacer({ concurrency: 3 });
    let inFlight = 0;
    let most = 0;
    await Promise.all(
      Array.from({ length: 20 }, () =>
        pacer.run(async () => {
          most = Math.max(most, ++inFlight);
          await tick();
          inFlight--;
        }),
      ),
    );
    expect(most).toBe(3);
  });

  test("a throttled answer halves what is let in flight, calm answers grow it back to the cap", async () => {
    const pacer = createPacer({ concurrency: 8, baseDelayMs: 1, maxDelayMs: 2 });
    let throttleOnce = true;
    await pacer.run(async () => {
      if (throttleOnce) {
        throttleOnce = false;
        throw Object.assign(new Error("Rate exceeded"), { name: "ThrottlingException" });
      }
    });
    expect(pacer.throttled).toBe(1);
    expect(pacer.limit).toBe(4);
    let inFlight = 0;
    let most = 0;
    const burst = () =>
      Promise.all(
        Array.from({ length: 12 }, () =>
          pacer.run(async () => {
            most = Math.max(most, ++inFlight);
            await tick();
            inFlight--;
          }),
        ),
      );
    await burst();
    expect(most).toBeLessThanOrEqual(6);
    for (let i = 0; i < 10; i++) await burst();
    expect(pacer.limit).toBe(8);
  });

  test("a failure that is not throttling is returned at once, not retried", async () => {
    const pacer = createPacer({ concurrency: 2, baseDelayMs: 1 });
    let calls = 0;
    await expect(
      pacer.run(async () => {
        calls++;
        throw Object.assign(new Error("denied"), { name: "AccessDeniedException" });
      }),
    ).rejects.toThrow("denied");
    expect(calls).toBe(1);
    expect(pacer.limit).toBe(2);
  });
});
