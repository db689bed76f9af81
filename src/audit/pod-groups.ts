// A binding's pods, grouped by what decides their credentials: the settings each container carries (read by
// the credential-path stage's own containerSources, so the audit never re-derives where a variable came
// from), where they were set, and the node's Pod Identity agent. Replicas of one template fall in one group
// and are judged once; a pod admitted before an association, or one whose spec sets its own AWS_ROLE_ARN,
// falls in a group of its own and is judged as `diagnose` would judge it, instead of being hidden behind the
// replica the selection would otherwise pick.

import { containerSources } from "../diagnosis/credential-path/index.js";
import type { Sourced } from "../snapshot/load/raw-types.js";
import { byRelevance } from "../snapshot/load/pod-relevance.js";
import type { GenericObject, K8sObject, Pod } from "../snapshot/types.js";

export interface PodGroup {
  /** The pod `diagnose --service-account` would pick within the group: crash-looping first, then newest. */
  representative: Pod;
  pods: Pod[];
}

/** Only the variables an SDK's chain or the webhooks read: an app's own settings do not split a group. */
const CREDENTIAL_ENV = /^AWS_/;

function signature(pod: Pod, owners: readonly GenericObject[], agentNodes: ReadonlySet<string> | null): string {
  const containers = [
    ...(pod.spec.initContainers ?? []).map((c) => ({ c, init: true })),
    ...pod.spec.containers.map((c) => ({ c, init: false })),
  ];
  const parts = containers.map(({ c, init }) => {
    // Without the Secrets' key names: the envFrom names already split pods that pull in different Secrets.
    const s = containerSources(pod, c, init, owners, undefined);
    const env = [...s.env.values()].filter((e) => CREDENTIAL_ENV.test(e.name)).map((e) => [e.name, e.value, e.origin]);
    return [s.name, s.init, env, s.envFrom, s.files, [...s.available].sort(), [...s.possible].sort()];
  });
  const node = pod.spec.nodeName ?? null;
  return JSON.stringify([parts, agentNodes === null || node === null ? null : agentNodes.has(node)]);
}

/**
 * Groups `pods` (each with the owner objects its chain names, possibly none) by credential settings. One group
 * when they all agree, which is the usual case; never an empty list when there are pods.
 */
export function groupPods(
  pods: readonly Sourced<K8sObject>[],
  ownersOf: (pod: Pod) => GenericObject[],
  agentNodes: ReadonlySet<string> | null,
): PodGroup[] {
  const groups = new Map<string, Pod[]>();
  for (const { value } of pods) {
    const pod = value as Pod;
    const key = signature(pod, ownersOf(pod), agentNodes);
    const list = groups.get(key);
    if (list) list.push(pod);
    else groups.set(key, [pod]);
  }
  return [...groups.values()].map((list) => ({ representative: [...list].sort(byRelevance)[0]!, pods: list }));
}
