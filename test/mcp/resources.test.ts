// The runbook resources through the real server: listing, templates, reading both forms, and the errors for
// unknown runbooks and URIs.

import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { H2_ID, REPO_ROOT, T1_ID, startInMemory, type Harness } from "./support/harness.js";

let h: Harness;
beforeAll(async () => {
  h = await startInMemory();
});
afterAll(async () => {
  await h.close();
});

describe("runbook resources", () => {
  it("lists a markdown and a parsed resource per loaded runbook, sorted by runbook id", async () => {
    const { resources } = await h.client.listResources();
    expect(resources.map((r) => [r.uri, r.mimeType])).toEqual([
      [`runbook://${H2_ID}`, "text/markdown"],
      [`runbook://${H2_ID}/parsed`, "application/json"],
      [`runbook://${T1_ID}`, "text/markdown"],
      [`runbook://${T1_ID}/parsed`, "application/json"],
    ]);
    expect(resources[0]?.title).toBe("H2 — IRSA / Pod Identity Confusion");
  });

  it("lists the two URI templates", async () => {
    const { resourceTemplates } = await h.client.listResourceTemplates();
    expect(resourceTemplates.map((t) => [t.uriTemplate, t.mimeType])).toEqual([
      ["runbook://{id}", "text/markdown"],
      ["runbook://{id}/parsed", "application/json"],
    ]);
  });

  it("reads runbook://{id} as the markdown file, verbatim", async () => {
    const { contents } = await h.client.readResource({ uri: `runbook://${H2_ID}` });
    expect(contents).toEqual([
      {
        uri: `runbook://${H2_ID}`,
        mimeType: "text/markdown",
        text: readFileSync(`${REPO_ROOT}runbooks/h2-irsa-pod-identity.md`, "utf8"),
      },
    ]);
  });

  it("reads runbook://{id}/parsed as the same parsed runbook get_runbook returns", async () => {
    const { contents } = await h.client.readResource({ uri: `runbook://${H2_ID}/parsed` });
    const tool = await h.client.callTool({ name: "get_runbook", arguments: { id: H2_ID } });
    expect(contents[0]?.mimeType).toBe("application/json");
    expect(JSON.parse((contents[0] as { text: string }).text)).toEqual((tool.structuredContent as { runbook: unknown }).runbook);
  });

  it("answers an unknown runbook id with resource-not-found (-32002) listing the known ids", async () => {
    await expect(h.client.readResource({ uri: "runbook://h9-missing" })).rejects.toMatchObject({
      code: -32002,
      message: expect.stringContaining(`No runbook with id "h9-missing". Known runbook ids: ${H2_ID}, ${T1_ID}.`),
    });
  });

  it("answers a URI outside the runbook:// scheme with resource-not-found naming the templates", async () => {
    await expect(h.client.readResource({ uri: "file:///etc/passwd" })).rejects.toMatchObject({
      code: -32002,
      message: expect.stringContaining("runbook://{id} (markdown) and runbook://{id}/parsed"),
    });
  });
});
