// Whose log is it? When target.yaml names a pod the bundle does not hold (a typo, a pod since replaced), the
// logs/ folder still holds the logs of the pods that were collected, and the scanner attributes every line to
// the target: another pod's AccessDenied would become "the" evidence. A file whose path names another pod of
// the target's namespace is then left out of the evidence, and said so. The layouts recognised are the ones
// bundles use: a folder or file named after the pod (kubectl logs saved per pod), /var/log/pods/<ns>_<pod>_<uid>/
// and /var/log/containers/<pod>_<ns>_<container>-<id>.log.

import type { LogEvidence, SnapshotProblem } from "../types.js";

const POD_DIR = /^([a-z0-9][-a-z0-9]*)_([a-z0-9][-a-z0-9.]*)_[0-9a-f-]{36}$/;
const CONTAINER_FILE = /^([a-z0-9][-a-z0-9.]*)_([a-z0-9][-a-z0-9]*)_.+-[0-9a-f]{64}\.log$/;

/** The pod of `namespace` the file's path names, or null when it names none. */
export function podOfLogFile(file: string, namespace: string, podsOfNamespace: ReadonlySet<string>): string | null {
  const segments = file.split("/");
  for (const segment of segments) {
    const dir = POD_DIR.exec(segment);
    if (dir) return dir[1] === namespace ? dir[2]! : null;
    const container = CONTAINER_FILE.exec(segment);
    if (container) return container[2] === namespace ? container[1]! : null;
    const bare = segment.replace(/\.(log|txt)(\.gz)?$/, "");
    if (podsOfNamespace.has(bare)) return bare;
  }
  return null;
}

/**
 * `logs` without the matches of files that name a pod other than `targetPod`; one problem per file left out.
 * The files stay listed as read: they were scanned, only not taken as the target's evidence.
 */
export function withoutOtherPodsLogs(
  logs: LogEvidence,
  targetPod: string,
  namespace: string,
  podsOfNamespace: ReadonlySet<string>,
): { logs: LogEvidence; problems: SnapshotProblem[] } {
  const otherPod = new Map<string, string>();
  for (const file of logs.files) {
    const pod = podOfLogFile(file, namespace, podsOfNamespace);
    if (pod !== null && pod !== targetPod) otherPod.set(file, pod);
  }
  if (otherPod.size === 0) return { logs, problems: [] };
  const matches = logs.matches.filter((m) => !otherPod.has(m.file));
  const touched = new Set(logs.matches.filter((m) => otherPod.has(m.file)).map((m) => m.patternId));
  const counts: Record<string, number> = {};
  for (const [id, n] of Object.entries(logs.counts)) {
    // A pattern with lines left out is counted again from what remains (a lower bound, never another pod's).
    const count = touched.has(id) ? matches.filter((m) => m.patternId === id).length : n;
    if (count > 0) counts[id] = count;
  }
  const problems = [...otherPod].map(([file, pod]) => ({
    source: `logs/${file}`,
    message: `scanned, but it is the log of pod ${pod}, not of the target pod ${targetPod} (which is not in the bundle): not taken as its evidence`,
  }));
  return { logs: { ...logs, matches, counts }, problems };
}
