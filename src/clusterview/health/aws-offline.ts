// cluster_health's AWS reads answered from a snapshot folder: the offline loader's own AwsEvidence
// (src/snapshot/load/aws-evidence.ts), so a bundle proves an OIDC provider or add-on absent exactly
// when the diagnosis would, and anything aws/ lacks is "not collected", never "missing".

import type { Evidence } from "../../snapshot/evidence.js";
import { unavailable } from "../../snapshot/evidence.js";
import { buildAwsEvidence } from "../../snapshot/load/aws-evidence.js";
import type { RawSnapshot } from "../../snapshot/load/raw-types.js";
import type { AwsEvidence, KubernetesEvidence } from "../../snapshot/types.js";
import { type Read, type ViewFailureKind, readFailed, readOk } from "../types.js";
import type { AwsHealthReads } from "./types.js";

const KIND_OF: Record<string, ViewFailureKind> = {
  not_collected: "not_collected",
  permission_denied: "denied",
  unreachable: "unreachable",
};

function sentence(text: string): string {
  const s = text.charAt(0).toUpperCase() + text.slice(1);
  return /[.!?]$/.test(s) ? s : `${s}.`;
}

function fromEvidence<T>(e: Evidence<T>, where: string): Read<T> {
  if (e.status === "found") return readOk(e.value);
  if (e.status === "absent") return readFailed("not_found", sentence(`${where}: ${e.detail ?? `absent (${e.source})`}`));
  return readFailed(KIND_OF[e.reason] ?? "error", sentence(`${where}: ${e.detail}`), e.permission);
}

/** The Kubernetes side is not what these reads are about: every part of it "not collected". */
function noKubernetes(): KubernetesEvidence {
  const none = unavailable<never>("not_collected", "not read by cluster_health");
  return {
    pod: none,
    pods: none,
    serviceAccount: none,
    events: none,
    mutatingWebhooks: none,
    podIdentityAgent: none,
    podIdentityAgentPods: none,
    node: none,
    namespace: none,
    owners: none,
  };
}

export function offlineAwsReads(raw: RawSnapshot, clusterName: string): AwsHealthReads {
  const { evidence } = buildAwsEvidence({ ...raw.target, cluster: clusterName }, raw.aws, raw.present.aws, noKubernetes());
  return evidenceAwsReads(evidence, raw.target.region, `snapshot ${raw.dir}`);
}

/** The reads answered from AWS evidence already assembled (a snapshot folder's, or a diagnosis session's). */
export function evidenceAwsReads(evidence: AwsEvidence, region: string | null, where: string): AwsHealthReads {
  return {
    region,
    describeCluster: async () => fromEvidence(evidence.cluster, where),
    listOidcProviders: async () => {
      const list = fromEvidence(evidence.oidcProviderList, where);
      return list.ok ? readOk([...list.value].sort()) : list;
    },
    getOidcProvider: async (arn) => {
      const key = Object.keys(evidence.oidcProviders).find((k) => k.toLowerCase() === arn.toLowerCase());
      const found = key === undefined ? undefined : evidence.oidcProviders[key];
      if (found) return fromEvidence(found, where);
      return readFailed(
        "not_collected",
        `The ${where} holds no output of \`aws iam get-open-id-connect-provider --open-id-connect-provider-arn ${arn}\`.`,
      );
    },
    describeAddon: async () => fromEvidence(evidence.podIdentityAddon, where),
  };
}
