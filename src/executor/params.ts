// A step's parameters filled with the session's values: a bare name the caller supplies (`clusterName`,
// `instanceId`, `executionId`, `finding_ids`) or a placeholder (`<namespace>`, `<pod-name>`, `<sa-name>`)
// becomes the target's value; literal values (`kind=Pod`, `query=...`) stay as the runbook wrote them.
// Unknown names and values nothing supplies become null: never guessed.

import { valueOf } from "../snapshot/evidence.js";
import type { Step } from "../runbook/types.js";
import type { Target } from "../snapshot/types.js";
import { atSeverity } from "./log-findings.js";
import type { FilledParam, Session } from "./types.js";

/** The snapshot's target as runbook steps name it, plus the node the pod runs on. */
export interface TargetValues extends Omit<Target, "incidentTime"> {
  node: string | null;
}

const PROVIDER_INSTANCE = /\/(i-[0-9a-f]{8,17})$/;

/** The target as the diagnosis resolved it (the pod chosen for a service account, the node's instance). */
export function targetValues(session: Session): TargetValues {
  const { snapshot, report } = session;
  const node = valueOf(snapshot.k8s.node);
  const fromNode = node?.spec?.providerID?.match(PROVIDER_INSTANCE)?.[1] ?? null;
  return {
    cluster: report.target.cluster ?? snapshot.target.cluster,
    region: report.target.region ?? snapshot.target.region,
    account: session.diagnosis.facts.aws.account,
    namespace: report.target.namespace,
    pod: report.target.pod,
    serviceAccount: report.target.service_account,
    instanceId: snapshot.target.instanceId ?? fromNode,
    node: node?.metadata.name ?? session.diagnosis.facts.pod?.spec.nodeName ?? null,
  };
}

const normalise = (name: string): string => name.toLowerCase().replace(/[^a-z0-9]/g, "");

function byName(name: string, kind: string | null, t: TargetValues, session: Session): FilledParam | undefined {
  switch (normalise(name)) {
    case "cluster":
    case "clustername":
      return t.cluster;
    case "region":
      return t.region;
    case "account":
    case "accountid":
      return t.account;
    case "namespace":
    case "ns":
      return t.namespace;
    case "pod":
    case "podname":
      return t.pod;
    case "sa":
    case "saname":
    case "serviceaccount":
    case "serviceaccountname":
      return t.serviceAccount;
    case "name":
      return kind && normalise(kind) === "serviceaccount" ? t.serviceAccount : kind && normalise(kind) === "node" ? t.node : t.pod;
    case "instance":
    case "instanceid":
      return t.instanceId;
    case "node":
    case "nodename":
      return t.node;
    case "executionid":
      return session.id;
    case "findingids": {
      // "finding_ids from IRSA/credential findings": the high-severity ones, else every finding.
      const high = atSeverity(session.logFindings, "high");
      return (high.length > 0 ? high : session.logFindings).map((f) => f.id);
    }
    default:
      return undefined;
  }
}

const PLACEHOLDER = /^<([^<>]+)>$/;

export function fillParams(step: Step, session: Session, target: TargetValues): Record<string, FilledParam> {
  const kind = step.params.find((p) => p.name === "kind")?.value ?? null;
  const filled: Record<string, FilledParam> = {};
  for (const p of step.params) {
    if (p.value === null) {
      filled[p.name] = byName(p.name, kind, target, session) ?? null;
      continue;
    }
    const placeholder = p.value.match(PLACEHOLDER)?.[1];
    filled[p.name] = placeholder === undefined ? p.value : (byName(placeholder, kind, target, session) ?? null);
  }
  return filled;
}

/** A filled parameter as one string (lists joined), or null. */
export function paramText(params: Record<string, FilledParam>, name: string): string | null {
  const v = params[name];
  if (v === undefined || v === null) return null;
  return Array.isArray(v) ? v.join(",") : v;
}
