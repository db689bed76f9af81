// Reads and validates SNAPSHOT/target.yaml, the only file a snapshot cannot do without. Every error
// message names the key and says what to write, because the operator fixes it by hand.

import { realpath } from "node:fs/promises";
import { join } from "node:path";
import { parseDocument } from "yaml";
import { z } from "zod";
import type { Target } from "../types.js";
import { UnsafeFileError, readRegularText } from "../../util/safe-read.js";
import { SnapshotError } from "./errors.js";
import { LIMITS } from "./limits.js";
import { describeYamlError } from "./parse-errors.js";

const KEYS = ["cluster", "region", "account", "namespace", "pod", "serviceAccount", "instanceId", "incidentTime", "capturedAt"];

// YAML reads `account: 012345678901` as a number and drops the leading zero; put it back.
const accountId = z.preprocess(
  (v) => (typeof v === "number" && Number.isInteger(v) && v >= 0 ? String(v).padStart(12, "0") : v),
  z.string().regex(/^\d{12}$/, { error: 'account must be a 12-digit AWS account id, e.g. `account: "111122223333"`' }),
);

function name(key: string, example: string, pattern: RegExp, rule: string) {
  return z.preprocess(
    (v) => (typeof v === "number" ? String(v) : v),
    z
      .string({
        error: (issue) =>
          issue.input === undefined || issue.input === null
            ? `${key} is required — add \`${key}: ${example}\``
            : `${key} must be a string, e.g. \`${key}: ${example}\``,
      })
      .regex(pattern, { error: `${key} must be ${rule}, e.g. \`${key}: ${example}\`` }),
  );
}

const dnsLabel = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const dnsSubdomain = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;

const targetSchema = z.strictObject({
  // kOps and kubeadm clusters run the pod identity webhook too; their names are DNS names (prod.k8s.example.com).
  cluster: name("cluster", "<cluster-name>", /^[0-9A-Za-z][A-Za-z0-9._-]{0,252}$/, "a cluster name (EKS, or a kOps / kubeadm DNS name)"),
  region: name("region", "<region>", /^[a-z]{2}(-[a-z]+)+-\d+$/, "an AWS region"),
  account: accountId.nullish(),
  namespace: name("namespace", "<ns>", dnsLabel, "a Kubernetes namespace name (lowercase letters, digits, '-')"),
  pod: name("pod", "<pod-name>", dnsSubdomain, "a pod name").nullish(),
  serviceAccount: name("serviceAccount", "<service-account>", dnsSubdomain, "a service account name").nullish(),
  instanceId: name("instanceId", "i-0abc123def4567890", /^i-[0-9a-f]{8,17}$/, "an EC2 instance id").nullish(),
  incidentTime: z.iso
    .datetime({ offset: true, error: 'incidentTime must be an RFC 3339 time, e.g. `incidentTime: "2024-05-14T09:32:00Z"`' })
    .nullish(),
  // When a capture was taken: the "now" of its CloudTrail windows, so a replay through the emulator reads
  // the same events.
  capturedAt: z.iso
    .datetime({ offset: true, error: 'capturedAt must be an RFC 3339 time, e.g. `capturedAt: "2024-05-14T10:00:00Z"`' })
    .nullish(),
});

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === "unrecognized_keys") {
    return `unknown key${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => `\`${k}\``).join(", ")} — the keys are ${KEYS.join(", ")}`;
  }
  return issue.message;
}

/** What a target.yaml may leave out: a fleet bundle (irsa-doctor audit) names no namespace; it reads as "". */
export interface TargetOptions {
  namespaceOptional?: boolean;
}

/** Validates a parsed target.yaml; throws SnapshotError saying what to fix. */
export function parseTarget(data: unknown, source = "target.yaml", opts: TargetOptions = {}): Target {
  if (opts.namespaceOptional && data !== null && typeof data === "object" && !Array.isArray(data) && !("namespace" in data)) {
    return { ...parseTarget({ ...data, namespace: "default" }, source), namespace: "" };
  }
  if (data === null || typeof data !== "object" || Array.isArray(data)) {
    throw new SnapshotError(`${source}: expected a mapping of keys (${KEYS.join(", ")}) — at least \`namespace: <ns>\``);
  }
  const result = targetSchema.safeParse(data);
  if (!result.success) {
    const details = result.error.issues.map(describeIssue);
    throw new SnapshotError(`${source}: ${details.join("; ")}`);
  }
  const t = result.data;
  return {
    cluster: t.cluster,
    region: t.region,
    account: t.account ?? null,
    namespace: t.namespace,
    pod: t.pod ?? null,
    serviceAccount: t.serviceAccount ?? null,
    instanceId: t.instanceId ?? null,
    incidentTime: t.incidentTime ?? null,
    ...(t.capturedAt ? { capturedAt: t.capturedAt } : {}),
  };
}

/** Reads SNAPSHOT/target.yaml: a regular file inside the snapshot, under its cap; never quotes it. */
export async function readTarget(dir: string, opts: TargetOptions = {}): Promise<Target> {
  let text: string;
  try {
    text = await readRegularText(join(dir, "target.yaml"), {
      maxBytes: LIMITS.targetBytes,
      within: await realpath(dir),
      timeoutMs: LIMITS.readTimeoutMs,
    });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOENT") {
      throw new SnapshotError(
        `target.yaml is missing in ${dir} — create it with at least \`cluster: <name>\`, \`region: <region>\` and \`namespace: <ns>\` (and \`pod:\` or \`serviceAccount:\`)`,
      );
    }
    const why = err instanceof UnsafeFileError ? err.message : `cannot be read (${code ?? String(err)})`;
    throw new SnapshotError(`target.yaml in ${dir} ${why}`);
  }
  const doc = parseDocument(text);
  const first = doc.errors[0];
  if (first) throw new SnapshotError(`target.yaml is not valid YAML ${describeYamlError(first)}`);
  let data: unknown;
  try {
    data = doc.toJS();
  } catch (err) {
    const why = err instanceof RangeError ? "is nested too deeply" : "uses too many aliases (an exponential expansion)";
    throw new SnapshotError(`target.yaml ${why}: write the keys plainly, e.g. \`namespace: <ns>\``);
  }
  return parseTarget(data, "target.yaml", opts);
}
