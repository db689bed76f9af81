// Which container (or which pod) a log line belongs to. Application logs are attributed by their file
// ("pod/<ns>/<pod>/<container>" when collected live, "<pod>/<container>.log" in a bundle); the SDK a
// container runs is read from the version lines and the error wording its own logs carry.

import type { LogMatch } from "../../snapshot/types.js";
import { getLogPattern } from "../../logs/index.js";
import { familyOf, type SdkFamily } from "./chains.js";

/** The container a log file belongs to: the last path segment without its .log suffix. */
export function containerOfLog(m: Pick<LogMatch, "file">): string {
  const last = m.file.split("/").pop() ?? m.file;
  return last.replace(/\.log(\.\d+)?(\.gz)?$/, "");
}

/** Credential-chain errors whose wording only one SDK family prints. */
const WORDING: Record<string, SdkFamily> = {
  "creds.go_no_valid_providers": "go-v1",
  "creds.python_unable_to_locate": "python",
  "creds.js_v3_no_providers": "js-v3",
  "creds.js_v2_missing_credentials": "js-v2",
  "creds.java_v1_no_provider": "java-v1",
  "creds.java_v2_no_provider": "java-v2",
  "creds.ruby_missing_credentials": "ruby",
  "creds.dotnet_unresolved": "dotnet-v3",
};

export interface SdkEvidence {
  family: SdkFamily;
  version: string | null;
  /** The log line (file:line) or image that showed it. */
  from: string;
}

/** The SDK of a container, from its own log lines; null when they do not show it. */
export function sdkOfContainer(container: string, matches: readonly LogMatch[], image: string | null): SdkEvidence | null {
  const own = matches.filter((m) => containerOfLog(m) === container);
  for (const m of own) {
    const p = getLogPattern(m.patternId);
    const version = m.captures["version"];
    if (p?.sdk && version) return { family: familyOf(p.sdk, version), version, from: `${m.file}:${m.line}` };
  }
  for (const m of own) {
    const family = WORDING[m.patternId];
    if (family) return { family, version: null, from: `${m.file}:${m.line}` };
  }
  // The AWS CLI images run botocore's chain.
  if (image && /(^|\/)aws-cli[:@]|amazon\/aws-cli/.test(image)) return { family: "python", version: null, from: `image ${image}` };
  return null;
}

/** Log lines that belong to the container (by file), or every line when none is attributed to any container of the pod. */
export function linesOf(container: string, matches: readonly LogMatch[]): LogMatch[] {
  return matches.filter((m) => containerOfLog(m) === container);
}

const IAM_USER = /arn:aws[a-z-]*:iam::(\d{12}):user\/[\w+=,.@/-]+/;
const ASSUMED_ROLE = /arn:aws[a-z-]*:sts::(\d{12}):assumed-role\/([\w+=,.@-]+)\/([\w+=,.@-]+)/;

/** The principal an AccessDenied (or any line) names: an IAM user or an assumed-role session. */
export function principalIn(text: string): { kind: "iam_user" | "assumed_role"; arn: string; role?: string; session?: string } | null {
  const user = IAM_USER.exec(text);
  if (user) return { kind: "iam_user", arn: user[0] };
  const role = ASSUMED_ROLE.exec(text);
  if (role) return { kind: "assumed_role", arn: role[0], role: role[2]!, session: role[3]! };
  return null;
}

const POD_SHAPE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?-[a-z0-9]{5}$/;
const AGENT = "eks-pod-identity-agent";
const CLIENT_ADDR = /client-addr"?\s*[:=]\s*"?\[?([0-9a-f.:]+?)\]?:\d+"?/i;

/** The pod a log file belongs to, from its path; null when the path does not say. */
function podOfLogFile(file: string, known: ReadonlySet<string>): string | null {
  const parts = file.split("/");
  const base = parts[parts.length - 1] ?? "";
  // The kubelet's /var/log/containers/<pod>_<namespace>_<container>-<id>.log and /var/log/pods/<ns>_<pod>_<uid>/.
  const containers = /^([a-z0-9][-a-z0-9.]*)_[a-z0-9-]+_.+\.log$/.exec(base);
  if (containers) return containers[1]!;
  const podsDir = parts.map((p) => /^[a-z0-9-]+_([a-z0-9][-a-z0-9.]*)_[0-9a-f-]{36}$/.exec(p)?.[1]).find((p) => p !== undefined);
  if (podsDir) return podsDir;
  const dirs = parts.slice(0, -1);
  return dirs.find((d) => known.has(d)) ?? [...dirs].reverse().find((d) => POD_SHAPE.test(d)) ?? null;
}

/**
 * The recognised lines that belong to the target pod. A line is another pod's when its file is another
 * pod's log, or when it is a Pod Identity agent line whose client address is another pod's IP (the agent
 * on a node serves every pod there). Lines whose owner cannot be told stay with the target.
 */
export function attributeLines(
  matches: readonly LogMatch[],
  target: { name: string; ip: string | null },
  known: ReadonlySet<string>,
): { target: LogMatch[]; others: LogMatch[] } {
  const mine: LogMatch[] = [];
  const others: LogMatch[] = [];
  for (const m of matches) {
    const pod = podOfLogFile(m.file, known);
    if (pod !== null && pod !== target.name && !pod.startsWith(AGENT)) {
      others.push(m);
      continue;
    }
    const client =
      pod?.startsWith(AGENT) || m.file.includes(AGENT) ? (m.captures["clientAddr"] ?? CLIENT_ADDR.exec(m.text)?.[1]) : undefined;
    if (client && target.ip && client !== target.ip) others.push(m);
    else mine.push(m);
  }
  return { target: mine, others };
}
