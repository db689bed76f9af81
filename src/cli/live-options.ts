// The flags that name a live target and how to reach it, shared by diagnose, snapshot and phase:
// --namespace with one of --pod / --service-account / --deployment, and --cluster, --region, --context,
// --profile, --kubeconfig, --instance-id, --incident-time, --timeout.

import { statSync } from "node:fs";
import { delimiter } from "node:path";
import type { CollectOptions, LiveTarget } from "../collect/types.js";
import { fileKind } from "../util/safe-read.js";
import type { OptionsConfig, ParsedArgs } from "./commands/types.js";
import type { CliIo } from "./io.js";

export const LIVE_OPTIONS: OptionsConfig = {
  namespace: { type: "string", short: "n" },
  pod: { type: "string" },
  "service-account": { type: "string" },
  deployment: { type: "string" },
  cluster: { type: "string" },
  region: { type: "string" },
  context: { type: "string" },
  profile: { type: "string" },
  kubeconfig: { type: "string" },
  "instance-id": { type: "string" },
  "incident-time": { type: "string" },
  timeout: { type: "string" },
};

export const LIVE_OPTIONS_HELP = [
  "Live target (read-only; credentials from KUBECONFIG / the kubeconfig context and the AWS default chain):",
  "  -n, --namespace NS         The workload's namespace.",
  "  --pod POD | --service-account SA | --deployment NAME   The workload (one of them).",
  "  --cluster NAME             EKS cluster name (default: from the kubeconfig context's EKS ARN).",
  "  --region R                 AWS region (default: the context's EKS ARN, AWS_REGION, the profile).",
  "  --context CTX              Kubeconfig context (default: the current one).",
  "  --profile P                AWS profile (default: AWS_PROFILE, then the default chain).",
  "  --kubeconfig FILE          Kubeconfig file (default: KUBECONFIG, ~/.kube/config, in-cluster).",
  "  --instance-id ID           The EC2 instance of the node, when known.",
  "  --incident-time T          RFC 3339 time of the failure (centres the CloudTrail window).",
  "  --timeout MS               Per-request timeout (default 10000).",
].join("\n");

export type LiveRequest = { ok: true; target: LiveTarget; options: CollectOptions } | { ok: false; message: string };

const str = (args: ParsedArgs, name: string): string | undefined => {
  const v = args.values[name];
  return typeof v === "string" && v !== "" ? v : undefined;
};

// Kubernetes' own rules: a namespace is a DNS label, a pod, service account or deployment a DNS subdomain.
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;
/** A kubeconfig is a few KB (certificates included); past this it is not one. */
const KUBECONFIG_MAX_BYTES = 16 * 1024 * 1024;

/** Reads the live flags; says exactly what is missing or wrong. */
export function liveRequestFrom(args: ParsedArgs, io: CliIo): LiveRequest {
  const namespace = str(args, "namespace");
  const named = (["pod", "service-account", "deployment"] as const).filter((k) => str(args, k));
  if (!namespace) return { ok: false, message: "give the workload's namespace with --namespace NS" };
  if (named.length !== 1) {
    return { ok: false, message: "name the workload with exactly one of --pod POD, --service-account SA or --deployment NAME" };
  }
  if (!DNS_LABEL.test(namespace)) {
    return {
      ok: false,
      message: `--namespace takes a Kubernetes namespace name (lowercase letters, digits and '-', at most 63), not "${namespace}"`,
    };
  }
  const name = str(args, named[0]!)!;
  if (!DNS_SUBDOMAIN.test(name)) {
    return { ok: false, message: `--${named[0]} takes a Kubernetes name (lowercase letters, digits, '-' and '.'), not "${name}"` };
  }
  const kubeconfigs =
    str(args, "kubeconfig") !== undefined
      ? [str(args, "kubeconfig")!]
      : (io.env["KUBECONFIG"] ?? "").split(delimiter).filter((f) => f !== "");
  for (const file of kubeconfigs) {
    const why = kubeconfigProblem(file);
    if (why) return { ok: false, message: `${str(args, "kubeconfig") !== undefined ? "--kubeconfig" : "KUBECONFIG"} ${file} ${why}` };
  }
  const incidentTime = str(args, "incident-time");
  if (incidentTime && Number.isNaN(Date.parse(incidentTime))) {
    return { ok: false, message: `--incident-time takes an RFC 3339 time such as 2026-11-28T10:00:00Z, not "${incidentTime}"` };
  }
  const timeout = str(args, "timeout");
  if (timeout && !/^\d+$/.test(timeout)) return { ok: false, message: `--timeout takes milliseconds, not "${timeout}"` };
  const target: LiveTarget = {
    namespace,
    pod: str(args, "pod") ?? null,
    serviceAccount: str(args, "service-account") ?? null,
    deployment: str(args, "deployment") ?? null,
    instanceId: str(args, "instance-id") ?? null,
    incidentTime: incidentTime ?? null,
  };
  const options: CollectOptions = { onProgress: (phase) => io.stderr(`irsa-doctor: ${phase}\n`) };
  const set = <K extends keyof CollectOptions>(key: K, value: CollectOptions[K] | undefined) => {
    if (value !== undefined) options[key] = value;
  };
  set("cluster", str(args, "cluster"));
  set("region", str(args, "region"));
  set("context", str(args, "context"));
  set("profile", str(args, "profile"));
  set("kubeconfigPath", str(args, "kubeconfig"));
  set("timeoutMs", timeout ? Number(timeout) : undefined);
  return { ok: true, target, options };
}

/** True when any live-target flag was given (to reject mixing them with --snapshot). */
export function hasLiveFlags(args: ParsedArgs): boolean {
  return Object.keys(LIVE_OPTIONS).some((k) => args.values[k] !== undefined);
}

/** Why `file` cannot be a kubeconfig (/dev/zero, a FIFO, a folder, a huge file), or null; a missing one is the collector's to say. */
function kubeconfigProblem(file: string): string | null {
  const info = statSync(file, { throwIfNoEntry: false });
  if (!info) return null;
  if (!info.isFile()) return `is ${fileKind(info)}, not a kubeconfig file`;
  if (info.size > KUBECONFIG_MAX_BYTES) return `is larger than 16 MB: not a kubeconfig file`;
  return null;
}
