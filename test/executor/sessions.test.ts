// Diagnosis sessions: the LRU store keeps the most recent ones (a read makes a session recent), each server
// has its own store, ids follow the evidence, and a step's parameters are filled from the session's target.

import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ExecutorError, SessionStore, sessionStoreFor } from "../../src/executor/index.js";
import { fillParams, targetValues } from "../../src/executor/params.js";
import type { Session } from "../../src/executor/types.js";
import { SCENARIOS, sessionOf, step } from "./helpers.js";

const fake = (id: string) => ({ id }) as Session;

describe("SessionStore", () => {
  it("forgets the least recently used session beyond its capacity", () => {
    const store = new SessionStore(2);
    store.put(fake("D-1"));
    store.put(fake("D-2"));
    store.get("D-1"); // D-1 is now the most recent: D-2 goes first
    store.put(fake("D-3"));
    expect(store.ids()).toEqual(["D-1", "D-3"]);
    expect(() => store.get("D-2")).toThrow(ExecutorError);
    expect(() => store.get("D-2")).toThrow(
      /No diagnosis session "D-2" on this server: sessions live in the server.s memory \(the 2 most recent\)/,
    );
  });

  it("is one per owner object, so two servers never share sessions", () => {
    const a = {};
    const b = {};
    expect(sessionStoreFor(a)).toBe(sessionStoreFor(a));
    expect(sessionStoreFor(a)).not.toBe(sessionStoreFor(b));
  });
});

describe("sessions over scenarios", () => {
  it("the same evidence gives the same id; other evidence another", async () => {
    const one = await sessionOf(join(SCENARIOS, "healthy--irsa"));
    const again = await sessionOf(join(SCENARIOS, "healthy--irsa"));
    const other = await sessionOf(join(SCENARIOS, "healthy--pod-identity"));
    expect(one.id).toMatch(/^D-[0-9a-f]{8}$/);
    expect(again.id).toBe(one.id);
    expect(other.id).not.toBe(one.id);
  });

  it("fills bare names and placeholders from the target, keeps literal values, and leaves unknown names null", async () => {
    const session = await sessionOf(join(SCENARIOS, "trust_policy.subject_mismatch--other-namespace"));
    const filled = fillParams(
      step("x", "read_k8s_resource", {
        clusterName: null,
        kind: "ServiceAccount",
        namespace: "<namespace>",
        name: "<sa-name>",
        instanceId: null,
        executionId: null,
        pivotEvent: "AccessDenied",
        timeWindow: null,
        owner: "<team-name>",
      }),
      session,
      targetValues(session),
    );
    expect(filled).toEqual({
      clusterName: "prod-eu",
      kind: "ServiceAccount",
      namespace: "payments",
      name: "payments-api",
      instanceId: "i-0abc123def4567890",
      executionId: session.id,
      pivotEvent: "AccessDenied",
      timeWindow: null,
      owner: null,
    });
  });

  it("a bare name parameter means the pod unless the step reads a service account", async () => {
    const session = await sessionOf(join(SCENARIOS, "trust_policy.subject_mismatch--other-namespace"));
    expect(fillParams(step("x", "get_k8s_events", { kind: "Pod", name: null }), session, targetValues(session))["name"]).toBe(
      "payments-api-7d9c8b6f5-x2k4q",
    );
  });
});
