// The target is checked before it is diagnosed: a namespace, pod or service account that does not exist is
// a mistyped name far more often than a misconfiguration, and a diagnosis of it ("annotation missing" for a
// service account that is not there) sends the caller to fix the wrong thing. "Does not exist" is taken only
// from the evidence saying so: the API's 404 live, the bundle's list of that kind offline. A refused or
// unreachable read is no proof, so the diagnosis goes on and reports it as missing evidence.
// The refusal names what does exist nearby, in the tool's own argument names.

import type { EvidencePlan } from "../executor/index.js";
import type { Snapshot } from "../snapshot/types.js";
import { closestNames } from "../util/closest.js";
import { listNames, type NameKind, type NameSource } from "./cluster-names.js";

const ARGUMENT: Record<NameKind, string> = { Namespace: "namespace", Pod: "pod", ServiceAccount: "serviceAccount" };
const WHAT: Record<NameKind, string> = { Namespace: "namespace", Pod: "pod", ServiceAccount: "service account" };

export async function checkTarget(snapshot: Snapshot, plan: EvidencePlan, now: Date): Promise<string | null> {
  // A message alone names no namespace, pod or service account to check.
  if (plan.kind === "message") return null;
  const { k8s, target } = snapshot;
  const source: NameSource =
    plan.kind === "snapshot" ? { snapshot: plan.dir } : plan.request.context ? { context: plan.request.context } : {};
  const where = plan.kind === "snapshot" ? "is not in the bundle's k8s/ objects" : "does not exist (the API server answered 404 NotFound)";
  const ns = target.namespace;
  const workload: { kind: NameKind; name: string } | null = target.pod
    ? { kind: "Pod", name: target.pod }
    : target.serviceAccount
      ? { kind: "ServiceAccount", name: target.serviceAccount }
      : null;

  if (k8s.namespace.status === "absent") {
    const lines = [`Namespace "${ns}" ${where}.`];
    const namespaces = await listNames("Namespace", null, source, now);
    if (namespaces.ok)
      lines.push(
        nearby(
          "namespace",
          ns,
          namespaces.items.map((i) => i.name),
        ),
      );
    else lines.push(`The namespaces could not be listed: ${namespaces.why}`);
    if (workload) lines.push(await holders(workload.kind, workload.name, source, now));
    lines.push(`Call again with namespace set to the right one; nothing was diagnosed.`);
    return lines.join("\n");
  }
  if (!workload) return null;
  const evidence = workload.kind === "Pod" ? k8s.pod : k8s.serviceAccount;
  if (evidence.status !== "absent") return null;
  const lines = [`${capital(WHAT[workload.kind])} "${workload.name}" in namespace "${ns}" ${where}.`];
  const same = await listNames(workload.kind, ns, source, now);
  if (same.ok)
    lines.push(
      nearby(
        `${WHAT[workload.kind]} in namespace ${ns}`,
        workload.name,
        same.items.map((i) => i.name),
      ),
    );
  else lines.push(`The ${WHAT[workload.kind]}s of namespace ${ns} could not be listed: ${same.why}`);
  lines.push(await holders(workload.kind, workload.name, source, now));
  lines.push(`Call again with ${ARGUMENT[workload.kind]} (and namespace) set to the right one; nothing was diagnosed.`);
  return lines.join("\n");
}

function nearby(what: string, given: string, names: string[]): string {
  if (names.length === 0) return `There is no ${what}.`;
  const close = closestNames(given, names);
  if (close.length > 0) return `Closest ${what}: ${close.join(", ")}.`;
  const some = [...names].sort().slice(0, 10);
  return `No ${what} is named like it; ${names.length > some.length ? `${some.length} of ${names.length}` : "they are"}: ${some.join(", ")}.`;
}

/** The namespaces that hold an object of that kind and name. */
async function holders(kind: NameKind, name: string, source: NameSource, now: Date): Promise<string> {
  const all = await listNames(kind, null, source, now);
  if (!all.ok) return `Other namespaces could not be searched for ${WHAT[kind]} ${name}: ${all.why}`;
  const namespaces = [...new Set(all.items.filter((i) => i.name === name && i.namespace).map((i) => i.namespace!))].sort();
  return namespaces.length > 0
    ? `${capital(WHAT[kind])} "${name}" exists in namespace${namespaces.length > 1 ? "s" : ""} ${namespaces.join(", ")}.`
    : `No namespace holds a ${WHAT[kind]} named "${name}".`;
}

const capital = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
