// correlate: pivot occurrences merged into ±window time windows, recognised messages from every source
// placed in them by time, each window's share of maxEvents kept (earliest first), untimed lines apart.

import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CollectionStore, correlateCollection } from "../../src/logtools/index.js";
import { collectDone, h2Runbooks } from "./support/engine.js";

let dir: string;
const store = new CollectionStore();
const DENIED =
  "An error occurred (AccessDenied) when calling the AssumeRoleWithWebIdentity operation: Not authorized to perform sts:AssumeRoleWithWebIdentity";

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "irsa-doctor-correlate-"));
  writeFileSync(
    join(dir, "app.log"),
    [
      `2024-11-28T10:00:00Z ${DENIED}`,
      `2024-11-28T10:01:00Z ${DENIED}`,
      "2024-11-28T10:30:00Z info nothing to see",
      `2024-11-28T12:00:00Z ${DENIED}`,
      `no time on this line: ${DENIED}`,
    ].join("\n"),
  );
  writeFileSync(
    join(dir, "agent.log"),
    [
      '{"level":"error","msg":"Error fetching credentials: Service account token cannot be parsed: token is malformed","time":"2024-11-28T09:59:30Z"}',
      '{"level":"error","msg":"Error fetching credentials: Service account token cannot be parsed: token is malformed","time":"2024-11-28T11:00:00Z"}',
      "caused by: InvalidIdentityToken: No OpenIDConnect provider found in your account",
    ].join("\n"),
  );
  await collectDone(store, { path: dir });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("correlate", () => {
  it("merges nearby occurrences into one window and places other sources' messages in it by time", async () => {
    const r = await correlateCollection(store.collection(dir), await h2Runbooks(), { pivotEvent: "AccessDenied", timeWindow: 120 });
    expect(r.pivot).toEqual({ query: "AccessDenied", occurrences: 4, timed: 3, untimed: 1 });
    expect(r.windows).toEqual([
      { start: "2024-11-28T09:58:00.000Z", end: "2024-11-28T10:03:00.000Z", pivots: 2, events: 3 },
      { start: "2024-11-28T11:58:00.000Z", end: "2024-11-28T12:02:00.000Z", pivots: 1, events: 1 },
    ]);
    expect(r.timeline.map((e) => [e.time, e.file, e.line, e.pivot, e.pattern?.id ?? null])).toEqual([
      ["2024-11-28T09:59:30.000Z", "agent.log", 1, false, "pod_identity_agent.token_rejected"],
      ["2024-11-28T10:00:00.000Z", "app.log", 1, true, "sts.web_identity_access_denied"],
      ["2024-11-28T10:01:00.000Z", "app.log", 2, true, "sts.web_identity_access_denied"],
      ["2024-11-28T12:00:00.000Z", "app.log", 4, true, "sts.web_identity_access_denied"],
    ]);
    expect(r.truncated).toBe(false);
  });

  it("lists lines without a time apart, pivots and recognised messages alike", async () => {
    const r = await correlateCollection(store.collection(dir), await h2Runbooks(), { pivotEvent: "AccessDenied" });
    expect(r.untimed.map((u) => [u.file, u.line, u.pivot, u.pattern?.id ?? null])).toEqual([
      ["app.log", 5, true, null],
      ["agent.log", 3, false, "sts.no_oidc_provider"],
    ]);
    expect(r.untimed_count).toBe(2);
  });

  it("keeps each window's earliest events within maxEvents and says it truncated", async () => {
    const r = await correlateCollection(store.collection(dir), await h2Runbooks(), {
      pivotEvent: "AccessDenied",
      timeWindow: 120,
      maxEvents: 2,
    });
    expect(r.timeline.map((e) => e.time)).toEqual(["2024-11-28T09:59:30.000Z", "2024-11-28T12:00:00.000Z"]);
    expect(r.truncated).toBe(true);
    expect(r.windows.map((w) => w.events)).toEqual([3, 1]);
  });

  it("a pivot that never occurs gives no windows and an empty timeline", async () => {
    const r = await correlateCollection(store.collection(dir), await h2Runbooks(), { pivotEvent: "ThrottlingException" });
    expect(r.pivot.occurrences).toBe(0);
    expect(r.windows).toEqual([]);
    expect(r.timeline).toEqual([]);
  });
});
