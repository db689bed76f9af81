// A live audit's evidence: the cluster side and the account side read at once, in pages, each API with
// its own cap on requests in flight, into the same FleetEvidence a bundle gives. Imports client-node and
// the AWS SDK: load it dynamically.

import { createAwsClients } from "../../collect/aws/clients.js";
import { openKubeClient } from "../../kube/client.js";
import { eksHint, readKubeconfigSummary } from "../../kube/kubeconfig.js";
import { CollectError } from "../../collect/types.js";
import { valueOf, type Evidence } from "../../snapshot/evidence.js";
import type { Pod } from "../../snapshot/types.js";
import type { FleetEvidence } from "../types.js";
import { readAwsFleet } from "./aws.js";
import { readIssuer, readK8sFleet, type K8sFleet } from "./k8s.js";
import { holdTightHeap } from "../heap.js";
import { createPacer } from "./pace.js";
import { CallLog, type AuditCall } from "./rounds.js";

export interface LiveAuditOptions {
  namespaces?: readonly string[];
  cluster?: string;
  region?: string;
  context?: string;
  profile?: string;
  kubeconfigPath?: string;
  timeoutMs?: number;
  /** Requests in flight per API (Kubernetes, EKS, IAM). */
  concurrency?: { k8s?: number; eks?: number; iam?: number };
  /** Backoff of throttled requests (tests shorten it). */
  backoff?: { baseDelayMs?: number; maxDelayMs?: number; attempts?: number };
  onProgress?(line: string): void;
  /** Called while reading, at most every `READ_REPORT_MS`: requests answered so far (increasing), and what they were. */
  onRead?(requests: number, line: string): void;
}

/** How often a long read says how far it has got: structured (onRead) and as a line (onProgress, less often). */
const READ_REPORT_MS = 250;
const READ_LINE_MS = 2000;

export interface LiveFleet {
  fleet: FleetEvidence;
  calls: AuditCall[];
  rounds: number;
  throttled: number;
}

function namedRoleArns(k8s: K8sFleet): string[] {
  const arns: string[] = [];
  for (const { value } of k8s.objects) {
    const a = value.metadata.annotations?.["eks.amazonaws.com/role-arn"];
    if (value.kind === "ServiceAccount" && a) arns.push(a);
    if (value.kind === "Pod")
      for (const c of (value as Pod).spec.containers ?? []) {
        const v = c.env?.find((e) => e.name === "AWS_ROLE_ARN")?.value;
        if (v) arns.push(v);
      }
  }
  return arns;
}

export async function collectFleetLive(opts: LiveAuditOptions = {}): Promise<LiveFleet> {
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const say = (line: string) => opts.onProgress?.(line);
  const kube = readKubeconfigSummary({
    ...(opts.kubeconfigPath ? { kubeconfigPath: opts.kubeconfigPath } : {}),
    ...(opts.context ? { context: opts.context } : {}),
  });
  if (!kube.ok) throw new CollectError(`the audit reads the cluster's service accounts and pods, and ${kube.why}`);
  const hint = eksHint(kube.summary);
  const cluster = opts.cluster ?? hint.cluster ?? null;
  if (!cluster) say("EKS cluster not known: pass --cluster to read its AWS side (associations, OIDC provider)");
  const getter = openKubeClient(kube.summary, { timeoutMs });
  const setup = await createAwsClients({
    ...(opts.region ? { region: opts.region } : {}),
    regionHint: hint.region ? { region: hint.region, from: hint.from ?? "the kubeconfig" } : null,
    ...(opts.profile ? { profile: opts.profile } : {}),
    timeoutMs,
    maxAttempts: 1,
  });
  const backoff = opts.backoff ?? {};
  const pacer = (n: number) => createPacer({ concurrency: n, ...backoff });
  const k8sPace = pacer(opts.concurrency?.k8s ?? 8);
  const pace = { eks: pacer(opts.concurrency?.eks ?? 32), iam: pacer(opts.concurrency?.iam ?? 4), sts: pacer(1) };
  let reported = 0;
  let said = Date.now();
  const log = new CallLog((l) => {
    const now = Date.now();
    if (now - reported < READ_REPORT_MS) return;
    reported = now;
    opts.onRead?.(l.calls.length, `read ${l.summary()}`);
    if (now - said >= READ_LINE_MS) {
      said = now;
      say(`read ${l.summary()} so far`);
    }
  });
  say(
    `reading cluster ${cluster ?? "(unknown)"} in region ${setup.region ?? "unknown"}: service accounts and pods ${opts.namespaces?.length ? `of ${opts.namespaces.join(", ")}` : "of every namespace"}, roles, associations`,
  );
  const releaseHeap = holdTightHeap();
  try {
    const k8sP = readK8sFleet(getter, k8sPace, log, opts.namespaces ?? []);
    // Not an EKS cluster (or its describe-cluster not readable): the API server states the issuer, as per pod.
    let issuer: Evidence<string> | undefined;
    const apiServerIssuer = async () => valueOf((issuer = await readIssuer(getter, k8sPace, log, 2)));
    const awsP = readAwsFleet(
      setup.clients,
      pace,
      log,
      { cluster, region: setup.region },
      k8sP.then(namedRoleArns, () => []),
      apiServerIssuer,
    );
    const [k8s, aws] = await Promise.all([k8sP, awsP]);
    say(`read in ${log.calls.length} requests over ${log.rounds} dependent rounds`);
    const fleet: FleetEvidence = {
      target: {
        cluster,
        region: setup.region,
        account: aws.account ?? hint.account ?? null,
        namespace: "",
        pod: null,
        serviceAccount: null,
        instanceId: null,
        incidentTime: null,
      },
      origin: "live",
      objects: k8s.objects,
      listedKinds: k8s.listedKinds,
      k8sPresent: true,
      failedReads: k8s.failedReads,
      ...(issuer ? { serviceAccountIssuer: issuer } : {}),
      docs: aws.docs,
      awsPresent: true,
      problems: [...k8s.problems, ...aws.problems],
    };
    return {
      fleet,
      calls: log.calls,
      rounds: log.rounds,
      throttled: k8sPace.throttled + pace.eks.throttled + pace.iam.throttled + pace.sts.throttled,
    };
  } finally {
    releaseHeap();
    setup.close();
    getter.close();
  }
}
