// One deeply nested object in a bundle (issue 9) is refused at the loader's edge with a warning, so the
// tools that list a namespace from that bundle still answer for every other object in it.

import { cp, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLUSTER_TOOLS, NOW, scenarioDir } from "../clusterview/helpers.js";
import { startInMemory, textOf, type Harness } from "../mcp/support/harness.js";
import type { CallToolResult } from "../../src/mcp/sdk.js";

let folder: string;
let harness: Harness;
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), "irsa-doctor-deep-"));
  await cp(scenarioDir("healthy--irsa"), join(folder, "bundle"), { recursive: true });
  const nested = `${'{"n":'.repeat(20_000)}1${"}".repeat(20_000)}`;
  await writeFile(
    join(folder, "bundle", "k8s", "deep-pod.json"),
    `{"apiVersion":"v1","kind":"Pod","metadata":{"name":"deep-pod","namespace":"payments"},"spec":{"containers":[{"name":"app"}]},"status":{"x":${nested}}}`,
  );
  harness = await startInMemory({ tools: CLUSTER_TOOLS, clock: () => NOW, allowedPaths: [folder] });
});
afterAll(async () => {
  await harness?.close();
  await rm(folder, { recursive: true, force: true });
});

describe("a deeply nested object", () => {
  it("does not break list_k8s_resources for the namespace", async () => {
    const result = (await harness.client.callTool({
      name: "list_k8s_resources",
      arguments: { clusterName: "prod-eu", kind: "Pod", apiVersion: "v1", namespace: "payments", snapshot: join(folder, "bundle") },
    })) as CallToolResult;
    expect(result.isError, textOf(result)).not.toBe(true);
    const items = (result.structuredContent as { items: { name: string }[] }).items;
    expect(items.map((i) => i.name)).toContain("payments-api-7d9c8b6f5-x2k4q");
    expect(items.map((i) => i.name)).not.toContain("deep-pod");
  });
});
