// A live collection from start to Snapshot: resolves the kubeconfig and the AWS configuration, runs the
// Kubernetes and AWS collectors side by side (the AWS side picks up the roles the cluster names as soon
// as they are read), then assembles the same Snapshot the offline loader builds, plus what capture writes.

import { unavailable } from "../snapshot/evidence.js";
import type { LogEvidence, Snapshot, SnapshotProblem, Target } from "../snapshot/types.js";
import { awsEvidence } from "./assemble-aws.js";
import { LIVE, kubernetesEvidence, noKubernetes } from "./assemble-k8s.js";
import { logEvidence } from "./assemble-logs.js";
import { createAwsClients } from "./aws/clients.js";
import { collectAws } from "./aws/collect.js";
import { AwsReads } from "./aws/reads.js";
import { Calls } from "./calls.js";
import { capturedOutputs } from "./captured.js";
import { K8sBook } from "./kubernetes/book.js";
import { type K8sCollected, type K8sSignals, startKubernetes } from "./kubernetes/collect.js";
import { loadKubeAccess } from "./kubernetes/config.js";
import { createK8sGetter } from "./kubernetes/http.js";
import { createK8sReads } from "./kubernetes/read.js";
import { validateTarget } from "./target.js";
import type { CollectOptions, LiveCollection, LiveTarget } from "./types.js";

const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_TAIL_LINES = 2000;
const DEFAULT_LIMIT_BYTES = 2 * 1024 * 1024;

/** The cluster side when there is no kubeconfig: nothing is read, nothing is known. */
function idleKubernetes(): { signals: K8sSignals; done: Promise<K8sCollected> } {
  const none = Promise.resolve({ value: null, round: 0 });
  return { signals: { pod: none, serviceAccount: none, serviceAccountName: none }, done: Promise.resolve({ book: new K8sBook(), logs: [], logsLookedFor: false, serviceAccount: null }) };
}

export async function collectLive(liveTarget: LiveTarget, options: CollectOptions = {}): Promise<LiveCollection> {
  const target = validateTarget(liveTarget);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const progress = (phase: string) => {
    try {
      options.onProgress?.(phase);
    } catch {
      // a progress callback must not stop the collection
    }
  };
  const kube = loadKubeAccess({ ...(options.kubeconfigPath ? { kubeconfigPath: options.kubeconfigPath } : {}), ...(options.context ? { context: options.context } : {}) });
  const hint = kube.ok ? kube.access.eks : null;
  const cluster = options.cluster ?? hint?.cluster ?? null;
  progress(kube.ok ? `kubeconfig ${kube.access.origin}, context ${kube.access.contextName ?? "(in-cluster)"}, API server ${kube.access.server}` : kube.why);
  progress(cluster ? `EKS cluster ${cluster}${options.cluster ? "" : ` (from ${hint?.from ?? "the kubeconfig"})`}` : "EKS cluster not known: pass --cluster to read its AWS side");

  const setup = await createAwsClients({
    ...(options.region ? { region: options.region } : {}),
    regionHint: hint?.region ? { region: hint.region, from: hint.from ?? "the kubeconfig" } : null,
    ...(options.profile ? { profile: options.profile } : {}),
    timeoutMs,
  });
  progress(`AWS region ${setup.region ?? "unknown"} (${setup.regionFrom})`);
  const calls = new Calls();
  const getter = kube.ok ? createK8sGetter(kube.access, timeoutMs) : null;
  try {
    progress("reading the cluster and the account");
    const k8s = getter
      ? startKubernetes(createK8sReads(getter, calls, timeoutMs), target, { tailLines: options.logTailLines ?? DEFAULT_TAIL_LINES, limitBytes: options.logLimitBytes ?? DEFAULT_LIMIT_BYTES })
      : idleKubernetes();
    const aws = new AwsReads(setup.clients, calls, timeoutMs);
    const now = (options.clock ?? (() => new Date()))();
    const [clusterSide] = await Promise.all([
      k8s.done,
      collectAws(aws, calls, { cluster, region: setup.region, namespace: target.namespace, incidentTime: target.incidentTime, now }, k8s.signals),
    ]);
    progress(`read in ${calls.records.length} requests over ${Math.max(0, ...calls.records.map((c) => c.round))} dependent rounds; assembling`);

    const caller = aws.reads.find((r) => r.spec.operation === "GetCallerIdentity" && r.outcome.ok);
    const account = (caller?.outcome.ok ? ((caller.outcome.value as Record<string, unknown>)["Account"] as string | undefined) : undefined) ?? hint?.account ?? null;
    const snapshotTarget: Target = {
      cluster,
      region: setup.region,
      account,
      namespace: target.namespace,
      pod: target.pod,
      serviceAccount: target.serviceAccount ?? (target.pod ? null : clusterSide.serviceAccount),
      instanceId: target.instanceId,
      incidentTime: target.incidentTime,
    };
    const k8sPart = kube.ok ? kubernetesEvidence(snapshotTarget, clusterSide.book) : { evidence: noKubernetes(kube.why), problems: [] };
    const awsPart = awsEvidence(snapshotTarget, aws.reads, k8sPart.evidence, { cluster, region: setup.region });
    const logs = kube.ok ? await logEvidence(clusterSide.logs, clusterSide.logsLookedFor, LIVE) : { evidence: unavailable<LogEvidence>("not_collected", kube.why), problems: [] };
    const problems: SnapshotProblem[] = [...k8sPart.problems, ...awsPart.problems, ...logs.problems];
    const snapshot: Snapshot = {
      version: 1,
      target: snapshotTarget,
      origin: LIVE,
      k8s: k8sPart.evidence,
      aws: awsPart.evidence,
      logs: logs.evidence,
      problems: problems.sort((a, b) => a.source.localeCompare(b.source) || a.message.localeCompare(b.message)),
    };
    progress("done");
    return { snapshot, captured: capturedOutputs(clusterSide.book, aws.reads, clusterSide.logs), calls: calls.records };
  } finally {
    getter?.close();
    setup.close();
  }
}

/** The Snapshot of a live cluster and account, as the offline loader would build it from a capture. */
export async function collectLiveSnapshot(target: LiveTarget, options: CollectOptions = {}): Promise<Snapshot> {
  return (await collectLive(target, options)).snapshot;
}
