// Which Node lines irsa-doctor is tested on, and the one notice a user on an ageing line gets, in our words.
// The AWS SDK would otherwise print its own multi-line NodeVersionSupportWarning through process.emitWarning
// on Node 20, which says what the SDK will do but not what an irsa-doctor user should: this says both, once,
// and only then stands in for the SDK's notice. On a line the SDK supports nothing is printed and nothing is
// muted, so a notice a later SDK adds for Node 22 or 24 still reaches the user.

import { createLogger } from "../util/log.js";

/** The lines CI runs (.ci/run); package.json's engines allows the oldest. */
const TESTED_NODE_LINES = [20, 22, 24] as const;

/** The AWS SDK variable that mutes its own Node version notice. */
export const SDK_NOTICE_VARIABLE = "AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED";

// Node 20's end of life was 30 April 2026; AWS SDK for JavaScript v3 releases after the first week of
// January 2027 require Node 22 (the SDK's NodeVersionSupportWarning). irsa-doctor keeps Node 20 until then.
const SDK_DROPS_NODE_20 = "January 2027";

/** The notice for Node `version` ("20.20.2"), or undefined on a line that needs none. */
export function nodeLineNotice(version: string): string | undefined {
  const major = Number.parseInt(version.replace(/^v/, ""), 10);
  if (!Number.isInteger(major) || major >= 22) return undefined;
  if (major === 20) {
    return (
      `Node 20 is past its end of life (April 2026), and the AWS SDK that irsa-doctor uses stops supporting it ` +
      `in ${SDK_DROPS_NODE_20}, when irsa-doctor will too: install Node 22 or 24.`
    );
  }
  return `Node ${major} is not supported (irsa-doctor is tested on Node ${TESTED_NODE_LINES.join(", ")}): install Node 22 or 24.`;
}

/**
 * Tells the user once, on stderr, when their Node line needs a notice: a plain `irsa-doctor:` line, or a
 * JSON log record when the server was asked for JSON logs. Then mutes the SDK's copy of the same news,
 * unless the user set the SDK's variable themselves.
 */
export function tellAboutNodeLine(version: string, argv: readonly string[], env: NodeJS.ProcessEnv, write: (line: string) => void): void {
  const notice = nodeLineNotice(version);
  if (notice === undefined) return;
  if (wantsJsonLogs(argv, env)) createLogger({ format: "json", write }).warn(notice);
  else write(`irsa-doctor: ${notice}`);
  env[SDK_NOTICE_VARIABLE] ??= "true";
}

// serve --log-format json (or IRSA_DOCTOR_LOG_FORMAT=json) promises one JSON object per stderr line.
function wantsJsonLogs(argv: readonly string[], env: NodeJS.ProcessEnv): boolean {
  const i = argv.indexOf("--log-format");
  const flag = i >= 0 ? argv[i + 1] : argv.find((a) => a.startsWith("--log-format="))?.slice("--log-format=".length);
  return (flag ?? env["IRSA_DOCTOR_LOG_FORMAT"])?.toLowerCase() === "json";
}
