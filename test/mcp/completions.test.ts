// completion/complete, advertised in the capabilities: the prompts' namespace, pod and serviceAccount from an
// offline bundle (the snapshot argument) and live from the cluster (the emulator), context and cluster from the
// kubeconfig, runbook ids for the resource templates. And list_access: the contexts and AWS profile names the
// server can use, never a credential.

import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { CallToolResult } from "../../src/mcp/sdk.js";
import { withEmulator } from "../collect/helpers.js";
import { H2_ID, REPO_ROOT, startInMemory, type Harness } from "./support/harness.js";

const SCENARIO = join(REPO_ROOT, "fixtures/scenarios/trust_policy.subject_mismatch--other-namespace");
const POD = "payments-api-7d9c8b6f5-x2k4q";
const SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYSECRETKEY";
const TOKEN = "k8s-aws-v1.c2VjcmV0LXRva2Vu";

let h: Harness;
let home: string;
const saved = { ...process.env };
beforeAll(() => {
  home = mkdtempSync(join(tmpdir(), "irsa-completions-"));
  writeFileSync(
    join(home, "kubeconfig"),
    [
      "apiVersion: v1",
      "kind: Config",
      "current-context: prod",
      "clusters:",
      "- name: arn:aws:eks:eu-west-1:111122223333:cluster/prod-eu",
      "  cluster: { server: 'https://example.invalid' }",
      "- name: staging",
      "  cluster: { server: 'https://staging.invalid' }",
      "contexts:",
      "- name: prod",
      "  context: { cluster: 'arn:aws:eks:eu-west-1:111122223333:cluster/prod-eu', user: admin }",
      "- name: staging-admin",
      "  context: { cluster: staging, user: admin }",
      "users:",
      "- name: admin",
      `  user: { token: '${TOKEN}' }`,
      "",
    ].join("\n"),
  );
  writeFileSync(
    join(home, "aws-config"),
    `[default]\nregion = eu-west-1\n\n[profile prod-readonly]\nrole_arn = arn:aws:iam::111122223333:role/ro\n`,
  );
  writeFileSync(
    join(home, "aws-credentials"),
    `[default]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = ${SECRET}\n\n[legacy]\naws_access_key_id = AKIA0000\n`,
  );
});
afterAll(() => rmSync(home, { recursive: true, force: true }));
afterEach(async () => {
  await h?.close();
  for (const key of ["KUBECONFIG", "AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE", "AWS_PROFILE"]) {
    if (saved[key] === undefined) delete process.env[key];
    else process.env[key] = saved[key];
  }
});

function useHomeFiles(): void {
  process.env["KUBECONFIG"] = join(home, "kubeconfig");
  process.env["AWS_CONFIG_FILE"] = join(home, "aws-config");
  process.env["AWS_SHARED_CREDENTIALS_FILE"] = join(home, "aws-credentials");
  delete process.env["AWS_PROFILE"];
}

async function complete(name: string, value: string, context: Record<string, string> = {}): Promise<string[]> {
  const result = await h.client.complete({
    ref: { type: "ref/prompt", name: H2_ID },
    argument: { name, value },
    context: { arguments: context },
  });
  return result.completion.values;
}

describe("completions", () => {
  it("are advertised", async () => {
    h = await startInMemory();
    expect(h.client.getServerCapabilities()?.completions).toEqual({});
  });

  it("offline: namespace, pod and serviceAccount from the bundle named by the snapshot argument", async () => {
    h = await startInMemory();
    expect(await complete("namespace", "pay", { snapshot: SCENARIO })).toEqual(["payments"]);
    expect(await complete("pod", "", { snapshot: SCENARIO, namespace: "payments" })).toEqual([POD]);
    expect(await complete("serviceAccount", "api", { snapshot: SCENARIO, namespace: "payments" })).toEqual(["payments-api"]);
  });

  it("live: namespace, pod and serviceAccount from the cluster", async () => {
    h = await startInMemory();
    await withEmulator(SCENARIO, {}, async () => {
      expect(await complete("namespace", "p")).toEqual(["payments"]);
      expect(await complete("pod", "payments-api", { namespace: "payments" })).toEqual([POD]);
      expect(await complete("serviceAccount", "payments", { namespace: "payments" })).toEqual(["payments-api"]);
    });
  });

  it("context and cluster from the kubeconfig", async () => {
    useHomeFiles();
    h = await startInMemory();
    expect(await complete("context", "")).toEqual(["prod", "staging-admin"]);
    expect(await complete("context", "adm")).toEqual(["staging-admin"]);
    expect(await complete("cluster", "prod")).toEqual(["prod-eu"]);
  });

  it("runbook ids for the resource templates", async () => {
    h = await startInMemory();
    const result = await h.client.complete({ ref: { type: "ref/resource", uri: "runbook://{id}" }, argument: { name: "id", value: "h2" } });
    expect(result.completion.values).toEqual([H2_ID]);
  });

  it("a bundle outside the allowed folders completes nothing", async () => {
    h = await startInMemory();
    expect(await complete("namespace", "", { snapshot: home })).toEqual([]);
  });
});

describe("list_access", () => {
  it("lists contexts and AWS profile names, never a credential", async () => {
    useHomeFiles();
    h = await startInMemory();
    const result = (await h.client.callTool({ name: "list_access", arguments: {} })) as CallToolResult;
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toMatchObject({
      kubeconfig: {
        contexts: [
          { name: "prod", cluster: "arn:aws:eks:eu-west-1:111122223333:cluster/prod-eu", eksCluster: "prod-eu", current: true },
          { name: "staging-admin", cluster: "staging", eksCluster: null, current: false },
        ],
        problem: null,
      },
      aws: { profiles: ["default", "legacy", "prod-readonly"], active: "default", problem: null },
    });
    const everything = JSON.stringify(result);
    for (const secret of [SECRET, TOKEN, "AKIAIOSFODNN7EXAMPLE", "role/ro"]) expect(everything).not.toContain(secret);
  });
});
