// A tiny leveled logger. stdout belongs to the MCP protocol (and to CLI output), so every log line goes to
// stderr, as one JSON object per line or as a plain "time level message key=value" line. Extra sinks (the MCP
// logging notifications) can be attached later without the callers knowing. No imports beyond node built-ins:
// the stdio fast path loads this module before anything else.

export type LogLevel = "debug" | "info" | "warn" | "error";
export type LogFormat = "json" | "plain";
export type LogFields = Record<string, unknown>;

export interface LogRecord {
  time: string;
  level: LogLevel;
  message: string;
  fields: LogFields;
}

type LogSink = (record: LogRecord) => void;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  /** A logger that adds `fields` to every record; it shares level and sinks with its parent. */
  child(fields: LogFields): Logger;
  /** Also deliver records at or above the logger's level to `sink`; returns a function that detaches it. */
  addSink(sink: LogSink): () => void;
  /**
   * Pass every line and every record's strings through `redact` from now on (the server attaches src/redact
   * once it has loaded it; this module stays free of imports so the stdio fast path can load it first).
   */
  redactWith(redact: (text: string) => string): void;
}

export interface LoggerOptions {
  level?: LogLevel;
  format?: LogFormat;
  /** Where a finished line goes; stderr unless a test captures it. */
  write?: (line: string) => void;
  clock?: () => Date;
  /** Applied to every finished line and to the message and string fields sinks receive. */
  redact?: (text: string) => string;
}

const LEVEL_RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

const LOG_LEVELS: readonly LogLevel[] = ["debug", "info", "warn", "error"];

export function isLogLevel(value: unknown): value is LogLevel {
  return typeof value === "string" && (LOG_LEVELS as readonly string[]).includes(value);
}

/** Reads IRSA_DOCTOR_LOG_LEVEL / IRSA_DOCTOR_LOG_FORMAT; unknown values fall back to info / plain. */
export function logOptionsFromEnv(env: NodeJS.ProcessEnv): { level: LogLevel; format: LogFormat } {
  const level = env["IRSA_DOCTOR_LOG_LEVEL"]?.toLowerCase();
  const format = env["IRSA_DOCTOR_LOG_FORMAT"]?.toLowerCase();
  return { level: isLogLevel(level) ? level : "info", format: format === "json" ? "json" : "plain" };
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const shared = {
    threshold: LEVEL_RANK[options.level ?? "info"],
    format: options.format ?? "plain",
    write: options.write ?? ((line: string) => void process.stderr.write(line + "\n")),
    clock: options.clock ?? (() => new Date()),
    sinks: new Set<LogSink>(),
    redact: options.redact,
  };
  const make = (bound: LogFields): Logger => {
    const log = (level: LogLevel, message: string, fields?: LogFields): void => {
      if (LEVEL_RANK[level] < shared.threshold) return;
      const raw: LogRecord = { time: shared.clock().toISOString(), level, message, fields: { ...bound, ...fields } };
      const record = shared.redact ? redactRecord(raw, shared.redact) : raw;
      const line = shared.format === "json" ? formatJson(record) : formatPlain(record);
      shared.write(shared.redact ? shared.redact(line) : line);
      for (const sink of shared.sinks) {
        // A failing sink must not take the logger (or the caller) down with it.
        try {
          sink(record);
        } catch {
          /* ignored on purpose */
        }
      }
    };
    return {
      debug: (m, f) => log("debug", m, f),
      info: (m, f) => log("info", m, f),
      warn: (m, f) => log("warn", m, f),
      error: (m, f) => log("error", m, f),
      child: (fields) => make({ ...bound, ...fields }),
      addSink: (sink) => {
        shared.sinks.add(sink);
        return () => void shared.sinks.delete(sink);
      },
      redactWith: (redact) => void (shared.redact = redact),
    };
  };
  return make({});
}

/** A logger that drops everything; for callers that must pass one but do not care. */
export function silentLogger(): Logger {
  return createLogger({ level: "error", write: () => {} });
}

/** Sinks (MCP logging notifications) get the record, not the line: its strings are redacted one by one. */
function redactRecord(record: LogRecord, redact: (text: string) => string): LogRecord {
  const fields = toPlainData(record.fields);
  const walk = (v: unknown, depth: number): unknown =>
    typeof v === "string"
      ? redact(v)
      : depth > 32 || v === null || typeof v !== "object"
        ? v
        : Array.isArray(v)
          ? v.map((x) => walk(x, depth + 1))
          : Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x, depth + 1)]));
  return { ...record, message: redact(record.message), fields: walk(fields, 0) as LogFields };
}

function formatJson(record: LogRecord): string {
  return JSON.stringify({ time: record.time, level: record.level, msg: record.message, ...toPlainData(record.fields) });
}

function formatPlain(record: LogRecord): string {
  const extras = Object.entries(toPlainData(record.fields)).map(
    ([key, value]) => `${key}=${typeof value === "string" && !/\s|"/.test(value) ? value : JSON.stringify(value)}`,
  );
  return [record.time, record.level.toUpperCase(), record.message, ...extras].join(" ");
}

/** Errors do not serialise with JSON.stringify; keep their message and stack. */
export function toPlainData(fields: LogFields): LogFields {
  const out: LogFields = {};
  for (const [key, value] of Object.entries(fields)) {
    out[key] = value instanceof Error ? { name: value.name, message: value.message, stack: value.stack } : value;
  }
  return out;
}
