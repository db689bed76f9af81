// Credential variables written by hand into a workload's pod template. The pod-identity-webhook leaves a
// container alone, token mount included, when it already defines them (with the region and STS endpoint
// variables), or when the pod's eks.amazonaws.com/skip-containers annotation names it; such a container has
// the variables but no token. Removing them from the template lets the webhook inject variables and mount
// together. The fix is a JSON patch whose "test" operations refuse to run if the template has moved on.

import type { Container, GenericObject, Snapshot } from "../../snapshot/types.js";
import { valueOf } from "../../snapshot/evidence.js";

/** The variables the webhooks inject; a template defining any of them opts its container out. */
const INJECTED = [
  "AWS_ROLE_ARN",
  "AWS_WEB_IDENTITY_TOKEN_FILE",
  "AWS_CONTAINER_CREDENTIALS_FULL_URI",
  "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE",
];

export interface TemplateEnv {
  /** "deployment/payments-api" */
  owner: string;
  names: string[];
  /** kubectl patch ... --type json -p '<this>' */
  patch: string;
}

export function hardCodedIdentityEnv(s: Snapshot, containerName: string, init: boolean): TemplateEnv | null {
  // Only a Deployment re-creates its pods when its template changes (a ReplicaSet's template is frozen).
  const owner: GenericObject | undefined = (valueOf(s.k8s.owners) ?? []).find((o) => o.kind === "Deployment");
  if (!owner) return null;
  const spec = (owner["spec"] as { template?: { spec?: { containers?: Container[]; initContainers?: Container[] } } } | undefined)?.template
    ?.spec;
  const list = init ? "initContainers" : "containers";
  const containers = spec?.[list] ?? [];
  const index = containers.findIndex((c) => c.name === containerName);
  const env = containers[index]?.env ?? [];
  const hits = env.map((e, i) => ({ name: e.name, i })).filter((e) => INJECTED.includes(e.name));
  if (index < 0 || hits.length === 0) return null;
  const base = `/spec/template/spec/${list}/${index}/env`;
  // Remove from the highest index down so earlier removals do not shift later paths.
  const ops = [...hits]
    .sort((a, b) => b.i - a.i)
    .flatMap((h) => [
      { op: "test", path: `${base}/${h.i}/name`, value: h.name },
      { op: "remove", path: `${base}/${h.i}` },
    ]);
  return { owner: `${owner.kind.toLowerCase()}/${owner.metadata.name}`, names: hits.map((h) => h.name), patch: JSON.stringify(ops) };
}
