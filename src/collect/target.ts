// Checks a live target before anything is read, with messages that say what to pass instead.

import type { WorkloadTarget } from "./kubernetes/collect.js";
import { CollectError, type LiveTarget } from "./types.js";

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;
const INSTANCE_ID = /^i-[0-9a-f]{8,17}$/;
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

export interface ValidTarget extends WorkloadTarget {
  instanceId: string | null;
  incidentTime: string | null;
}

export function validateTarget(t: LiveTarget): ValidTarget {
  const problems: string[] = [];
  const name = (key: string, v: string | null | undefined, re: RegExp, rule: string): string | null => {
    if (v === undefined || v === null || v === "") return null;
    if (typeof v !== "string" || !re.test(v) || v.length > 253) problems.push(`${key} ${JSON.stringify(v)} is not ${rule}`);
    return v;
  };
  if (!t || typeof t.namespace !== "string" || t.namespace === "") {
    throw new CollectError("the target needs a namespace, e.g. --namespace payments");
  }
  const namespace = name("namespace", t.namespace, DNS_LABEL, "a namespace name (lowercase letters, digits, '-')") ?? t.namespace;
  const pod = name("pod", t.pod, DNS_SUBDOMAIN, "a pod name");
  const serviceAccount = name("serviceAccount", t.serviceAccount, DNS_SUBDOMAIN, "a service account name");
  const deployment = name("deployment", t.deployment, DNS_SUBDOMAIN, "a deployment name");
  const instanceId = name("instanceId", t.instanceId, INSTANCE_ID, "an EC2 instance id (i-0abc123def4567890)");
  let incidentTime: string | null = null;
  if (t.incidentTime) {
    if (!RFC3339.test(t.incidentTime) || Number.isNaN(Date.parse(t.incidentTime)))
      problems.push(`incidentTime ${JSON.stringify(t.incidentTime)} is not an RFC 3339 time, e.g. 2024-05-14T09:32:00Z`);
    else incidentTime = t.incidentTime;
  }
  if (!pod && !serviceAccount && !deployment) problems.push("name the workload: a pod, a serviceAccount or a deployment in the namespace");
  if (problems.length > 0) throw new CollectError(`invalid target: ${problems.join("; ")}`);
  return { namespace, pod, serviceAccount, deployment, instanceId, incidentTime };
}
