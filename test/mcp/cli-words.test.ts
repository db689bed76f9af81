// Live answers of the diagnosis tools speak in argument names, not CLI flags: "pass --cluster <name>" from the
// collectors becomes "pass the cluster argument"; operator commands keep their flags.

import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { inArgumentNames } from "../../src/mcp/cli-words.js";
import type { CallToolResult } from "../../src/mcp/sdk.js";
import { withEmulator } from "../collect/helpers.js";
import { REPO_ROOT, startInMemory, textOf, type Harness } from "./support/harness.js";

const SCENARIO = join(REPO_ROOT, "fixtures/scenarios/trust_policy.subject_mismatch--other-namespace");

describe("inArgumentNames", () => {
  it.each([
    [
      "the EKS cluster name is not known — pass --cluster <name> (the kubeconfig context does not name an EKS cluster)",
      "the EKS cluster name is not known — pass the cluster argument (the kubeconfig context does not name an EKS cluster)",
    ],
    ["no AWS region is set — pass --region or set AWS_REGION", "no AWS region is set — pass the region argument or set AWS_REGION"],
    ["pass --kubeconfig or set KUBECONFIG", "pass --kubeconfig or set KUBECONFIG"],
    ["aws eks describe-cluster --name prod --region eu-west-1", "aws eks describe-cluster --name prod --region eu-west-1"],
  ])("%j", (text, expected) => {
    expect(inArgumentNames(text)).toBe(expected);
  });
});

describe("a live diagnosis without the cluster's name", () => {
  let h: Harness;
  afterEach(async () => {
    await h?.close();
  });

  it("says which argument to pass, not which flag", async () => {
    h = await startInMemory();
    const result = (await withEmulator(SCENARIO, {}, () =>
      h.client.callTool({ name: "diagnose_irsa", arguments: { namespace: "payments", pod: "payments-api-7d9c8b6f5-x2k4q" } }),
    )) as CallToolResult;
    const text = textOf(result);
    expect(text).not.toMatch(/pass --(cluster|region|profile|context)\b/);
    expect(text).toMatch(/pass the (cluster|region) argument/);
  });
});
