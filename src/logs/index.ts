// The log evidence layer: the pattern library, the scanners (a directory of collected logs, or live
// lines), secret redaction and the summary the diagnosis reads.

export { LOG_CAUSE_IDS, type LogCauseId } from "./causes.js";
export { classifyLogSignals, type CauseSignal, type ClassifyOptions, type LogSignals, type SdkSighting } from "./classify.js";
export { PatternSet, type LineMatch } from "./compile.js";
export { LOG_PATTERNS, PATTERN_FAMILIES, getLogPattern } from "./patterns/index.js";
export { REDACTED, redactSecrets } from "./redact.js";
export { libraryPatternSet, recogniseMessages, type RecognisedMessage } from "./recognise.js";
export { addLines, scanLines, scanLogDir, type DirScanOptions, type LogScanResult } from "./scan.js";
export { LogScanner, type ScanOptions, type SourceScan } from "./scanner.js";
export { compareVersions, judgeSdkVersion, type Mechanism, type SdkJudgement } from "./sdk-versions.js";
export { parseLineTime, type TimeContext } from "./time.js";
export type { LogPattern, PatternExample, SdkName, Severity } from "./types.js";
export { atLeast, numberFindings, SEVERITY_RANK, type FindingFields, type FindingOrder } from "./findings.js";
