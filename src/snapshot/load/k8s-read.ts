// Reads one file of k8s/: whole under its cap and parsed by parseK8sFile, or, a JSON file over that cap, split as a
// Kubernetes List item by item (json-list-stream.ts) up to a cap of its own, so that a cluster-wide `kubectl get
// sa,pods -A -o json` of a large cluster is read without holding its text or its whole parse tree. Null after a
// problem naming the file, the cap and what to do.

import { stat } from "node:fs/promises";
import { join } from "node:path";
import { formatBytes } from "../../util/safe-read.js";
import type { SnapshotProblem } from "../types.js";
import type { BundleReader } from "./bundle-reader.js";
import { JsonListError, JsonListSplitter } from "./json-list-stream.js";
import { type K8sFileResult, parseK8sFile, streamedK8sList } from "./k8s-files.js";
import { LIMITS } from "./limits.js";

const YAML_HINT = `save it as JSON (\`kubectl get ... -o json\`): a JSON List is read item by item up to ${formatBytes(LIMITS.jsonListFileBytes)}`;
const LIST_HINT = "split it into several files, one `kubectl get ... -o json` per namespace or per kind";
const WHOLE = `a JSON file over ${formatBytes(LIMITS.jsonFileBytes)} is read item by item as a Kubernetes List, and this one`;

export async function readK8sFile(
  reader: BundleReader,
  dir: string,
  source: string,
  problems: SnapshotProblem[],
): Promise<K8sFileResult | null> {
  if (!/\.json$/i.test(source)) {
    const text = await reader.readText(source, LIMITS.yamlFileBytes, YAML_HINT);
    return text === null ? null : parseK8sFile(text, source);
  }
  // The reader checks the file again (regular, inside the bundle): this only picks the way to read it.
  const size = await stat(join(dir, source)).then(
    (s) => s.size,
    () => 0,
  );
  if (size <= LIMITS.jsonFileBytes) {
    const text = await reader.readText(source, LIMITS.jsonFileBytes);
    return text === null ? null : parseK8sFile(text, source);
  }
  const list = streamedK8sList(source);
  const splitter = new JsonListSplitter((value, index) => list.item(value, index), { maxPieceBytes: LIMITS.jsonFileBytes });
  const pushed = await reader.streamBytes(source, LIMITS.jsonListFileBytes, (chunk) => splitter.push(chunk), LIST_HINT, WHOLE);
  if (!pushed) return null;
  try {
    return list.end(splitter.end(), splitter.count);
  } catch (err) {
    if (!(err instanceof JsonListError)) throw err;
    problems.push({ source, message: `${WHOLE} ${err.message}: not read` });
    return null;
  }
}
