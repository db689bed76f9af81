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
