// The log evidence layer: the pattern library, the scanners (a directory of collected logs, or live
// lines), secret redaction and the summary the diagnosis reads.

export { classifyLogSignals } from "./classify.js";
export { MARKUP_LITERALS, PatternSet } from "./compile.js";
export { LOG_PATTERNS, getLogPattern } from "./patterns/index.js";
export { redactSecrets } from "./redact.js";
export { addLines, scanLines, scanLogDir } from "./scan.js";
export { LogScanner } from "./scanner.js";
export { compareVersions, judgeSdkVersion, type Mechanism } from "./sdk-versions.js";
export { parseLineTime, type TimeContext } from "./time.js";
export type { LogPattern, SdkName, Severity } from "./types.js";
export { atLeast, numberFindings, SEVERITY_RANK, type FindingFields, type FindingOrder } from "./findings.js";
