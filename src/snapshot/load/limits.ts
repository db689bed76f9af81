// How much of a bundle the loader reads, so that no bundle (a mistake or an attack) can exhaust memory or
// time: a file over its cap, or past the bundle's caps, is left out with a warning naming it. The README's
// "Limits" section states these figures; change both together.

const MB = 1024 * 1024;

export const LIMITS = {
  /** target.yaml: a few keys. */
  targetBytes: 64 * 1024,
  /** A JSON file of k8s/ or aws/ (kubectl / aws CLI output), read whole; also the most one List item may hold. */
  jsonFileBytes: 32 * MB,
  /**
   * A JSON List of k8s/ larger than jsonFileBytes (`kubectl get sa,pods -A -o json` of a cluster of 10,000 service
   * accounts is 40 MB compact, 100 MB as kubectl indents it): read item by item (json-list-stream.ts), so memory
   * holds the objects kept, not the file. Counts against bundleBytes like any other read.
   */
  jsonListFileBytes: 256 * MB,
  /** Reading and splitting such a List (parsing is part of the read). */
  listReadTimeoutMs: 60_000,
  /** A YAML file of k8s/: parsing YAML takes about 60 times the file in memory, so its cap is lower. */
  yamlFileBytes: 8 * MB,
  /** An aws/*.error.txt: one CLI error line. */
  errorTextBytes: 64 * 1024,
  /** Everything read from k8s/ and aws/ together. */
  bundleBytes: 256 * MB,
  /** Files listed in k8s/ and aws/ together (logs/ has its own, in the log scanner). */
  bundleFiles: 10_000,
  /** Files scanned in logs/ (each streamed, at most 1 GB, so memory stays flat; this bounds the time). */
  logFiles: 20_000,
  /** Per file read. */
  readTimeoutMs: 10_000,
} as const;
