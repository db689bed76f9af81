// A live collection from start to Snapshot: reads which cluster the kubeconfig points at, loads the
// Kubernetes library and starts its reads, then the AWS SDK and its reads while those are on the wire
// (the AWS side picks up the roles the cluster names the moment they are read), then assembles the same
// Snapshot the offline loader builds, plus what capture writes.

import { found, unavailable } from "../snapshot/evidence.js";
import { ISSUER_DISCOVERY_PATH, type IssuerDiscovery } from "../kube/issuer-discovery.js";
import { failedOutcome, failureEvidence } from "./outcome.js";
import type { LogEvidence, Snapshot, SnapshotProblem, Target } from "../snapshot/types.js";
import { Calls } from "./calls.js";
import { K8sBook } from "./kubernetes/book.js";
import type { K8sSignals } from "./kubernetes/collect.js";
import { chooseContext, kubeRegionHint } from "../kube/context.js";
import { eksHint } from "../kube/kubeconfig.js";
import type { KubernetesSide } from "./kubernetes/side.js";
import { validateTarget } from "./target.js";
import { type CollectOptions, CollectError, type LiveCollection, type LiveTarget } from "./types.js";
import { compareText } from "../util/compare.js";

const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_TAIL_LINES = 2000;
const DEFAULT_LIMIT_BYTES = 2 * 1024 * 1024;

/** A turn of the event loop: requests started before it are on the wire after it. */
const oneTurn = () => new Promise<void>((resolve) => setTimeout(resolve, 1));

/** The cluster side when there is no kubeconfig: nothing is read, nothing is known. */
function idleKubernetes(): KubernetesSide {
  const none = Promise.resolve({ value: null, round: 0 });
  const noServer = (after: number) =>
    Promise.resolve(failedOutcome<IssuerDiscovery>({ kind: "error", detail: "no kubeconfig: the API server was not read" }, after));
  return {
    signals: {
      pod: none,
      serviceAccount: none,
      serviceAccountName: none,
      issuerDiscovery: noServer,
      podLogs: Promise.resolve({ value: [], round: 0 }),
    },
    done: Promise.resolve({ book: new K8sBook(), logs: [], logsLookedFor: false, serviceAccount: null }),
    written: () => Promise.resolve(),
    close: () => undefined,
  };
}

/** How long the AWS SDK's loading waits for the cluster reads to be written (see onTheWire). */
const WRITE_WAIT_MS = 10;

/**
 * Returns once the cluster reads just started are on the wire, or after WRITE_WAIT_MS. Loading a module does
 * not yield to the event loop, and a request is written only when the loop sees its connection open: loaded
 * first, the AWS SDK kept every cluster read unsent for its whole loading time (50 ms on a laptop). One
 * timer turn was not enough: it fired before the loop polled the new connections. The wait is capped for an
 * API server far away, whose TLS handshake the SDK's loading would otherwise wait out.
 */
async function onTheWire(side: KubernetesSide | undefined): Promise<void> {
  // The reads are started in promise callbacks (each waits for the credentials): after one macrotask they
  // have all been sent.
  await new Promise<void>((resolve) => setImmediate(resolve));
  if (!side) return;
  let timer: NodeJS.Timeout | undefined;
  const capped = new Promise<void>((resolve) => (timer = setTimeout(resolve, WRITE_WAIT_MS)));
  await Promise.race([side.written().catch(() => undefined), capped]);
  clearTimeout(timer);
}

export async function collectLive(liveTarget: LiveTarget, options: CollectOptions = {}): Promise<LiveCollection> {
  const target = validateTarget(liveTarget);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  for (const [name, v] of [
    ["timeoutMs", options.timeoutMs],
    ["logTailLines", options.logTailLines],
    ["logLimitBytes", options.logLimitBytes],
  ] as const) {
    if (v !== undefined && (!Number.isInteger(v) || v < 1))
      throw new CollectError(`${name} must be a positive whole number, got ${String(v)}`);
  }
  const progress = (phase: string) => {
    try {
      options.onProgress?.(phase);
    } catch {
      // a progress callback must not stop the collection
    }
  };
  // The context is chosen as the cluster and log tools choose it: --cluster picks the context of that cluster.
  const choice = chooseContext({
    ...(options.kubeconfigPath ? { kubeconfigPath: options.kubeconfigPath } : {}),
    ...(options.context ? { context: options.context } : {}),
    ...(options.cluster ? { clusterName: options.cluster } : {}),
    audience: "cli",
  });
  if (!choice.ok && choice.reason === "invalid") throw new CollectError(choice.message);
  const kube = choice.ok ? { ok: true as const, summary: choice.summary } : { ok: false as const, why: choice.message };
  const hint = kube.ok ? eksHint(kube.summary) : null;
  const regionHint = kubeRegionHint(choice.ok ? choice.summary : null, options.cluster ?? null);
  const cluster = options.cluster ?? hint?.cluster ?? null;
  progress(
    kube.ok
      ? `kubeconfig ${kube.summary.origin}, context ${kube.summary.contextName ?? "(in-cluster)"}, API server ${kube.summary.server ?? "(in-cluster)"}`
      : kube.why,
  );
  progress(
    cluster
      ? `EKS cluster ${cluster}${options.cluster ? "" : ` (from ${hint?.from ?? "the kubeconfig"})`}`
      : "EKS cluster not known: pass --cluster to read its AWS side",
  );

  const calls = new Calls();
  const logs = { tailLines: options.logTailLines ?? DEFAULT_TAIL_LINES, limitBytes: options.logLimitBytes ?? DEFAULT_LIMIT_BYTES };
  // Both libraries load at once; neither side waits for the other's.
  const kubeSide: Promise<KubernetesSide> = kube.ok
    ? import("./kubernetes/side.js").then((m) => m.startKubernetesSide(kube.summary, target, logs, calls, timeoutMs))
    : Promise.resolve(idleKubernetes());
  const unknown = { value: null, round: 0 };
  const signals: K8sSignals = {
    pod: kubeSide.then(
      (s) => s.signals.pod,
      () => unknown,
    ),
    serviceAccount: kubeSide.then(
      (s) => s.signals.serviceAccount,
      () => unknown,
    ),
    serviceAccountName: kubeSide.then(
      (s) => s.signals.serviceAccountName,
      () => unknown,
    ),
    podLogs: kubeSide.then(
      (s) => s.signals.podLogs,
      () => ({ value: [], round: 0 }),
    ),
    issuerDiscovery: (after) =>
      kubeSide.then(
        (s) => s.signals.issuerDiscovery(after),
        () => failedOutcome<IssuerDiscovery>({ kind: "error", detail: "the Kubernetes client did not start" }, after),
      ),
  };
  // The Kubernetes side sends first, then the AWS side loads. Loaded together, neither side's first request
  // went out before both libraries had loaded; this way the pod, where an IRSA diagnosis's chain of reads
  // starts, is asked for while the AWS SDK loads, and the AWS reads start about when they did.
  await onTheWire(await kubeSide.catch(() => undefined));
  const awsSide = await import("./aws/side.js");
  const setup = await awsSide.createAwsClients({
    ...(options.region ? { region: options.region } : {}),
    regionHint,
    ...(options.profile ? { profile: options.profile } : {}),
    timeoutMs,
  });
  progress(`AWS region ${setup.region ?? "unknown"} (${setup.regionFrom}); reading the cluster and the account`);
  const aws = new awsSide.AwsReads(setup.clients, calls, timeoutMs);
  try {
    const now = (options.clock ?? (() => new Date()))();
    const awsDone = awsSide.collectAws(
      aws,
      calls,
      { cluster, region: setup.region, namespace: target.namespace, incidentTime: target.incidentTime, now },
      signals,
    );
    // What is loaded from here on (the assembly code, and the caller's own) waits for the first answer the
    // other reads hang on, the pod's, and a turn for those reads to go out: loaded sooner, it would hold up
    // that answer's handling, on the path to the last answer; after it, the collection mostly waits.
    const firstAnswer = signals.pod.then(oneTurn);
    const assembling = firstAnswer.then(() => import("./assemble.js"));
    assembling.catch(() => undefined); // awaited below, unless the collection fails first
    void firstAnswer.then(() => {
      try {
        options.onFirstAnswer?.();
      } catch {
        // like progress: a caller's callback must not stop the collection
      }
    });
    const k8sDone = kubeSide.then((s) => s.done);
    // The cluster side ends a round before the AWS side (IAM's policy versions): its logs are scanned while
    // the last AWS answers are on their way, not after them.
    const logsScanned = kube.ok
      ? Promise.all([k8sDone, assembling]).then(([side, a]) => a.logEvidence(side.logs, side.logsLookedFor, a.LIVE))
      : Promise.resolve({ evidence: unavailable<LogEvidence>("not_collected", kube.why), problems: [] });
    logsScanned.catch(() => undefined); // awaited below, unless the collection fails first
    const [k8sSettled] = await Promise.allSettled([k8sDone, awsDone]);
    if (k8sSettled.status === "rejected") throw k8sSettled.reason;
    const clusterSide = k8sSettled.value;
    // Expired or unknown credentials make every answer meaningless: say how to fix them, diagnose nothing.
    if (calls.refusedCredentials) throw new CollectError(calls.refusedCredentials.detail);
    progress(
      `read in ${calls.records.length} requests over ${Math.max(0, ...calls.records.map((c) => c.round))} dependent rounds; assembling`,
    );

    const caller = aws.reads.find((r) => r.spec.operation === "GetCallerIdentity" && r.outcome.ok);
    const callerAccount = caller?.outcome.ok
      ? ((caller.outcome.value as Record<string, unknown>)["Account"] as string | undefined)
      : undefined;
    const snapshotTarget: Target = {
      cluster,
      region: setup.region,
      account: callerAccount ?? hint?.account ?? null,
      namespace: target.namespace,
      pod: target.pod,
      serviceAccount: target.serviceAccount ?? (target.pod ? null : clusterSide.serviceAccount),
      instanceId: target.instanceId,
      incidentTime: target.incidentTime,
      capturedAt: now.toISOString(),
    };
    const { LIVE, awsEvidence, capturedOutputs, kubernetesEvidence, noKubernetes } = await assembling;
    const k8sPart = kube.ok ? kubernetesEvidence(snapshotTarget, clusterSide.book) : { evidence: noKubernetes(kube.why), problems: [] };
    const awsPart = awsEvidence(snapshotTarget, aws.reads, k8sPart.evidence, { cluster, region: setup.region });
    // Not an EKS cluster (kOps, kubeadm), or its describe-cluster not readable: the API server states the
    // issuer. The AWS side asked for it already to find the cluster's OIDC provider; this is the same read.
    let issuerDoc: IssuerDiscovery | undefined;
    if (kube.ok && awsPart.evidence.cluster.status !== "found") {
      const read = await signals.issuerDiscovery(Math.max(0, ...calls.records.map((c) => c.round)));
      k8sPart.evidence.serviceAccountIssuer = read.ok
        ? found(read.value.issuer, `kubectl get --raw ${ISSUER_DISCOVERY_PATH}`)
        : failureEvidence(read.failure, LIVE);
      if (read.ok) issuerDoc = read.value;
    }
    const logPart = await logsScanned;
    const problems: SnapshotProblem[] = [...k8sPart.problems, ...awsPart.problems, ...logPart.problems];
    const snapshot: Snapshot = {
      version: 1,
      target: snapshotTarget,
      origin: LIVE,
      k8s: k8sPart.evidence,
      aws: awsPart.evidence,
      logs: logPart.evidence,
      problems: problems.sort((a, b) => compareText(a.source, b.source) || compareText(a.message, b.message)),
    };
    progress("done");
    const captured = capturedOutputs(clusterSide.book, aws.reads, clusterSide.logs);
    if (issuerDoc) captured.k8sIssuerDiscovery = issuerDoc;
    return { snapshot, captured, calls: calls.records };
  } finally {
    setup.close();
    await kubeSide.then(
      (s) => s.close(),
      () => undefined,
    );
  }
}

/** The Snapshot of a live cluster and account, as the offline loader would build it from a capture. */
export async function collectLiveSnapshot(target: LiveTarget, options: CollectOptions = {}): Promise<Snapshot> {
  return (await collectLive(target, options)).snapshot;
}
