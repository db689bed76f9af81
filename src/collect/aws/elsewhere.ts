// Where a service account with no binding in its own cluster may still have one: the region's other
// clusters (read only in that case, by collectAws).

import type { K8sSignals } from "../kubernetes/collect.js";
import { type Outcome, roundOf, valueOr } from "../outcome.js";
import type { Pod } from "../../snapshot/types.js";
import type { AwsContext } from "./context.js";
import type { AwsReads } from "./reads.js";

type Obj = Record<string, unknown>;
const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);

/** The roles a pod's containers name in AWS_ROLE_ARN (set by the webhook, or by hand in the spec). */
export function roleArnsOfPod(pod: Pod): string[] {
  return [...pod.spec.containers, ...(pod.spec.initContainers ?? [])].flatMap(
    (c) => c.env?.filter((e) => e.name === "AWS_ROLE_ARN" && e.value).map((e) => e.value as string) ?? [],
  );
}

/** Other clusters' lists read at once: a region rarely has more than a few dozen clusters. */
const OTHER_CLUSTERS_AT_ONCE = 8;

/**
 * When the service account has neither binding in its own cluster, its association may have stayed in the
 * cluster it came from (a blue/green move: associations belong to one cluster). Only then are the
 * region's other clusters listed and asked, filtered to this namespace and service account; what is found
 * is described and its role read, as for an association of this cluster.
 */
export async function associationsElsewhere(
  aws: AwsReads,
  ctx: AwsContext,
  cluster: string,
  here: Promise<Outcome<Obj>>,
  k8s: K8sSignals,
  roleOfArn: (arn: string | undefined, after: number) => void,
): Promise<void> {
  const [list, sa, pod, name] = await Promise.all([here, k8s.serviceAccount, k8s.pod, k8s.serviceAccountName]);
  if (!list.ok || name.value === null) return;
  const bound =
    sa.value?.metadata.annotations?.["eks.amazonaws.com/role-arn"] !== undefined ||
    (pod.value !== null && roleArnsOfPod(pod.value).length > 0) ||
    ((list.value["associations"] as Obj[] | undefined) ?? []).some(
      (a) => a["namespace"] === ctx.namespace && a["serviceAccount"] === name.value,
    );
  if (bound) return;
  const after = roundOf(list, sa, pod, name);
  const clusters = await aws.paged(
    {
      service: "eks",
      operation: "ListClusters",
      input: { maxResults: 100 },
      cli: "list-clusters",
      args: "",
      subject: "*",
      what: "the region's EKS clusters",
      fileSubject: null,
    },
    after,
    (p) => p["nextToken"],
    (input, nextToken) => ({ ...input, nextToken }),
  );
  const others = ((valueOr(clusters)?.["clusters"] as string[] | undefined) ?? []).filter((c) => c !== cluster);
  for (let i = 0; i < others.length; i += OTHER_CLUSTERS_AT_ONCE) {
    await Promise.all(
      others.slice(i, i + OTHER_CLUSTERS_AT_ONCE).map(async (other) => {
        const filter = { clusterName: other, namespace: ctx.namespace, serviceAccount: name.value };
        const found = await aws.call(
          {
            service: "eks",
            operation: "ListPodIdentityAssociations",
            input: filter,
            cli: "list-pod-identity-associations",
            args: `--cluster-name ${other} --namespace ${ctx.namespace} --service-account ${name.value}`,
            subject: other,
            what: `the pod identity associations of ${ctx.namespace}/${name.value} in cluster ${other}`,
            fileSubject: other,
          },
          clusters.round,
        );
        for (const a of (valueOr(found)?.["associations"] as Obj[] | undefined) ?? []) {
          const id = String(a["associationId"] ?? "");
          const d = await aws.call(
            {
              service: "eks",
              operation: "DescribePodIdentityAssociation",
              input: { clusterName: other, associationId: id },
              cli: "describe-pod-identity-association",
              args: `--cluster-name ${other} --association-id ${id}`,
              subject: `${other}/${id}`,
              what: `pod identity association ${id} of cluster ${other}`,
              fileSubject: `${other}-${ctx.namespace}-${name.value}`,
            },
            found.round,
          );
          roleOfArn(str((valueOr(d)?.["association"] as Obj | undefined)?.["roleArn"]), d.round);
        }
      }),
    );
  }
}
