// Parses the files of k8s/: `kubectl get -o yaml|json` outputs holding one object, a List or several
// YAML documents. Keeps only the kinds the diagnosis reads; Secrets are dropped before anything else
// sees them, and credential values in pod env are masked, so no secret is ever stored.

import { parseAllDocuments } from "yaml";
import type { K8sObject, SnapshotProblem } from "../types.js";
import type { Sourced } from "./raw-types.js";
import { normaliseEvent } from "./k8s-normalise.js";
import { redactSecrets } from "./redact.js";
import { kindOfEmptyListFile } from "./list-file-kind.js";

export const READ_KINDS = [
  "Pod",
  "ServiceAccount",
  "Event",
  "MutatingWebhookConfiguration",
  "DaemonSet",
  "Node",
  "Namespace",
  "Deployment",
  "ReplicaSet",
] as const;
export type ReadKind = (typeof READ_KINDS)[number];
const readKinds = new Set<string>(READ_KINDS);

export interface K8sFileResult {
  objects: Sourced<K8sObject>[];
  /** Kinds named by typed lists such as PodList, even empty ones. */
  listedKinds: string[];
  /** `kubectl get --raw /.well-known/openid-configuration`: the service-account issuer of the cluster. */
  issuers: Sourced<string>[];
  problems: SnapshotProblem[];
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Parses the text of one k8s/ file (`source` is its relative path, used in problems). */
export function parseK8sFile(text: string, source: string): K8sFileResult {
  const result: K8sFileResult = { objects: [], listedKinds: [], issuers: [], problems: [] };
  const docs: unknown[] = [];
  if (source.endsWith(".json")) {
    try {
      docs.push(JSON.parse(text));
    } catch (err) {
      result.problems.push({ source, message: `not valid JSON: ${(err as Error).message}` });
      return result;
    }
  } else {
    for (const [i, doc] of parseAllDocuments(text).entries()) {
      const error = doc.errors[0];
      if (error) {
        const line = error.linePos?.[0]?.line;
        result.problems.push({
          source,
          message: `YAML document ${i + 1} is not valid${line ? ` (line ${line})` : ""}: ${error.message.split("\n")[0]}`,
        });
        continue;
      }
      docs.push(doc.toJS());
    }
  }
  for (const [i, doc] of docs.entries()) {
    if (doc === null || doc === undefined) continue; // an empty document, e.g. after a trailing "---"
    collect(doc, docs.length > 1 ? `document ${i + 1}` : "the document", source, result);
  }
  return result;
}

function collect(doc: unknown, where: string, source: string, result: K8sFileResult): void {
  if (isRecord(doc) && typeof doc["issuer"] === "string" && typeof doc["jwks_uri"] === "string" && doc["kind"] === undefined) {
    // The API server's OIDC discovery document: on a self-managed cluster the only statement of its issuer.
    result.issuers.push({ value: doc["issuer"], source });
    return;
  }
  if (!isRecord(doc) || typeof doc.kind !== "string") {
    result.problems.push({ source, message: `${where} is not a Kubernetes object or List (it has no kind)` });
    return;
  }
  const kind = doc.kind;
  if (Array.isArray(doc.items) && (kind === "List" || kind.endsWith("List"))) {
    // Typed lists from the API (PodList) omit each item's kind and apiVersion; kubectl's List keeps them.
    const itemKind = kind === "List" ? undefined : kind.slice(0, -"List".length);
    if (itemKind && readKinds.has(itemKind)) result.listedKinds.push(itemKind);
    // An empty kubectl List names no kind: the file's name says which (list-file-kind.ts).
    const named = kind === "List" && doc.items.length === 0 ? kindOfEmptyListFile(source, READ_KINDS) : undefined;
    if (named) result.listedKinds.push(named);
    for (const [j, item] of doc.items.entries()) {
      const filled =
        isRecord(item) && itemKind
          ? { kind: itemKind, apiVersion: doc.apiVersion, ...item }
          : item;
      collect(filled, `${where}, item ${j + 1}`, source, result);
    }
    return;
  }
  if (kind === "Secret" || !readKinds.has(kind)) return; // Secrets are never kept; other kinds are not read
  const metadata = doc.metadata;
  if (!isRecord(metadata) || typeof metadata.name !== "string" || typeof doc.apiVersion !== "string") {
    result.problems.push({ source, message: `${where}: a ${kind} without apiVersion or metadata.name` });
    return;
  }
  let object = doc as unknown as K8sObject;
  if (kind === "Event") {
    const event = normaliseEvent(object);
    if (!event) {
      result.problems.push({ source, message: `${where}: Event ${metadata.name} names no involved object` });
      return;
    }
    object = event;
  }
  if (kind === "Pod") {
    const spec = doc.spec;
    if (!isRecord(spec) || !Array.isArray(spec.containers)) {
      result.problems.push({ source, message: `${where}: Pod ${metadata.name} has no spec.containers` });
      return;
    }
  }
  result.objects.push({ value: redactSecrets(object), source });
}
