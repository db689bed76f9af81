// The live Kubernetes source: GETs through the one Kubernetes client (src/kube/client.ts, which has no
// other verb), one object or a bounded list followed page by page, and apiserver errors turned into
// sentences that say what to do: a 404 names the missing object, a 403 the RBAC rule to grant.

import { asPlainObject } from "../../collect/kubernetes/read.js";
import type { KubeClient } from "../../kube/client.js";
import { CREDENTIALS_REFUSED, classifyKubeError } from "../../kube/errors.js";
import { RESOURCE_READS } from "../../kube/reads.js";
import { messageOf } from "../../util/errors.js";
import type { K8sObject } from "../../snapshot/types.js";
import type { KindInfo } from "../kinds.js";
import { apiPath } from "../../kube/paths.js";
import { type K8sSource, type ListPage, type ListQuery, type Read, type ViewFailure, readFailed, readOk } from "../types.js";

const PAGE_MAX = 500;
/** A server that keeps answering empty pages with a continue token must not keep us here. */
const MAX_PAGES = 100;

/** "pods in namespace payments", "pod payments/api-1", "mutatingwebhookconfigurations (cluster-wide)". */
export function describeRead(info: KindInfo, namespace: string | null, name?: string): string {
  const scope = info.namespaced ? (namespace ? ` in namespace ${namespace}` : " in all namespaces") : "";
  return name === undefined ? `${info.plural}${scope}` : `${info.kind} ${name}${scope}`;
}

/** The RBAC rule a 403 asks for, as a ClusterRole/Role would spell it. */
function rbacRule(verb: "get" | "list", info: KindInfo, namespace: string | null): string {
  const where = info.namespaced
    ? namespace
      ? ` in namespace ${namespace}`
      : " in all namespaces (a ClusterRole)"
    : " (cluster-scoped: a ClusterRole)";
  return `${verb} on ${info.plural} in API group "${info.group}"${where}`;
}

/** "pod api-1 not found in namespace payments (...)": what a missing object reads as, live or offline. */
export function notFoundMessage(info: KindInfo, namespace: string | null, name: string | undefined, why: string): string {
  if (name === undefined) return `${describeRead(info, namespace)} could not be found (${why})`;
  const where = info.namespaced && namespace ? ` in namespace ${namespace}` : "";
  const hint = ` list_k8s_resources with kind=${info.kind}${info.namespaced && namespace ? `, namespace=${namespace}` : ""} shows what is there.`;
  return `${info.kind.toLowerCase()} ${name} not found${where} (${why}).${hint}`;
}

function classifyK8sError(
  err: unknown,
  verb: "get" | "list",
  info: KindInfo,
  namespace: string | null,
  name: string | undefined,
  timeoutMs: number,
): ViewFailure {
  const what = describeRead(info, namespace, name);
  const failed = classifyKubeError(err, timeoutMs);
  switch (failed.kind) {
    case "not_found":
      return { kind: "not_found", message: notFoundMessage(info, namespace, name, "the API server answered 404 NotFound") };
    case "denied":
      return {
        kind: "denied",
        message: `The API server refused to ${verb} ${what}: grant the RBAC verb "${verb}" on resource "${info.plural}" (API group "${info.group}") to the identity the kubeconfig uses (deploy/kubernetes/clusterrole.yaml and its add-on for these tools, clusterrole-runbook-tools.yaml, grant exactly what irsa-doctor reads). The API server said: ${failed.message}`,
        permission: rbacRule(verb, info, namespace),
      };
    case "unauthorized":
      return { kind: "error", message: `Could not read ${what}: ${CREDENTIALS_REFUSED}.` };
    case "rejected":
    case "no_previous_run":
      return { kind: "invalid", message: `The API server rejected the request for ${what}: ${failed.message}` };
    case "too_large":
      return { kind: "error", message: `Could not read ${what}: ${failed.message}; narrow it with a selector or a namespace.` };
    case "unreachable":
      return {
        kind: "unreachable",
        message: `The API server is unreachable while reading ${what} (${failed.message}): check the kubeconfig context, VPN or endpoint access.`,
      };
    default:
      return { kind: "error", message: `Could not read ${what}: ${failed.message}` };
  }
}

function plain(item: unknown, info: KindInfo): K8sObject {
  return asPlainObject(item, RESOURCE_READS[info.kind as keyof typeof RESOURCE_READS]);
}

function parse(body: string, what: string): unknown {
  try {
    return JSON.parse(body);
  } catch (err) {
    throw new Error(`the answer for ${what} is not JSON: ${messageOf(err)}`, { cause: err });
  }
}

export function createLiveK8sSource(client: KubeClient, timeoutMs: number): K8sSource {
  const origin = `kubeconfig ${client.summary.origin}, context ${client.summary.contextName ?? "(in-cluster)"}, API server ${client.server}`;
  return {
    mode: "live",
    origin,
    async get(info, namespace, name) {
      try {
        return readOk(plain(parse(await client.get(apiPath(info, namespace, name)), describeRead(info, namespace, name)), info));
      } catch (err) {
        const failure = classifyK8sError(err, "get", info, namespace, name, timeoutMs);
        return readFailed(failure.kind, failure.message, failure.permission);
      }
    },
    async list(info, namespace, query: ListQuery): Promise<Read<ListPage>> {
      const items: K8sObject[] = [];
      let token: string | undefined;
      try {
        for (let page = 0; page < MAX_PAGES; page++) {
          const remaining = query.limit - items.length;
          const body = await client.get(apiPath(info, namespace), {
            limit: String(Math.min(Math.max(remaining, 1), PAGE_MAX)),
            continue: token,
            labelSelector: query.labelSelector,
            fieldSelector: query.fieldSelector,
          });
          const answer = parse(body, describeRead(info, namespace)) as { items?: unknown[]; metadata?: { continue?: string } };
          for (const item of answer.items ?? []) items.push(plain(item, info));
          token = answer.metadata?.continue || undefined;
          if (!token || items.length >= query.limit) break;
        }
      } catch (err) {
        const failure = classifyK8sError(err, "list", info, namespace, undefined, timeoutMs);
        return readFailed(failure.kind, failure.message, failure.permission);
      }
      return readOk({ items: items.slice(0, query.limit), truncated: items.length > query.limit || token !== undefined });
    },
    close() {
      client.close();
    },
  };
}
