// The shapes the log tools share: a collected set of log sources (an index, never their contents), the
// collection's progress, and the problems met on the way. Everything here is plain data except the
// reader, which knows how to stream the sources again.

type SourceKind = "file" | "archive-entry" | "pod-log" | "node-log";

export interface LogProblem {
  /** The source (or input) concerned. */
  source: string;
  message: string;
}

interface SourceEntry {
  /** Name used in every result: the path inside the bundle, "pods/<ns>/<pod>/<container>.log", "nodes/<node>/kubelet.log". */
  name: string;
  kind: SourceKind;
  /** Bytes as stored (compressed bytes for a gzip file); for API logs, the bytes read at collection. */
  size: number;
  /** gzip content, decompressed while reading. */
  compressed: boolean;
  /** When the source was last written (file mtime) or read (API logs); gives the year of yearless timestamps. */
  modified: string | null;
  /** Why the source is not read (binary content), or null. */
  skipped: string | null;
}

/** How to reach one source again; kept beside its entry, never shown. */
type SourceLocator =
  /** `within`: the collection's pinned real root (the file itself for a one-file bundle); checked at each read. */
  | { kind: "file"; path: string; within: string }
  | { kind: "archive-entry"; archive: string; entryPath: string; ordinal: number }
  | { kind: "pod-log"; namespace: string; pod: string; container: string; previous: boolean; pin: PodLogPin }
  | { kind: "node-log"; node: string; untilTime: string; tailLines: number };

/** Pins a container log to the lines read at collection: the API has no "until", so count from the first. */
interface PodLogPin {
  /** The kubelet timestamp of the first line read (RFC 3339 with nanoseconds), or null for an empty log. */
  firstTimestamp: string | null;
  bytes: number;
}

export interface IndexedSource {
  entry: SourceEntry;
  locator: SourceLocator;
}

/** Receives one source's bytes in order; `write` returns true to stop reading that source. */
export interface SourceSink {
  write(chunk: Buffer): boolean | void;
  end(): void;
}

export interface ReadControl {
  /** Set by the caller to stop reading every remaining source (enough results). */
  stopAll: boolean;
  signal?: AbortSignal;
}

export interface SourceReader {
  /**
   * Streams the wanted sources again, each into the sink `open` returns for it (null skips it). Sources are
   * read one after the other; problems met while reading (a file gone, a stream cut) are returned.
   */
  read(sources: readonly IndexedSource[], open: (source: IndexedSource) => SourceSink | null, control: ReadControl): Promise<LogProblem[]>;
}

export type CollectionKind = "directory" | "archive" | "kubernetes";

export interface Collection {
  /** What the other tools pass as instanceId: the instance id, "pod/<ns>/<name>", or the bundle's path. */
  key: string;
  kind: CollectionKind;
  /** The bundle's path or the API server's address. */
  location: string;
  sources: IndexedSource[];
  problems: LogProblem[];
  collectedAt: string;
  reader: SourceReader;
}

type ExecutionStatus = "running" | "done" | "failed";

export interface Execution {
  id: string;
  key: string;
  status: ExecutionStatus;
  startedAt: string;
  finishedAt: string | null;
  sourcesDone: number;
  sourcesTotal: number;
  bytes: number;
  sources: SourceEntry[];
  problems: LogProblem[];
  /** Why the collection failed as a whole. */
  error: string | null;
}

/** An expected failure of a log tool: the message says what to do. The MCP layer turns it into a ToolFailure. */
export class LogToolError extends Error {
  override readonly name = "LogToolError";
}

/** What the log tools' Kubernetes client waits for a whole answer: long enough for a node's journal to stream through. */
export const KUBE_TIMEOUT_MS = 30_000;
