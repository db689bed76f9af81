// `irsa-doctor serve --allow-path DIR` and IRSA_DOCTOR_ALLOW_PATHS, through the built server over stdio with
// the SDK client (which offers no roots, so the working directory, the repository here, stands in): a
// snapshot in a temporary folder is refused, then read once its folder is allowed either way.

import { cpSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { loadClientKit, type CallToolResult } from "../../src/mcp/sdk.js";
import { BUILT_MAIN, REPO_ROOT, requireBuild, textOf } from "./support/harness.js";

let folder: string;
let snapshot: string;
beforeAll(() => {
  requireBuild();
  folder = mkdtempSync(join(tmpdir(), "irsa-doctor-allow-"));
  snapshot = join(folder, "bundle");
  cpSync(join(REPO_ROOT, "fixtures/scenarios/healthy--irsa"), snapshot, { recursive: true });
});

async function diagnoseWith(args: string[], env: Record<string, string> = {}): Promise<{ isError: boolean; text: string }> {
  const { Client, StdioClientTransport } = await loadClientKit();
  const base = Object.fromEntries(
    Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined && !e[0].startsWith("IRSA_DOCTOR_")),
  );
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [BUILT_MAIN, "serve", ...args],
    cwd: REPO_ROOT,
    env: { ...base, ...env },
    stderr: "pipe",
  });
  const client = new Client({ name: "irsa-doctor-allow-path", version: "0.0.0" });
  await client.connect(transport);
  try {
    const result = await client.callTool({ name: "diagnose_irsa", arguments: { snapshot } });
    return { isError: result.isError === true, text: textOf(result as CallToolResult) };
  } finally {
    await client.close();
  }
}

describe("serve --allow-path", () => {
  it("refuses a snapshot outside the working directory by default", async () => {
    const r = await diagnoseWith([]);
    expect(r.isError).toBe(true);
    expect(r.text).toContain(`snapshot "${snapshot}" is outside the folders this server may read`);
  });

  it("reads it under a folder given with --allow-path", async () => {
    const r = await diagnoseWith(["--allow-path", folder]);
    expect(r.isError).toBe(false);
    expect(r.text).toContain("root_cause: healthy");
  });

  it("reads it under a folder given in IRSA_DOCTOR_ALLOW_PATHS", async () => {
    const r = await diagnoseWith([], { IRSA_DOCTOR_ALLOW_PATHS: folder });
    expect(r.isError).toBe(false);
    expect(r.text).toContain("root_cause: healthy");
  });
});
