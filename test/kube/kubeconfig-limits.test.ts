// The one kubeconfig reader refuses what would be read without end or is not a kubeconfig at all, whichever
// path names it (--kubeconfig, KUBECONFIG, an MCP server's environment), with a sentence saying what to fix.

import { mkdtemp, rm, truncate, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CallToolResult } from "../../src/mcp/sdk.js";
import { readKubeconfigSummary } from "../../src/kube/kubeconfig.js";
import { withEnv } from "../clusterview/helpers.js";
import { type Harness, startInMemory, textOf } from "../mcp/support/harness.js";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "irsa-doctor-kubeconfig-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("kubeconfig limits", () => {
  it("a device is refused at once, not read", () => {
    expect(() => readKubeconfigSummary({ kubeconfigPath: "/dev/zero" })).toThrow(/kubeconfig \/dev\/zero is not a regular file/);
  });

  it("a folder is refused", () => {
    expect(() => readKubeconfigSummary({}, { KUBECONFIG: dir })).toThrow(/is not a regular file/);
  });

  it("a file far larger than any kubeconfig is refused by its size, before it is read", async () => {
    const big = join(dir, "huge");
    await writeFile(big, "");
    await truncate(big, 64 * 1024 * 1024); // sparse: no disk used, 64 MB to stat
    expect(() => readKubeconfigSummary({ kubeconfigPath: big })).toThrow(/is 64 MB, over the 4 MB a kubeconfig may be/);
  });

  it("over MCP, KUBECONFIG=/dev/zero makes a cluster tool fail with that sentence, and the server keeps serving", async () => {
    const h: Harness = await startInMemory();
    try {
      await withEnv({ KUBECONFIG: "/dev/zero" }, async () => {
        const result = (await h.client.callTool({
          name: "list_k8s_resources",
          arguments: { kind: "Pod", apiVersion: "v1", namespace: "payments" },
        })) as CallToolResult;
        expect(result.isError).toBe(true);
        expect(textOf(result)).toContain("/dev/zero is not a regular file");
      });
      const after = (await h.client.callTool({ name: "list_runbooks", arguments: {} })) as CallToolResult;
      expect(after.isError).toBeFalsy();
    } finally {
      await h.close();
    }
  });
});
