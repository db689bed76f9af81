// The shape of a log pattern: one recognised message, what it means, which causes it points to, and the
// real lines it was written against. Patterns are data; src/logs/compile.ts turns them into matchers.

import type { LogCauseId } from "./causes.js";

export type Severity = "high" | "medium" | "low";

/** The SDKs whose version a pattern can reveal (see src/logs/sdk-versions.ts for their minimums). */
export type SdkName =
  "aws-cli" | "cpp" | "dotnet" | "go-v1" | "go-v2" | "java" | "js" | "php" | "python-boto3" | "python-botocore" | "ruby-core";

interface PatternExample {
  /** A line as an application, an SDK or the agent prints it. */
  line: string;
  /** Captures the pattern must extract from this line (a subset: others may be present too). */
  captures?: Record<string, string>;
  /** Where the text was seen (an issue, an SDK source file), when it is not evident. */
  seenIn?: string;
}

export interface LogPattern {
  /** Stable id, "<family>.<what>", e.g. "sts.web_identity_access_denied". Never renamed once shipped. */
  id: string;
  /**
   * re2js syntax (RE2: linear time, no lookaround, no backreferences). Named groups `(?P<name>...)` become
   * captures; a trailing `_<digits>` on a group name is dropped, so alternatives can fill the same capture
   * (`host` and `host_2`): the first group that took part in the match wins.
   */
  regex: string;
  /** Case-insensitive matching (the prefilter is then compared case-insensitively too). */
  ignoreCase?: boolean;
  /**
   * Cheap literal test run before the regex: the line must contain at least one of these. Each must be a
   * substring of every line the regex can match in practice; the examples test enforces it for each example.
   */
  prefilter: readonly string[];
  severity: Severity;
  /** One sentence: what the message means for the pod's credentials. */
  meaning: string;
  /** Causes this message points to; empty when it only shows the path is in use (versions, wrappers). */
  suggests: readonly LogCauseId[];
  /**
   * The cause this message settles on its own, one of `suggests` (STS naming a missing OIDC provider, a
   * malformed role ARN, an add-on saying no role is associated with its service account). When the checks
   * find nothing firmer and that cause's configuration was not collected, the diagnosis names it at medium
   * confidence. Leave unset when the message fits several categories.
   */
  decides?: LogCauseId;
  /** Ids of more specific patterns: when one of them matches the same line, this one is not reported. */
  supersededBy?: readonly string[];
  /** Reported only for a line no other pattern recognises: a net under the library, never a rival of its entries. */
  lastResort?: boolean;
  /** Set on patterns that reveal an SDK version: the `version` capture is then judged against its minimum. */
  sdk?: SdkName;
  examples: {
    match: readonly PatternExample[];
    /** Lines that look close but must not match (another cause, a benign message, a config line). */
    nearMiss: readonly string[];
  };
}
