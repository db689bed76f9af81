// One prompt per runbook, named by the runbook id, that turns it into a guided investigation of one pod (or
// the pods of a service account). For the IRSA / Pod Identity runbook it starts with the one call that runs it
// all, diagnose_irsa. Arguments are checked here so a missing or misspelt one gets a message naming what to
// pass; namespace, pod, serviceAccount, context and cluster complete (completions.ts).

import { ProtocolError } from "./protocol-error.js";
import { renderInvestigation, workloadOf, type InvestigationTarget } from "./prompt-render.js";
import { findRunbook } from "../runbook/views.js";
import type { RunbookCatalog } from "../runbook/catalog.js";
import type { GetPromptResult, Prompt } from "./sdk.js";

const PROMPT_ARGUMENTS = [
  { name: "cluster", description: "EKS cluster name", required: true },
  { name: "namespace", description: "Namespace of the pod", required: true },
  { name: "pod", description: "Name of the pod that cannot get AWS credentials (or give serviceAccount)", required: false },
  { name: "serviceAccount", description: "The service account, when no single pod is named", required: false },
  { name: "context", description: "kubeconfig context to read (default: the current one)", required: false },
  { name: "snapshot", description: "An offline snapshot folder to read instead of the cluster", required: false },
  { name: "error_text", description: "The error the pod reports, if known (e.g. an AccessDenied line)", required: false },
] as const;

export async function listRunbookPrompts(catalog: RunbookCatalog): Promise<Prompt[]> {
  const { runbooks } = await catalog.load();
  return runbooks.map((runbook) => ({
    name: runbook.id,
    title: runbook.title,
    description: `Guided investigation: ${runbook.description}`,
    arguments: PROMPT_ARGUMENTS.map((argument) => ({ ...argument })),
  }));
}

export async function getRunbookPrompt(catalog: RunbookCatalog, name: string, args: Record<string, string>): Promise<GetPromptResult> {
  const runbook = findRunbook(await catalog.load(), name);
  if (!runbook.found) throw new ProtocolError("invalid_params", runbook.message.replace("No runbook", "No prompt"));
  const known = PROMPT_ARGUMENTS.map((argument) => argument.name);
  const usage = PROMPT_ARGUMENTS.map((a) => `${a.name} (${a.required ? "required" : "optional"}: ${a.description})`).join("; ");
  const unknown = Object.keys(args).filter((key) => !(known as string[]).includes(key));
  if (unknown.length > 0) {
    throw new ProtocolError("invalid_params", `Unknown argument(s) ${unknown.join(", ")} for prompt ${name}. It takes: ${usage}.`);
  }
  const given = (key: string) => (args[key]?.trim() ? args[key]!.trim() : undefined);
  const missing: string[] = PROMPT_ARGUMENTS.filter((a) => a.required && !given(a.name)).map((a) => a.name);
  if (!given("pod") && !given("serviceAccount")) missing.push("pod (or serviceAccount)");
  if (missing.length > 0) {
    throw new ProtocolError("invalid_params", `Prompt ${name} needs ${missing.join(", ")}. It takes: ${usage}.`);
  }
  const errorText = args["error_text"]?.trim() ? args["error_text"] : undefined;
  const matched = errorText === undefined ? null : await matchedTriggers(catalog, runbook.value.id, errorText);
  const target: InvestigationTarget = {
    cluster: given("cluster")!,
    namespace: given("namespace")!,
    ...(given("pod") ? { pod: given("pod")! } : {}),
    ...(given("serviceAccount") ? { serviceAccount: given("serviceAccount")! } : {}),
    ...(given("context") ? { context: given("context")! } : {}),
    ...(given("snapshot") ? { snapshot: given("snapshot")! } : {}),
    ...(errorText === undefined ? {} : { errorText }),
  };
  const { findDiagnosisRunbook } = await import("../diagnosis/index.js");
  const leadWithDiagnosis = findDiagnosisRunbook([runbook.value]) !== undefined;
  return {
    description: `${runbook.value.title}: ${workloadOf(target)} on cluster ${target.cluster}`,
    messages: [{ role: "user", content: { type: "text", text: renderInvestigation(runbook.value, target, matched, leadWithDiagnosis) } }],
  };
}

async function matchedTriggers(catalog: RunbookCatalog, id: string, errorText: string): Promise<string[]> {
  const matches = await catalog.match(errorText);
  return matches.find((match) => match.runbookId === id)?.matched ?? [];
}
