// What an agent reads first leads it to diagnose_irsa: the server's instructions (initialize) and the H2
// prompt name it before any other tool, and the prompt's first call is diagnose_irsa with the prompt's target.
// Both texts are golden (test/golden/server-instructions.txt, test/golden/prompt-h2.txt):
//
//   UPDATE_GOLDEN=1 npx vitest run test/mcp/lead-with-diagnosis.test.ts
//
// Also serverInfo's title and description.

import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { H2_ID, T1_ID, startInMemory, type Harness } from "./support/harness.js";

const UPDATE = process.env["UPDATE_GOLDEN"] === "1";

function golden(name: string, actual: string): void {
  const file = new URL(`../golden/${name}`, import.meta.url);
  if (UPDATE) writeFileSync(file, actual);
  expect(existsSync(file), `no golden ${name}: run UPDATE_GOLDEN=1 (see this test's header)`).toBe(true);
  expect(actual, `${name} changed: update the golden file on purpose`).toBe(readFileSync(file, "utf8"));
}

/** The tool names in a text, in the order they first appear. */
function toolsNamed(text: string, tools: string[]): string[] {
  return tools
    .map((name) => ({ name, at: text.search(new RegExp(`\\b${name}\\b`)) }))
    .filter((t) => t.at >= 0)
    .sort((a, b) => a.at - b.at)
    .map((t) => t.name);
}

let h: Harness;
let toolNames: string[];
beforeAll(async () => {
  h = await startInMemory();
  toolNames = (await h.client.listTools()).tools.map((t) => t.name);
});
afterAll(async () => {
  await h.close();
});

async function promptText(name: string, args: Record<string, string>): Promise<string> {
  const result = await h.client.getPrompt({ name, arguments: args });
  return (result.messages[0]?.content as { text: string }).text;
}

describe("the instructions", () => {
  it("name diagnose_irsa first, then irsa_phase, and say everything is read-only", () => {
    const instructions = h.client.getInstructions() ?? "";
    expect(toolsNamed(instructions, toolNames).slice(0, 2)).toEqual(["diagnose_irsa", "irsa_phase"]);
    expect(instructions).toMatch(/read-only/);
    golden("server-instructions.txt", `${instructions}\n`);
  });

  it("serverInfo carries a title and the package's description", () => {
    const info = h.client.getServerVersion() as { name: string; title?: string; description?: string };
    expect(info.name).toBe("irsa-doctor");
    expect(info.title).toMatch(/irsa-doctor/);
    expect(info.description).toMatch(/^Diagnose why a pod on Amazon EKS cannot get AWS credentials/);
  });
});

describe("the H2 prompt", () => {
  it("starts with one diagnose_irsa call for the target, then the irsa_phase walk", async () => {
    const text = await promptText(H2_ID, {
      cluster: "prod-eu",
      namespace: "payments",
      pod: "payments-api-7d9c8b6f5-x2k4q",
      context: "prod-eu-admin",
    });
    expect(toolsNamed(text, toolNames)[0]).toBe("diagnose_irsa");
    expect(text).toContain(
      'Call `diagnose_irsa` with namespace="payments", pod="payments-api-7d9c8b6f5-x2k4q", cluster="prod-eu", context="prod-eu-admin".',
    );
    expect(text).toContain('call `irsa_phase` with phase="triage", namespace="payments"');
    golden("prompt-h2.txt", text);
  });

  it("a service account instead of a pod, and a snapshot instead of the cluster", async () => {
    const bySa = await promptText(H2_ID, { cluster: "prod-eu", namespace: "payments", serviceAccount: "payments-api" });
    expect(bySa).toMatch(/^Investigate why the pods of service account `payments-api` in namespace `payments`/);
    expect(bySa).toContain('Call `diagnose_irsa` with namespace="payments", serviceAccount="payments-api", cluster="prod-eu".');
    expect(bySa).toContain('kind="ServiceAccount", apiVersion="v1", namespace="payments", name="payments-api"');
    const offline = await promptText(H2_ID, { cluster: "prod-eu", namespace: "payments", pod: "p", snapshot: "fixtures/scenarios/x" });
    expect(offline).toContain('Call `diagnose_irsa` with snapshot="fixtures/scenarios/x".');
  });

  it("an error no trigger matches still points to diagnose_irsa, not away from it", async () => {
    const text = await promptText(H2_ID, { cluster: "c", namespace: "n", pod: "p", error_text: "disk full" });
    expect(text).toContain("diagnose_irsa still applies to any AWS credential failure");
  });

  it("the reported error is passed to diagnose_irsa as errorText, verbatim", async () => {
    const error = 'AccessDenied: Not authorized to perform sts:AssumeRoleWithWebIdentity\n\tstatus code: 403, "quoted"';
    const text = await promptText(H2_ID, { cluster: "c", namespace: "n", pod: "p", error_text: error });
    expect(text).toContain(`Call \`diagnose_irsa\` with namespace="n", pod="p", cluster="c", errorText=${JSON.stringify(error)}.`);
  });

  it("another runbook's prompt has no diagnose_irsa lead", async () => {
    const text = await promptText(T1_ID, { cluster: "c", namespace: "n", pod: "p" });
    expect(text).not.toContain("diagnose_irsa");
  });
});
