// How much of a bundle the loader reads, so that no bundle (a mistake or an attack) can exhaust memory or
// time: a file over its cap, or past the bundle's caps, is left out with a warning naming it. The README's
// "Limits" section states these figures; change both together.

const MB = 1024 * 1024;

export const LIMITS = {
  /** target.yaml: a few keys. */
  targetBytes: 64 * 1024,
  /** A JSON file of k8s/ or aws/ (kubectl / aws CLI output). */
  jsonFileBytes: 32 * MB,
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
