// Who the server says it is in its initialize answer: name, title, description and website (from
// package.json), version, capabilities and the instructions for the model. Light on purpose: the startup
// manifest is built from these values. The instructions lead with diagnose_irsa, the one call that answers
// most questions; test/golden/server-instructions.txt pins their text.

import { readFileSync } from "node:fs";

const SERVER_NAME = "irsa-doctor";

const PACKAGE = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as {
  version: string;
  description?: string;
  homepage?: string;
};

/** The package version; the same relative path works from src/mcp (tests) and dist/mcp (built). */
const SERVER_VERSION: string = PACKAGE.version;

/** serverInfo: name and version, with the title, description and website clients show (websiteUrl when package.json has a homepage). */
export const SERVER_INFO = {
  name: SERVER_NAME,
  title: "irsa-doctor: EKS IRSA / Pod Identity diagnosis",
  version: SERVER_VERSION,
  ...(PACKAGE.description ? { description: PACKAGE.description } : {}),
  ...(PACKAGE.homepage ? { websiteUrl: PACKAGE.homepage } : {}),
};

export const SERVER_CAPABILITIES = {
  completions: {},
  logging: {},
  prompts: {},
  resources: {},
  tools: {},
} as const;

export const SERVER_INSTRUCTIONS = [
  "irsa-doctor diagnoses why a pod on Amazon EKS cannot get AWS credentials (IRSA or EKS Pod Identity).",
  "Start with diagnose_irsa: one call with namespace and pod (or serviceAccount) reads the cluster and AWS account live, or " +
    "snapshot names a collected folder; it runs the whole runbook and answers with the report (cause_id, evidence, the fix).",
  "To walk the runbook step by step, call irsa_phase with phase triage, then enrich, then report (pass the diagnosisId it " +
    "returns; each answer names the call to make next). To dig further, the granular tools read one thing each " +
    "(list_k8s_resources, read_k8s_resource, get_k8s_events, cluster_health, get_cloudwatch_logs; collect, errors, search, " +
    "correlate, summarize for logs) when the server offers them (serve --toolsets all).",
  "list_access shows the kubeconfig contexts and AWS profiles this server can use; match_runbook says which runbook an error " +
    "text belongs to, and diagnose_irsa applies to any credential failure whatever it matches.",
  "Everything here is read-only; fixes are operator actions to recommend, never to perform.",
].join("\n");
