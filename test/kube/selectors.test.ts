// Label and field selector parsing and matching, with the apiserver's semantics for the edge cases
// (`!=` and `notin` match objects without the label; unsupported fields are rejected).

import { describe, expect, test } from "vitest";
import { matchesFields, parseFieldSelector } from "../../src/kube/field-selector.js";
import { SelectorError, matchesLabels, parseLabelSelector } from "../../src/kube/label-selector.js";
import { findResource } from "../../src/kube/resources.js";

const match = (selector: string, labels?: Record<string, string>) => matchesLabels(parseLabelSelector(selector), labels);

describe("label selectors", () => {
  test("equality, inequality and the missing-label cases", () => {
    expect(match("app=web", { app: "web" })).toBe(true);
    expect(match("app==web", { app: "api" })).toBe(false);
    expect(match("app!=web", {})).toBe(true);
    expect(match("app!=web", { app: "web" })).toBe(false);
  });

  test("in, notin, exists and does-not-exist", () => {
    expect(match("env in (prod, staging)", { env: "staging" })).toBe(true);
    expect(match("env in (prod)", {})).toBe(false);
    expect(match("env notin (prod)", {})).toBe(true);
    expect(match("env", { env: "" })).toBe(true);
    expect(match("!env", { env: "x" })).toBe(false);
    expect(match("app=web,env in (a,b),!legacy", { app: "web", env: "b" })).toBe(true);
  });

  test("prefixed keys and an empty selector", () => {
    expect(match("app.kubernetes.io/name=eks-pod-identity-agent", { "app.kubernetes.io/name": "eks-pod-identity-agent" })).toBe(true);
    expect(match("", undefined)).toBe(true);
  });

  test.each(["app in (web", "app in ()", "=web", "app=we b", "bad key=1", "app=(x)"])("rejects malformed selector %j", (selector) => {
    expect(() => parseLabelSelector(selector)).toThrow(SelectorError);
  });
});

describe("field selectors", () => {
  const pods = findResource("", "v1", "pods")!;
  const pod = {
    metadata: { name: "p", namespace: "ns" },
    spec: { nodeName: "n1", serviceAccountName: "sa" },
    status: { phase: "Running" },
  };

  test("=, == and != on supported pod fields; an unset field reads as empty", () => {
    expect(matchesFields(parseFieldSelector("spec.nodeName=n1,status.phase==Running", pods), pods, pod)).toBe(true);
    expect(matchesFields(parseFieldSelector("spec.serviceAccountName!=sa", pods), pods, pod)).toBe(false);
    expect(matchesFields(parseFieldSelector("spec.nodeName=", pods), pods, { metadata: { name: "q" }, spec: {} })).toBe(true);
  });

  test("unsupported field labels and terms without an operator are rejected", () => {
    expect(() => parseFieldSelector("spec.hostname=x", pods)).toThrow("field label not supported: spec.hostname");
    expect(() => parseFieldSelector("metadata.name", pods)).toThrow(SelectorError);
    const nodes = findResource("", "v1", "nodes")!;
    expect(() => parseFieldSelector("spec.nodeName=x", nodes)).toThrow("field label not supported");
  });

  test("escaped commas belong to the value", () => {
    const events = findResource("", "v1", "events")!;
    const reqs = parseFieldSelector("reason=a\\,b", events);
    expect(reqs).toEqual([{ field: "reason", negate: false, value: "a,b" }]);
  });
});
