// One prompt per runbook: listed with its arguments, rendered as a guided investigation with the tool calls
// filled from the arguments, and clear errors for missing arguments and unknown prompts.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fillParam } from "../../src/mcp/prompt-render.js";
import { H2_ID, T1_ID, startInMemory, type Harness } from "./support/harness.js";

let h: Harness;
beforeAll(async () => {
  h = await startInMemory();
});
afterAll(async () => {
  await h.close();
});

const target = { cluster: "prod-eu", namespace: "payments", pod: "api-7d9f" };

async function promptText(name: string, args: Record<string, string>): Promise<string> {
  const result = await h.client.getPrompt({ name, arguments: args });
  expect(result.messages).toHaveLength(1);
  expect(result.messages[0]?.role).toBe("user");
  return (result.messages[0]?.content as { text: string }).text;
}

describe("prompts/list", () => {
  it("offers one prompt per runbook, named by its id, taking cluster, namespace, pod or serviceAccount, and optional context, snapshot, error_text", async () => {
    const { prompts } = await h.client.listPrompts();
    expect(prompts.map((p) => p.name)).toEqual([H2_ID, T1_ID]);
    expect(prompts[0]?.arguments?.map((a) => [a.name, a.required])).toEqual([
      ["cluster", true],
      ["namespace", true],
      ["pod", false],
      ["serviceAccount", false],
      ["context", false],
      ["snapshot", false],
      ["error_text", false],
    ]);
  });
});

describe("prompts/get", () => {
  it("renders objective, context, phases in order with levels, guardrails and the output format", async () => {
    const text = await promptText(H2_ID, target);
    const order = [
      "## Objective",
      "## Context",
      "## Phase 1 — Triage",
      "## Phase 2 — Enrich",
      "## Phase 3 — Report",
      "## Guardrails",
      "## Answer format",
    ];
    const positions = order.map((heading) => text.indexOf(heading));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(text).toContain("Identify the IRSA or Pod Identity misconfiguration");
    expect(text).toMatch(/- \[FIRST\] .*list_k8s_resources/);
    expect(text).toMatch(/- \[MAY\] /);
    expect(text).toContain("- OIDC provider creation requires cluster admin access");
    expect(text).toContain('root_cause: "<irsa_annotation|oidc_provider|trust_policy|pod_identity> — <detail>"');
  });

  it("fills clusterName, namespace and name=<pod-name> from the arguments and leaves unknown values as placeholders", async () => {
    const text = await promptText(H2_ID, target);
    expect(text).toContain(
      '→ call `read_k8s_resource` with clusterName="prod-eu", kind="Pod", apiVersion="v1", namespace="payments", name="api-7d9f"',
    );
    expect(text).toContain(
      '→ call `read_k8s_resource` with clusterName="prod-eu", kind="ServiceAccount", apiVersion="v1", namespace="payments", name="<sa-name>"',
    );
    expect(text).toContain("→ call `collect` with instanceId=<instanceId>");
  });

  it("shows the error text and which of the runbook's triggers it matches", async () => {
    const text = await promptText(T1_ID, { ...target, error_text: "ExpiredTokenException: token has expired" });
    expect(text).toContain("```\nExpiredTokenException: token has expired\n```");
    expect(text).toContain("This runbook's triggers that match it: `ExpiredTokenException`, `token (has )?expired`.");
    const unrelated = await promptText(T1_ID, { ...target, error_text: "disk full" });
    expect(unrelated).toContain("None of this runbook's triggers match this error");
  });

  it("renders the same text for the same arguments", async () => {
    expect(await promptText(H2_ID, target)).toBe(await promptText(H2_ID, target));
  });

  it("rejects a missing required argument with invalid params (-32602) naming it", async () => {
    await expect(h.client.getPrompt({ name: H2_ID, arguments: { cluster: "c", namespace: "n" } })).rejects.toMatchObject({
      code: -32602,
      message: expect.stringContaining(`Prompt ${H2_ID} needs pod (or serviceAccount). It takes: cluster (required: EKS cluster name)`),
    });
  });

  it("rejects a misspelt argument and an unknown prompt name", async () => {
    await expect(h.client.getPrompt({ name: H2_ID, arguments: { ...target, podname: "x" } })).rejects.toMatchObject({
      code: -32602,
      message: expect.stringContaining("Unknown argument(s) podname"),
    });
    await expect(h.client.getPrompt({ name: "h7-none", arguments: target })).rejects.toMatchObject({
      code: -32602,
      message: expect.stringContaining(`No prompt with id "h7-none". Known runbook ids: ${H2_ID}, ${T1_ID}.`),
    });
  });
});

describe("fillParam", () => {
  it.each([
    [{ name: "clusterName", value: null }, 'clusterName="prod-eu"'],
    [{ name: "namespace", value: null }, 'namespace="payments"'],
    [{ name: "namespace", value: "<namespace>" }, 'namespace="payments"'],
    [{ name: "name", value: "<pod-name>" }, 'name="api-7d9f"'],
    [{ name: "name", value: "<sa-name>" }, 'name="<sa-name>"'],
    [{ name: "instanceId", value: null }, "instanceId=<instanceId>"],
    [{ name: "kind", value: "Pod" }, 'kind="Pod"'],
  ])("%j -> %s", (param, expected) => {
    expect(fillParam(param, target)).toBe(expected);
  });
});
