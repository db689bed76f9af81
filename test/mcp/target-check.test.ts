// A target that does not exist is refused before it is diagnosed, offline and live through the emulator: a
// mistyped pod, service account or namespace gives isError naming the closest names in the namespace and the
// namespaces that hold the name, never a diagnosis of the wrong thing. Only the API's 404 (or, offline, the
// bundle's list of that kind) counts as "does not exist": a refused read goes on to a diagnosis.

import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { CallToolResult } from "../../src/mcp/sdk.js";
import { withEmulator } from "../collect/helpers.js";
import { REPO_ROOT, startInMemory, textOf, type Harness } from "./support/harness.js";

const SCENARIO = join(REPO_ROOT, "fixtures/scenarios/trust_policy.subject_mismatch--other-namespace");
const POD = "payments-api-7d9c8b6f5-x2k4q";

let h: Harness;
let work: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), "irsa-target-check-"));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));
afterEach(async () => {
  await h?.close();
});

async function call(name: string, args: Record<string, unknown>) {
  h = await startInMemory({ allowedPaths: [work] });
  const result = (await h.client.callTool({ name, arguments: args })) as CallToolResult;
  return { ...result, text: textOf(result) };
}

/** A copy of the scenario whose target.yaml asks for other names. */
function bundleAsking(name: string, target: Record<string, string>): string {
  const dir = join(work, name);
  cpSync(SCENARIO, dir, { recursive: true });
  const lines = readFileSync(join(dir, "target.yaml"), "utf8")
    .split("\n")
    .filter((l) => !/^(namespace|pod|serviceAccount):/.test(l));
  writeFileSync(join(dir, "target.yaml"), [...lines, ...Object.entries(target).map(([k, v]) => `${k}: ${v}`)].join("\n") + "\n");
  return dir;
}

describe("offline: a bundle whose target names what is not in it", () => {
  it("a mistyped pod is refused, naming the closest pod of the namespace", async () => {
    const dir = bundleAsking("pod", { namespace: "payments", pod: "payments-api-7d9c8b6f5-x2k4" });
    const result = await call("diagnose_irsa", { snapshot: dir });
    expect(result.isError).toBe(true);
    expect(result.text).toContain(`Pod "payments-api-7d9c8b6f5-x2k4" in namespace "payments" is not in the bundle's k8s/ objects.`);
    expect(result.text).toContain(`Closest pod in namespace payments: ${POD}.`);
    expect(result.text).toContain("Call again with pod (and namespace) set to the right one; nothing was diagnosed.");
    expect(result.structuredContent).toBeUndefined();
  });

  it("a mistyped namespace is refused, naming the closest namespace and where the pod is", async () => {
    const dir = bundleAsking("namespace", { namespace: "payment", pod: POD });
    const result = await call("irsa_phase", { phase: "triage", snapshot: dir });
    expect(result.isError).toBe(true);
    expect(result.text).toContain(`Namespace "payment" is not in the bundle's k8s/ objects.`);
    expect(result.text).toContain("Closest namespace: payments.");
    expect(result.text).toContain(`Pod "${POD}" exists in namespace payments.`);
  });

  it("a mistyped service account is refused, naming the closest one", async () => {
    const dir = bundleAsking("sa", { namespace: "payments", serviceAccount: "payments-ap1" });
    const result = await call("diagnose_irsa", { snapshot: dir });
    expect(result.isError).toBe(true);
    expect(result.text).toContain(`Service account "payments-ap1" in namespace "payments" is not in the bundle's k8s/ objects.`);
    expect(result.text).toContain("Closest service account in namespace payments: payments-api.");
    expect(result.text).toContain("Call again with serviceAccount (and namespace) set to the right one");
  });

  it("the right names are diagnosed as before", async () => {
    const dir = bundleAsking("right", { namespace: "payments", pod: POD });
    const result = await call("diagnose_irsa", { snapshot: dir });
    expect(result.isError, result.text).toBeFalsy();
    expect((result.structuredContent as { cause_id: string }).cause_id).toBe("trust_policy.subject_mismatch");
  });
});

describe("live through the emulator: the API's 404", () => {
  const live = { cluster: "prod-eu", region: "eu-west-1" };

  it("a mistyped pod: 404, the closest pod named, in the tool's argument names", async () => {
    const result = await withEmulator(SCENARIO, {}, () =>
      call("diagnose_irsa", { ...live, namespace: "payments", pod: "payments-api-7d9c8b6f5-x2kq4" }),
    );
    expect(result.isError).toBe(true);
    expect(result.text).toContain(
      `Pod "payments-api-7d9c8b6f5-x2kq4" in namespace "payments" does not exist (the API server answered 404 NotFound).`,
    );
    expect(result.text).toContain(`Closest pod in namespace payments: ${POD}.`);
    expect(result.text).not.toMatch(/--pod|--namespace|target\.yaml|k8s\//);
  });

  it("a mistyped service account: 404, the closest one named", async () => {
    const result = await withEmulator(SCENARIO, {}, () =>
      call("irsa_phase", { phase: "triage", ...live, namespace: "payments", serviceAccount: "payment-api" }),
    );
    expect(result.isError).toBe(true);
    expect(result.text).toContain(
      `Service account "payment-api" in namespace "payments" does not exist (the API server answered 404 NotFound).`,
    );
    expect(result.text).toContain("Closest service account in namespace payments: payments-api.");
  });

  it("a mistyped namespace: 404, the closest namespace and the namespace holding the pod", async () => {
    const result = await withEmulator(SCENARIO, {}, () => call("diagnose_irsa", { ...live, namespace: "paymnets", pod: POD }));
    expect(result.isError).toBe(true);
    expect(result.text).toContain(`Namespace "paymnets" does not exist (the API server answered 404 NotFound).`);
    expect(result.text).toContain("Closest namespace: payments.");
    expect(result.text).toContain(`Pod "${POD}" exists in namespace payments.`);
  });

  it("a refused read (403) is not taken for 'does not exist': the diagnosis goes on and says what was denied", async () => {
    const result = await withEmulator(SCENARIO, { faults: [{ match: { service: "k8s", action: "get pods" }, kind: "deny" }] }, () =>
      call("diagnose_irsa", { ...live, namespace: "payments", pod: "payments-api-7d9c8b6f5-x2kq4" }),
    );
    expect(result.isError, result.text).toBeFalsy();
    expect(result.text).not.toContain("does not exist");
    expect(result.text).toMatch(/get pods/);
  });
});
