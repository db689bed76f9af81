// Loads a snapshot directory once, through the snapshot layer's raw reader (the emulator never parses
// the folder itself), and indexes it for the Kubernetes and AWS routes.

import { readRawSnapshot } from "../snapshot/load/raw.js";
import { serviceAccountIssuer } from "../snapshot/load/issuer.js";
import type { AwsDocs, RawSnapshot } from "../snapshot/load/raw-types.js";
import type { SnapshotProblem, Target } from "../snapshot/types.js";
import type { AwsContext, RecordedAwsError } from "./aws/context.js";
import { indexLogFiles } from "./k8s/pod-logs.js";
import type { K8sReadContext } from "./k8s/read.js";
import { K8sStore } from "../snapshot/k8s-store.js";

export interface EmulatorState {
  target: Target;
  /** Region the AWS clients should sign for: the target's, else us-east-1. */
  region: string;
  k8s: K8sReadContext & { clusterVersion?: string; serviceAccountIssuer?: string };
  aws: AwsContext;
  problems: SnapshotProblem[];
}

/**
 * Errors recorded at capture time. The raw layer does not classify them yet; when it grows an
 * `recordedErrors` list on AwsDocs (proposed in the emulator's report), it is picked up here.
 */
function recordedErrorsOf(docs: AwsDocs): RecordedAwsError[] {
  const list = (docs as AwsDocs & { recordedErrors?: unknown }).recordedErrors;
  if (!Array.isArray(list)) return [];
  return list.flatMap((item: unknown) => {
    const entry = (item as { value?: unknown; source?: unknown } | null) ?? {};
    const v = (entry.value ?? item) as Partial<RecordedAwsError> | null;
    if (v === null || typeof v !== "object") return [];
    const { operation, subject, code, message } = v;
    if (typeof operation !== "string" || typeof subject !== "string" || typeof code !== "string") return [];
    return [
      { operation, subject, code, message: typeof message === "string" ? message : code, source: String(entry.source ?? v.source ?? "") },
    ];
  });
}

function accountOf(raw: RawSnapshot): string | null {
  if (raw.target.account !== null) return raw.target.account;
  if (raw.aws.callerIdentity !== undefined) return raw.aws.callerIdentity.value.Account;
  const arns = [...raw.aws.clusters.map((c) => c.value.arn), ...raw.aws.roles.map((r) => r.value.Arn)];
  return arns.map((arn) => arn.split(":")[4] ?? "").find((a) => /^\d{12}$/.test(a)) ?? null;
}

export function stateFromRaw(raw: RawSnapshot, logFiles: Awaited<ReturnType<typeof indexLogFiles>>, pageSize?: number): EmulatorState {
  const store = new K8sStore(
    raw.k8sObjects.map((o) => o.value),
    raw.k8sListedKinds,
    raw.present.k8s,
    raw.k8sListedIn,
  );
  const cluster = raw.aws.clusters.find((c) => c.value.name === raw.target.cluster) ?? raw.aws.clusters[0];
  const k8s: EmulatorState["k8s"] = { store, logsRoot: raw.logsRoot, logFiles };
  if (pageSize !== undefined) k8s.pageSize = pageSize;
  if (cluster?.value.version !== undefined) k8s.clusterVersion = cluster.value.version;
  // The issuer the API server would state in its discovery document: the bundle's document or kube-apiserver flag.
  const issuer = serviceAccountIssuer(raw.k8sIssuers, raw.k8sObjects);
  if (issuer?.status === "found") k8s.serviceAccountIssuer = issuer.value;
  const aws: AwsContext = { docs: raw.aws, target: raw.target, account: accountOf(raw), recordedErrors: recordedErrorsOf(raw.aws) };
  if (pageSize !== undefined) aws.pageSize = pageSize;
  return { target: raw.target, region: raw.target.region ?? "us-east-1", k8s, aws, problems: raw.problems };
}

export async function loadEmulatorState(snapshotDir: string, pageSize?: number): Promise<EmulatorState> {
  // A fleet bundle (irsa-doctor audit) has a target.yaml without a namespace: it is served all the same.
  const raw = await readRawSnapshot(snapshotDir, { namespaceOptional: true });
  return stateFromRaw(raw, await indexLogFiles(raw.logsRoot), pageSize);
}
