// One log record over several lines: a wrapper and its reason are often printed on neighbouring lines of the
// same error (Go v1's "WebIdentityErr: failed to retrieve credentials" then "caused by: AccessDenied: ...",
// a Java exception then the stack frames of the provider that threw it, .NET's outer exception then
// " ---> " and its inner one). "Superseded by" (src/logs/types.ts) is decided over the lines of one record,
// so the specific reason decides and the wrapper adds its broad candidates only when no reason it names is
// there. A record is a line that starts a log entry and the lines after it that, by the emitters' formats,
// continue it; a line with a timestamp of its own always starts a new one.

import { SEVERITY_RANK } from "./findings.js";
import type { LogPattern } from "./types.js";

/** A record longer than this is cut: no stack trace needs more to reach its reason, and memory stays bounded. */
export const MAX_RECORD_LINES = 300;

// How the lines after the first are printed, by emitter:
// - indented: Java's Throwable.printStackTrace ("\tat ...", "\t... 12 more"), .NET's Exception.ToString
//   ("   at ...", " ---> Inner"), Go v1 awserr.SprintError ("\n\tstatus code: 403, request id: ..."), Python's
//   traceback ('  File "...", line 12'), pretty-printed JSON and XML bodies (STS's ErrorResponse), sops'
//   wrapped output ("      | caused by: ...");
// - "caused by: " (Go v1 awserr: "%s: %s\ncaused by: %s") and "Caused by: " (Java's chained exceptions);
// - .NET's "--- End of inner exception stack trace ---" and "--->" at the margin when a paste lost its indent;
// - Terraform's diagnostic box ("╷", "│ ...", "╵");
// - Python's tracebacks, which logging.exception() prints under the record's message ("Traceback (most recent
//   call last):"), and their chains ("During handling of the above exception, ...", "The above exception was ...");
// - a line that closes a structure opened above ("}", "]", "</Error>", ")").
const CONTINUATION =
  /^(?:[ \t]|caused by: |Caused by: |--->|--- End of |[╷│╵|]|Traceback \(most recent call last\)|During handling of the above exception|The above exception was the direct cause|[}\])]|<\/)/;
// Python prints the exception itself after its traceback's frames, at the margin ("botocore.exceptions.ClientError: ...").
const PYTHON_EXCEPTION_AFTER_FRAMES = /^[A-Za-z_][\w.]*(?:Error|Exception|Warning)\b/;
// Go v1's chain of provider errors (awserr's errorList joins them with "\n", each "Code: message" at the margin,
// after the chain's "caused by: " line or an error's "\n\tstatus code: ..."): a CamelCase code of two words or more.
const AWSERR_LINE = /^[A-Z][A-Za-z0-9]*[a-z0-9][A-Z][A-Za-z0-9]*: /;
const AWSERR_BEFORE = /^(?:caused by: |\t)/;
// A line cut where it cannot end (after "error:", "key=", an open bracket, a comma or semicolon of a list)
// was wrapped by the tool that printed or pasted it: the next line is its rest.
const OPEN_END = /[:=,;([{\\]\s*$/;
// A line that starts with a timestamp (ISO, Go's log package, klog, syslog), a logfmt header (logrus, go-kit)
// or a JSON object is an entry of its own.
const ENTRY_START =
  /^(?:\[?\d{4}[-/]\d{2}[-/]\d{2}[T ]\d{2}:\d{2}|[IWEF]\d{4} \d{2}:\d{2}:\d{2}|(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) {1,2}\d{1,2} \d{2}:|(?:time|ts|level)=|\{")/;

/** Whether a line (what the container printed) starts a log entry of its own: a timestamp, a logfmt header, a JSON object. */
export const startsEntry = (line: string): boolean => ENTRY_START.test(line);

// The container runtime writes every line of a container's output with its own header (CRI: "<RFC 3339 time>
// <stream> <P|F> ", kubelet's /var/log/pods files; Docker's json-file driver: {"log":"<line>\n",...}): the
// record is decided on what the container printed.
const CRI_HEADER = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2}) (?:stdout|stderr) [PF] /;
const DOCKER_JSON = /^\{"log":"((?:[^"\\]|\\.)*)/;

/** What the container printed on this line of a runtime's log file (the line itself when it has no runtime header). */
export function printedText(line: string): string {
  const cri = CRI_HEADER.exec(line);
  if (cri) return line.slice(cri[0].length);
  const docker = DOCKER_JSON.exec(line);
  return docker ? docker[1]!.replace(/\\n$/, "").replace(/^((?:\\t)+)/, (tabs) => "\t".repeat(tabs.length / 2)) : line;
}

/** Whether `line` continues the record `previous` (the last non-blank line before it) belongs to. */
export function continuesRecord(rawLine: string, rawPrevious: string): boolean {
  // CRI splits a long line into partial ("P") pieces: the next piece is the same line.
  if (CRI_HEADER.exec(rawPrevious)?.[0].endsWith(" P ")) return true;
  const line = printedText(rawLine);
  const previous = printedText(rawPrevious);
  if (ENTRY_START.test(line)) return false;
  if (CONTINUATION.test(line)) return true;
  if (OPEN_END.test(previous)) return true;
  if (AWSERR_LINE.test(line) && (AWSERR_BEFORE.test(previous) || AWSERR_LINE.test(previous))) return true;
  return /^[ \t]/.test(previous) && PYTHON_EXCEPTION_AFTER_FRAMES.test(line);
}

/**
 * The matches of one record that say something of their own: a pattern is dropped when a pattern it is
 * superseded by matched anywhere in the record, and a last-resort pattern when another pattern of at least
 * its severity that points to causes explains the record (a version line does not; nor does a medium
 * wrapper, which would let the record read as less than the error it holds: the "healthy" verdict counts
 * high-severity lines).
 */
function mostSpecific<T extends { pattern: LogPattern }>(record: readonly T[]): T[] {
  if (record.length < 2) return [...record];
  const matched = new Set(record.map((h) => h.pattern.id));
  const explains = (h: T, net: LogPattern): boolean =>
    !h.pattern.lastResort && h.pattern.suggests.length > 0 && SEVERITY_RANK[h.pattern.severity] >= SEVERITY_RANK[net.severity];
  return record.filter(
    (h) =>
      !(h.pattern.lastResort && record.some((other) => explains(other, h.pattern))) &&
      !(h.pattern.supersededBy ?? []).some((id) => matched.has(id)),
  );
}

/**
 * Groups one source's matches into records, line by line, and hands each closed record's most specific
 * matches to `close`. The diagnosis's scanner and the errors tool both read through it, so they keep the
 * same matches of a record. Feed it every line while `open` (a record holding a match continues or ends on
 * the next line, whatever that line holds); between records, lines without a match may be skipped.
 */
export class RecordReader<T extends { pattern: LogPattern }> {
  private record: T[] = [];
  private start = 0;
  /** The last non-blank line seen while a record was open, or the line that opened it. */
  private previous = "";

  constructor(private readonly close: (kept: T[]) => void) {}

  /** A record holding a match is open: the next lines must be read to know where it ends. */
  get open(): boolean {
    return this.record.length > 0;
  }

  /**
   * Line `lineNo` (1-based) of the source, and the library's matches on it (empty when none). `continues`: the
   * line is known to continue the one before it (src/logs/wrapped.ts joined them into one logical line).
   */
  line(text: string, lineNo: number, matches: readonly T[], continues = false): void {
    const blank = text.trim() === "";
    if (
      this.record.length > 0 &&
      !blank &&
      ((!continues && !continuesRecord(text, this.previous)) || lineNo - this.start >= MAX_RECORD_LINES)
    )
      this.end();
    if (!blank) {
      if (this.record.length === 0) this.start = lineNo;
      this.previous = text;
    }
    if (matches.length === 0) return;
    if (this.record.length === 0) this.start = lineNo;
    this.record.push(...matches);
  }

  /** The source ended (or the record must be closed now): its most specific matches are handed on. */
  end(): void {
    if (this.record.length === 0) return;
    const record = this.record;
    this.record = [];
    this.close(mostSpecific(record));
  }
}
