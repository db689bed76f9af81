// Who the server says it is in its initialize answer: name, version (from package.json), capabilities and the
// instructions for the model. Light on purpose: the startup manifest is built from these values.

import { readFileSync } from "node:fs";

export const SERVER_NAME = "irsa-doctor";

/** The package version; the same relative path works from src/mcp (tests) and dist/mcp (built). */
export const SERVER_VERSION: string = (
  JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string }
).version;

export const SERVER_CAPABILITIES = {
  logging: {},
  prompts: {},
  resources: {},
  tools: {},
} as const;

export const SERVER_INSTRUCTIONS =
  "irsa-doctor diagnoses why a pod on Amazon EKS cannot get AWS credentials (IRSA or EKS Pod Identity). " +
  "Start with match_runbook on the error text, then follow the matching runbook: the prompt named after its id " +
  "walks through it phase by phase, get_runbook returns its steps as data. Everything here is read-only; fixes " +
  "are operator actions to recommend, never to perform.";
