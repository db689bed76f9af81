// Evidence lines the checks quote, built one way everywhere so reports read alike whatever the cause.

import type { ReportEvidence } from "./types.js";
import type { Facts } from "../diagnosis/facts/index.js";
import type { LogMatch, Snapshot } from "../snapshot/types.js";

/** Up to `max` distinct log lines, in the order given, as credential findings quoting file and line. */
export function matchEvidence(matches: readonly LogMatch[], max = 2): ReportEvidence[] {
  const seen = new Set<string>();
  const out: ReportEvidence[] = [];
  for (const m of matches) {
    if (out.length >= max || seen.has(m.text)) continue;
    seen.add(m.text);
    out.push({ type: "credential_finding", content: m.text, source: `${m.file}:${m.line}` });
  }
  return out;
}

/** Up to `max` recognised log lines pointing at any of the causes, as credential findings. */
export function logEvidence(f: Facts, causeIds: string[], max = 2): ReportEvidence[] {
  return matchEvidence(
    causeIds.flatMap((cause) => f.logSignals.get(cause) ?? []),
    max,
  );
}

export function hasLogSignal(f: Facts, causeId: string): boolean {
  return (f.logSignals.get(causeId)?.length ?? 0) > 0;
}

/** "ServiceAccount payments/payments-api: eks.amazonaws.com/role-arn=arn:..." */
export function saConfigEvidence(s: Snapshot, f: Facts): ReportEvidence[] {
  if (s.k8s.serviceAccount.status !== "found") return [];
  const name = `${f.workload.namespace}/${f.workload.serviceAccountName}`;
  const role = f.workload.roleArnAnnotation;
  return [
    {
      type: "sa_config",
      content: `ServiceAccount ${name}: ${role ? `eks.amazonaws.com/role-arn=${role}` : "no eks.amazonaws.com/role-arn annotation"}`,
      source: s.k8s.serviceAccount.source,
    },
  ];
}

/** What the webhook injected into the pod, or that it injected nothing. */
export function podIdentityEnvEvidence(s: Snapshot, f: Facts): ReportEvidence[] {
  if (s.k8s.pod.status !== "found" || !f.pod) return [];
  const c = f.workload.containers.find((x) => x.env["AWS_ROLE_ARN"] || x.env["AWS_CONTAINER_CREDENTIALS_FULL_URI"]);
  const content = c
    ? `Pod ${f.pod.metadata.name} container ${c.name}: ${[
        "AWS_ROLE_ARN",
        "AWS_WEB_IDENTITY_TOKEN_FILE",
        "AWS_CONTAINER_CREDENTIALS_FULL_URI",
      ]
        .filter((k) => c.env[k])
        .map((k) => `${k}=${c.env[k]}`)
        .join(", ")}`
    : `Pod ${f.pod.metadata.name} (created ${f.pod.metadata.creationTimestamp ?? "at an unknown time"}): no AWS_ROLE_ARN, AWS_WEB_IDENTITY_TOKEN_FILE or AWS_CONTAINER_CREDENTIALS_FULL_URI in any container`;
  return [{ type: "pod_spec", content, source: s.k8s.pod.source }];
}
