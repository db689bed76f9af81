// cluster_health: the EKS cluster and its workload identity plumbing, judged item by item. Live, the AWS
// side uses the collectors' clients and read-only table and the Kubernetes side the chosen kubeconfig
// context (the AWS items are still answered when no cluster is reachable); offline, both come from a
// snapshot folder.

import type { AwsSetup } from "../../collect/aws/clients.js";
import { createAwsClients } from "../../collect/aws/clients.js";
import { kubeRegionHint } from "../../kube/context.js";
import { createOfflineK8sSource } from "../sources/offline-k8s.js";
import { DEFAULT_TIMEOUT_MS, type ViewOptions, chooseKube, openLiveK8s, openSnapshot } from "../sources/open.js";
import { type Read, readOk } from "../types.js";
import { assessAddon, assessCluster, assessIssuer, assessOidcProvider } from "./assess-aws.js";
import { assessAgent, assessWebhook } from "./assess-k8s.js";
import { liveAwsReads } from "./aws-live.js";
import { evidenceAwsReads, offlineAwsReads } from "./aws-offline.js";
import { createEvidenceK8sSource } from "../sources/evidence-k8s.js";
import type { Snapshot } from "../../snapshot/types.js";
import { type K8sSide, gatherHealth } from "./gather.js";
import { worst } from "./items.js";
import type { HealthInputs, HealthItem, HealthStatus } from "./types.js";

export interface HealthOptions extends ViewOptions {
  clusterName: string;
  region?: string;
  profile?: string;
}

export interface HealthResult {
  clusterName: string;
  region: string | null;
  overall: HealthStatus;
  summary: string;
  sources: { aws: string; kubernetes: string };
  items: HealthItem[];
}

function assessHealth(inputs: HealthInputs, region: string | null): HealthItem[] {
  return [
    assessCluster(inputs, region),
    assessIssuer(inputs),
    assessOidcProvider(inputs),
    assessWebhook(inputs),
    assessAddon(inputs),
    assessAgent(inputs),
  ];
}

function resultOf(inputs: HealthInputs, region: string | null, sources: HealthResult["sources"]): HealthResult {
  const items = assessHealth(inputs, region);
  const overall = worst(items);
  const counted = (s: HealthStatus) => items.filter((i) => i.status === s).map((i) => i.id);
  const problems = counted("problem");
  const unknowns = counted("unknown");
  const summary =
    overall === "ok"
      ? `Cluster ${inputs.clusterName}: every workload identity item is ok.`
      : `Cluster ${inputs.clusterName}: ${problems.length ? `problem in ${problems.join(", ")}` : "no problem found"}${unknowns.length ? `; could not tell ${unknowns.join(", ")}` : ""}.`;
  return { clusterName: inputs.clusterName, region, overall, summary, sources, items };
}

async function offlineHealth(opts: HealthOptions & { snapshot: string }): Promise<Read<HealthResult>> {
  const raw = await openSnapshot(opts.snapshot, opts.clusterName);
  if (!raw.ok) return raw;
  const source = createOfflineK8sSource(raw.value);
  const inputs = await gatherHealth(opts.clusterName, offlineAwsReads(raw.value, opts.clusterName), { ok: true, source });
  return readOk(resultOf(inputs, raw.value.target.region, { aws: source.origin, kubernetes: source.origin }));
}

/** cluster_health over a loaded Snapshot's evidence (a runbook step of a diagnosis session). */
export async function evidenceHealth(snapshot: Snapshot, clusterName: string, origin: string): Promise<HealthResult> {
  const source = createEvidenceK8sSource(snapshot, origin);
  const inputs = await gatherHealth(clusterName, evidenceAwsReads(snapshot.aws, snapshot.target.region, origin), { ok: true, source });
  return resultOf(inputs, snapshot.target.region, { aws: source.origin, kubernetes: source.origin });
}

export async function clusterHealth(opts: HealthOptions): Promise<Read<HealthResult>> {
  if (opts.snapshot !== undefined) return offlineHealth({ ...opts, snapshot: opts.snapshot });
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const kubeconfig = chooseKube(opts);
  const regionHint = kubeRegionHint(kubeconfig.ok ? kubeconfig.value : null, opts.clusterName);
  const live = kubeconfig.ok ? openLiveK8s(kubeconfig.value, timeoutMs) : kubeconfig;
  const side: K8sSide = live.ok ? { ok: true, source: live.value } : { ok: false, failure: live };
  let setup: AwsSetup | undefined;
  try {
    setup = await createAwsClients({
      ...(opts.region ? { region: opts.region } : {}),
      regionHint,
      ...(opts.profile ? { profile: opts.profile } : {}),
      timeoutMs,
    });
    const inputs = await gatherHealth(opts.clusterName, liveAwsReads(setup, timeoutMs), side);
    const aws = `AWS region ${setup.region ?? "unknown"} (${setup.regionFrom})${opts.profile ? `, profile ${opts.profile}` : ""}`;
    return readOk(resultOf(inputs, setup.region, { aws, kubernetes: side.ok ? side.source.origin : "not read" }));
  } finally {
    setup?.close();
    if (side.ok) side.source.close();
  }
}
