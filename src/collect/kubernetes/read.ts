// Reads Kubernetes objects for the collectors: get one, list (every page, with label and field
// selectors) and container log tails. Objects come back as the plain JSON the apiserver sent (the shape
// `kubectl get -o json` prints), with the kind and apiVersion a list item lacks filled in and secret env
// values masked, so live evidence is the same data the offline loader reads from files.

import { scrubObject } from "../../snapshot/write/redact.js";
import type { K8sObject } from "../../snapshot/types.js";
import type { Calls } from "../calls.js";
import { type Failure, type Outcome, failedOutcome, okOutcome } from "../outcome.js";
import type { KubeClient } from "../../kube/client.js";
import { CREDENTIALS_REFUSED, classifyKubeError, k8sThrottled } from "../../kube/errors.js";
import { messageOf } from "../../util/errors.js";
import { retryThrottled } from "../retry.js";
import { POD_LOG_READ, RESOURCE_READS, type ResourceRead } from "../../kube/reads.js";
import { apiPath, apiVersionOf, podLogPath } from "../../kube/paths.js";
import type { ReadKind } from "../../kube/reads.js";
import { ISSUER_DISCOVERY_PATH, readIssuerDiscovery, type IssuerDiscovery } from "../../kube/issuer-discovery.js";

const PAGE_LIMIT = "500";

export interface K8sReads {
  get(kind: ReadKind, namespace: string | null, name: string, after: number): Promise<Outcome<K8sObject>>;
  list(
    kind: ReadKind,
    namespace: string | null,
    selectors: { labelSelector?: string; fieldSelector?: string },
    after: number,
  ): Promise<Outcome<K8sObject[]>>;
  log(
    namespace: string,
    pod: string,
    container: string,
    opts: { tailLines: number; limitBytes: number; previous: boolean },
    after: number,
  ): Promise<Outcome<string>>;
  /** The service-account issuer discovery document (read when the cluster is not EKS). */
  issuerDiscovery(after: number): Promise<Outcome<IssuerDiscovery>>;
}

function where(r: ResourceRead, namespace: string | null, name?: string): string {
  const what = r.kind.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase();
  if (name === undefined) return `${what}s${r.namespaced && namespace ? ` of namespace ${namespace}` : ""}`;
  return `${what} ${r.namespaced && namespace ? `${namespace}/` : ""}${name}`;
}

/** Turns what a Kubernetes read threw into a Failure that names what was read and, if denied, the RBAC rule. */
function k8sFailure(err: unknown, what: string, verb: string, resource: string, namespace: string | null, timeoutMs: number): Failure {
  const failed = classifyKubeError(err, timeoutMs);
  const said = failed.status === undefined ? {} : { message: failed.message };
  switch (failed.kind) {
    case "no_previous_run":
      // The kubelet's answer for a container that never terminated (or whose last run is gone).
      return { kind: "absent", detail: `${what} does not exist: the container has no previous run (${failed.message})`, ...said };
    case "not_found":
      return { kind: "absent", detail: `${what} does not exist (the API server answered 404 NotFound)`, ...said };
    case "denied": {
      const rule = `${verb} ${resource}${namespace ? ` in namespace ${namespace}` : ""}`;
      return {
        kind: "permission_denied",
        detail: `could not read ${what}: ${rule} is not allowed (${failed.message})`,
        permission: `${verb} ${resource}`,
        ...said,
      };
    }
    case "unauthorized":
      return { kind: "error", detail: CREDENTIALS_REFUSED, ...said, refusedCredentials: "kubernetes" };
    case "unreachable":
      return { kind: "unreachable", detail: `could not read ${what}: the API server is unreachable (${failed.message})` };
    default:
      return { kind: "error", detail: `could not read ${what}: ${failed.message}`, ...said };
  }
}

/** A plain object as kubectl prints it: kind and apiVersion set, secret-looking values masked. */
export function asPlainObject(item: unknown, r: ResourceRead): K8sObject {
  const o = item as K8sObject;
  return scrubObject({ ...o, apiVersion: o.apiVersion ?? apiVersionOf(r), kind: o.kind ?? r.kind });
}

function parseJson(body: string, what: string): unknown {
  try {
    return JSON.parse(body);
  } catch (err) {
    throw new Error(`the answer for ${what} is not JSON: ${messageOf(err)}`, { cause: err });
  }
}

export function createK8sReads(plain: KubeClient, calls: Calls, timeoutMs: number): K8sReads {
  // A 429 is retried after the wait the apiserver names (bounded): a busy apiserver is not missing evidence.
  const getter = {
    get: (path: string, query?: Record<string, string | undefined>) => retryThrottled(() => plain.get(path, query), k8sThrottled),
  };
  const subjectOf = (r: ResourceRead, ns: string | null, name?: string) => `${r.namespaced ? `${ns ?? ""}/` : ""}${name ?? "*"}`;
  return {
    get(kind, namespace, name, after) {
      const r = RESOURCE_READS[kind];
      const what = where(r, namespace, name);
      return calls.run(
        { service: "k8s", action: `get ${r.plural}`, subject: subjectOf(r, namespace, name), after },
        async () => asPlainObject(parseJson(await getter.get(apiPath(r, namespace, name)), what), r),
        (err) => k8sFailure(err, what, "get", r.plural, r.namespaced ? namespace : null, timeoutMs),
      );
    },

    async list(kind, namespace, selectors, after) {
      const r = RESOURCE_READS[kind];
      const what = `${where(r, namespace)}${selectors.fieldSelector ? ` with ${selectors.fieldSelector}` : ""}${selectors.labelSelector ? ` labelled ${selectors.labelSelector}` : ""}`;
      const items: K8sObject[] = [];
      let token: string | undefined;
      let round = after;
      // Pages follow one another: each continue token comes from the previous answer.
      for (let page = 1; ; page++) {
        const query = { limit: PAGE_LIMIT, continue: token, ...selectors };
        const subject = `${subjectOf(r, namespace)}?${selectors.labelSelector ?? ""}&${selectors.fieldSelector ?? ""}#${page}`;
        const outcome = await calls.run(
          { service: "k8s", action: `list ${r.plural}`, subject, after: round },
          async () =>
            parseJson(await getter.get(apiPath(r, namespace), query), what) as { items?: unknown[]; metadata?: { continue?: string } },
          (err) => k8sFailure(err, what, "list", r.plural, r.namespaced ? namespace : null, timeoutMs),
        );
        if (!outcome.ok) return failedOutcome(outcome.failure, outcome.round);
        round = outcome.round;
        for (const item of outcome.value.items ?? []) items.push(asPlainObject(item, r));
        token = outcome.value.metadata?.continue || undefined;
        if (!token) return okOutcome(items, round);
      }
    },

    issuerDiscovery(after) {
      return calls.run(
        { service: "k8s", action: `get ${ISSUER_DISCOVERY_PATH}`, subject: "", after },
        () => readIssuerDiscovery((path) => getter.get(path)),
        (err) => k8sFailure(err, "the service-account issuer discovery document", "get", ISSUER_DISCOVERY_PATH, null, timeoutMs),
      );
    },

    log(namespace, pod, container, opts, after) {
      const what = `the ${opts.previous ? "previous " : ""}log of container ${container} of pod ${namespace}/${pod}`;
      const query: Record<string, string> = { container, tailLines: String(opts.tailLines), limitBytes: String(opts.limitBytes) };
      if (opts.previous) query["previous"] = "true";
      return calls.run(
        {
          service: "k8s",
          action: `get ${POD_LOG_READ.resource}`,
          subject: `${namespace}/${pod}/${container}${opts.previous ? "#previous" : ""}`,
          after,
        },
        () => getter.get(podLogPath(namespace, pod), query),
        (err) => k8sFailure(err, what, "get", POD_LOG_READ.resource, namespace, timeoutMs),
      );
    },
  };
}
