// Parses the files of k8s/: `kubectl get -o yaml|json` outputs holding one object, a List or several
// YAML documents. Keeps only the kinds the diagnosis reads; Secrets are dropped before anything else
// sees them, and credential values in pod env are masked, so no secret is ever stored.

import { parseAllDocuments } from "yaml";
import type { K8sObject, SnapshotProblem } from "../types.js";
import type { SecretKeyNames, Sourced } from "./raw-types.js";
import { normaliseEvent } from "./k8s-normalise.js";
import { MAX_DEPTH, nestingDepth, shapeProblem } from "./k8s-shape.js";
import { describeJsonError, describeYamlError } from "./parse-errors.js";
import { redactSecrets } from "./redact.js";
import { type EmptyListName, emptyListOfFile } from "./list-file-kind.js";
import { READ_KINDS } from "../../kube/reads.js";
import { isFilteredList } from "./partial-list.js";

const readKinds = new Set<string>(READ_KINDS);

export interface K8sFileResult {
  objects: Sourced<K8sObject>[];
  /** Kinds named by typed lists such as PodList, even empty ones. */
  listedKinds: string[];
  /**
   * Empty kubectl Lists whose file name joins the plural to something else (`pods-kube-system.yaml`): a
   * namespace or a note. The loader decides which, once it knows the bundle's namespaces (raw.ts).
   */
  listedQualified: Required<EmptyListName>[];
  /** `kubectl get --raw /.well-known/openid-configuration`: the service-account issuer of the cluster. */
  issuers: Sourced<string>[];
  /** Secrets met, reduced to their key names on the spot: no value is ever kept. */
  secretKeys: Sourced<SecretKeyNames>[];
  problems: SnapshotProblem[];
  /** Kinds of objects left out for their shape: their absence cannot be concluded (each with why). */
  rejectedKinds: { kind: string; detail: string }[];
  /** Lists this file holds that were asked for with a selector (partial-list.ts): what they lack is not proven absent. */
  filteredLists: boolean;
}

/** The key names of a Secret's data and stringData, sorted; null when it has neither. */
function secretKeyNames(doc: Record<string, unknown>): string[] | null {
  const maps = [doc["data"], doc["stringData"]].filter(isRecord);
  if (maps.length === 0) return null;
  return [...new Set(maps.flatMap((m) => Object.keys(m)))].sort();
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Parses the text of one k8s/ file (`source` is its relative path, used in problems). Never throws. */
const emptyResult = (): K8sFileResult => ({
  objects: [],
  listedKinds: [],
  listedQualified: [],
  issuers: [],
  secretKeys: [],
  problems: [],
  rejectedKinds: [],
  filteredLists: false,
});

export function parseK8sFile(text: string, source: string): K8sFileResult {
  const result = emptyResult();
  const docs: unknown[] = [];
  if (source.endsWith(".json")) {
    try {
      docs.push(JSON.parse(text));
    } catch {
      result.problems.push({ source, message: `${describeJsonError(text)}: not read` });
      return result;
    }
  } else {
    let parsed;
    try {
      parsed = parseAllDocuments(text);
    } catch (err) {
      result.problems.push({
        source,
        message: `not valid YAML (${err instanceof RangeError ? "nested too deeply" : "the parser gave up"}): not read`,
      });
      return result;
    }
    for (const [i, doc] of (Array.isArray(parsed) ? parsed : [parsed]).entries()) {
      const error = doc.errors[0];
      if (error) {
        result.problems.push({ source, message: `YAML document ${i + 1} is not valid ${describeYamlError(error)}: not read` });
        continue;
      }
      try {
        docs.push(doc.toJS());
      } catch (err) {
        // The yaml library refuses alias expansions past maxAliasCount ("billion laughs"); deep nesting overflows.
        const why = err instanceof RangeError ? "is nested too deeply" : "uses too many aliases (an exponential expansion)";
        result.problems.push({ source, message: `YAML document ${i + 1} ${why}: not read` });
      }
    }
  }
  for (const [i, doc] of docs.entries()) {
    if (doc === null || doc === undefined) continue; // an empty document, e.g. after a trailing "---"
    collectDocument(doc, docs.length > 1 ? `document ${i + 1}` : "the document", source, result);
  }
  return result;
}

/**
 * One document already parsed (a list page the fleet audit read from the API): the same checks as a file's,
 * without serialising a page only to parse it again.
 */
export function parseK8sDocument(doc: unknown, source: string): K8sFileResult {
  const result = emptyResult();
  collectDocument(doc, "the document", source, result);
  return result;
}

function collectDocument(doc: unknown, where: string, source: string, result: K8sFileResult): void {
  if (nestingDepth(doc, MAX_DEPTH + 3) > MAX_DEPTH + 2) {
    result.problems.push({ source, message: `${where} nests deeper than ${MAX_DEPTH} levels (no Kubernetes object does): not read` });
    return;
  }
  collect(doc, where, source, result);
}

const isListKind = (kind: string): boolean => kind === "List" || kind.endsWith("List");

/** Records what a List proves listed: a typed list's kind (PodList), or an empty kubectl List's from its file name. */
function noteListed(kind: string, items: number, source: string, result: K8sFileResult): void {
  const itemKind = kind === "List" ? undefined : kind.slice(0, -"List".length);
  if (itemKind) {
    if (readKinds.has(itemKind)) result.listedKinds.push(itemKind);
    return;
  }
  // An empty kubectl List names no kind: the file's name says which (list-file-kind.ts).
  const named = items === 0 ? emptyListOfFile(source, READ_KINDS) : undefined;
  if (named?.qualifier === undefined) {
    if (named) result.listedKinds.push(named.kind);
  } else result.listedQualified.push({ kind: named.kind, qualifier: named.qualifier });
}

/** Typed lists from the API (PodList) omit each item's kind and apiVersion; kubectl's List keeps them. */
function collectItem(kind: string, apiVersion: unknown, item: unknown, where: string, source: string, result: K8sFileResult): void {
  const itemKind = kind === "List" ? undefined : kind.slice(0, -"List".length);
  collect(isRecord(item) && itemKind ? { kind: itemKind, apiVersion, ...item } : item, where, source, result);
}

/**
 * A List read item by item (json-list-stream.ts), for a file too big to parse whole, with the same checks as
 * parseK8sFile. An item naming its own kind and apiVersion (kubectl's) is kept at once: what the List's kind would
 * fill in, its own override. Any other waits for the List's kind, which kubectl prints after the items.
 */
export function streamedK8sList(source: string): {
  item(value: unknown, index: number): void;
  end(top: Record<string, unknown>, count: number): K8sFileResult;
} {
  const result = emptyResult();
  const waiting: [number, unknown][] = [];
  let tooDeep = false;
  return {
    item(value, index) {
      // Two levels under the document (the List, its items array), as parseK8sFile measures it.
      if (tooDeep || nestingDepth(value, MAX_DEPTH + 1) > MAX_DEPTH) {
        tooDeep = true;
        return;
      }
      if (isRecord(value) && typeof value["kind"] === "string" && typeof value["apiVersion"] === "string")
        collect(value, `the document, item ${index + 1}`, source, result);
      else waiting.push([index, value]);
    },
    end(top, count) {
      const kind = top["kind"];
      const refused = (message: string): K8sFileResult => ({ ...emptyResult(), problems: [{ source, message }] });
      if (tooDeep) return refused(`the document nests deeper than ${MAX_DEPTH} levels (no Kubernetes object does): not read`);
      if (typeof kind !== "string" || !isListKind(kind))
        return refused("holds an items array but is not a Kubernetes List (its kind is not List or <Kind>List): not read");
      noteListed(kind, count, source, result);
      for (const [j, item] of waiting) collectItem(kind, top["apiVersion"], item, `the document, item ${j + 1}`, source, result);
      return result;
    },
  };
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
  if (Array.isArray(doc.items) && isListKind(kind)) {
    const first = doc.items[0] as { kind?: unknown } | undefined;
    const itemKind = kind === "List" ? (typeof first?.kind === "string" ? first.kind : "") : kind.slice(0, -"List".length);
    if (isFilteredList(source, itemKind, doc.items)) result.filteredLists = true;
    // A filtered typed list (PodList asked with -l) proves nothing of its kind beyond its items.
    else noteListed(kind, doc.items.length, source, result);
    for (const [j, item] of doc.items.entries()) collectItem(kind, doc.apiVersion, item, `${where}, item ${j + 1}`, source, result);
    return;
  }
  if (kind === "Secret") {
    // Only the key names survive (envFrom pulls every key in as a variable); the values are dropped here.
    const keys = secretKeyNames(doc);
    const meta = isRecord(doc.metadata) ? doc.metadata : {};
    if (keys && typeof meta["name"] === "string") {
      result.secretKeys.push({
        value: { namespace: typeof meta["namespace"] === "string" ? meta["namespace"] : "", name: meta["name"], keys },
        source,
      });
    }
    return;
  }
  if (!readKinds.has(kind)) return; // other kinds are not read
  const metadata = doc.metadata;
  if (!isRecord(metadata) || typeof metadata.name !== "string" || typeof doc.apiVersion !== "string") {
    const field = !isRecord(metadata) ? "metadata" : typeof metadata.name !== "string" ? "metadata.name" : "apiVersion";
    result.problems.push({
      source,
      message: `${where}: a ${kind} without apiVersion or metadata.name (field ${field} is missing or not a string); not read`,
    });
    result.rejectedKinds.push({ kind, detail: `${source} holds a ${kind} that was not read (no usable ${field})` });
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
  const wrong = shapeProblem(kind, object);
  if (wrong) {
    const detail = `${source} holds a ${kind} that was not read (${metadata.name}: ${wrong})`;
    result.problems.push({ source, message: `${where}: ${kind} ${metadata.name}: ${wrong}; not read` });
    result.rejectedKinds.push({ kind, detail });
    return;
  }
  result.objects.push({ value: redactSecrets(object), source });
}
