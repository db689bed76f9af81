// The runbook resources: runbook://{id} is the markdown as written, runbook://{id}/parsed the parsed runbook
// as JSON (the same data as get_runbook, for clients that attach resources rather than call tools).

import { ProtocolError } from "./protocol-error.js";
import { findRunbook, withoutMarkdown } from "../runbook/views.js";
import type { RunbookCatalog } from "../runbook/catalog.js";
import type { ReadResourceResult, Resource, ResourceTemplate } from "./sdk.js";

const RUNBOOK_URI = /^runbook:\/\/([^/?#]+)(\/parsed)?$/;

export const runbookResourceTemplates: ResourceTemplate[] = [
  {
    uriTemplate: "runbook://{id}",
    name: "runbook",
    title: "Runbook (markdown)",
    description: "A runbook as written, by id (see list_runbooks).",
    mimeType: "text/markdown",
  },
  {
    uriTemplate: "runbook://{id}/parsed",
    name: "runbook-parsed",
    title: "Runbook (parsed)",
    description: "A runbook parsed into phases, steps, guardrails and output format, as JSON.",
    mimeType: "application/json",
  },
];

export async function listRunbookResources(catalog: RunbookCatalog): Promise<Resource[]> {
  const { runbooks } = await catalog.load();
  return runbooks.flatMap((runbook) => [
    {
      uri: `runbook://${runbook.id}`,
      name: runbook.id,
      title: runbook.title,
      description: runbook.description,
      mimeType: "text/markdown",
    },
    {
      uri: `runbook://${runbook.id}/parsed`,
      name: `${runbook.id}/parsed`,
      title: `${runbook.title} (parsed)`,
      description: runbook.description,
      mimeType: "application/json",
    },
  ]);
}

export async function readRunbookResource(catalog: RunbookCatalog, uri: string): Promise<ReadResourceResult> {
  const parts = RUNBOOK_URI.exec(uri);
  if (!parts?.[1]) {
    throw new ProtocolError(
      "resource_not_found",
      `Unknown resource "${uri}". This server serves runbook://{id} (markdown) and runbook://{id}/parsed (JSON); ` +
        `resources/list shows every one.`,
      { uri },
    );
  }
  const runbook = findRunbook(await catalog.load(), decodeURIComponent(parts[1]));
  if (!runbook.found) throw new ProtocolError("resource_not_found", runbook.message, { uri });
  if (parts[2]) {
    return { contents: [{ uri, mimeType: "application/json", text: JSON.stringify(withoutMarkdown(runbook.value), null, 2) }] };
  }
  return { contents: [{ uri, mimeType: "text/markdown", text: runbook.value.markdown }] };
}
