// Kubernetes API routing: turns a method and path into the action recorded for it ("list pods",
// "get pods/log") and the answer. Only GET is served; every other method is refused with 405 after
// being recognised, so the record shows what a client tried to change.

import { apiGroupList, apiResourceList, apiVersions, versionInfo } from "./discovery.js";
import { getObject, listObjects, podLog, type K8sReadContext } from "./read.js";
import { findResource, type ResourceDef } from "../../kube/resources.js";
import { badRequest, forbidden, forbiddenPath, methodNotAllowed, unknownPath, type K8sReply } from "./status.js";
import { ISSUER_DISCOVERY_PATH, issuerDiscoveryDocument } from "../../kube/issuer-discovery.js";

interface K8sContext extends K8sReadContext {
  /** "1.29" from the EKS cluster, when the snapshot has it. */
  clusterVersion?: string;
  /** host:port the clients reached, for discovery. */
  serverAddress: string;
  /** The service-account issuer the bundle states (discovery document or kube-apiserver flag). */
  serviceAccountIssuer?: string;
}

export interface K8sRoute {
  action: string;
  answer(ctx: K8sContext): Promise<K8sReply>;
}

type Target =
  | { type: "discovery"; body: (ctx: K8sContext) => unknown }
  | { type: "version" }
  | { type: "issuer" }
  | { type: "resource"; def: ResourceDef; namespace?: string; name?: string; subresource?: string }
  | { type: "unknown" };

function resourceTarget(group: string, version: string, rest: string[]): Target {
  const inNamespace = rest[0] === "namespaces" && rest.length >= 3;
  const namespace = inNamespace ? rest[1] : undefined;
  const [resource, name, subresource, ...tail] = inNamespace ? rest.slice(2) : rest;
  const def = resource === undefined ? undefined : findResource(group, version, resource);
  if (def === undefined) return { type: "unknown" };
  if (inNamespace ? !def.namespaced : def.namespaced && name !== undefined) return { type: "unknown" };
  // A proxy subresource carries the rest of the path (nodes/<n>/proxy/logs/...): recorded as nodes/proxy.
  if (tail.length > 0 && subresource !== "proxy") return { type: "unknown" };
  return { type: "resource", def, namespace, name, subresource };
}

function parsePath(path: string): Target {
  const segs = path
    .split("/")
    .filter((s) => s !== "")
    .map((s) => {
      try {
        return decodeURIComponent(s);
      } catch {
        return s;
      }
    });
  const [root, x, y, ...rest] = segs;
  if (root === "version" && x === undefined) return { type: "version" };
  if (`/${root}/${x}` === ISSUER_DISCOVERY_PATH && y === undefined) return { type: "issuer" };
  if (root === "api") {
    if (x === undefined) return { type: "discovery", body: (ctx) => apiVersions(ctx.serverAddress) };
    if (x !== "v1") return { type: "unknown" };
    if (y === undefined) return { type: "discovery", body: () => apiResourceList("", "v1") };
    return resourceTarget("", "v1", [y, ...rest]);
  }
  if (root === "apis") {
    if (x === undefined) return { type: "discovery", body: () => apiGroupList() };
    if (y === undefined) return { type: "unknown" };
    const [first, ...others] = rest;
    if (first === undefined) {
      return apiResourceList(x, y) === undefined ? { type: "unknown" } : { type: "discovery", body: () => apiResourceList(x, y) };
    }
    return resourceTarget(x, y, [first, ...others]);
  }
  return { type: "unknown" };
}

const WRITE_VERBS: Record<string, string> = { POST: "create", PUT: "update", PATCH: "patch", DELETE: "delete" };

function verbOf(method: string, target: Target, query: URLSearchParams): string {
  const named = target.type === "resource" && target.name !== undefined;
  if (method === "GET" || method === "HEAD") {
    if (!named && query.get("watch") === "true") return "watch";
    return named ? "get" : "list";
  }
  if (method === "DELETE" && !named) return "deletecollection";
  return WRITE_VERBS[method] ?? method.toLowerCase();
}

function actionOf(verb: string, target: Target): string {
  switch (target.type) {
    case "version":
      return "get version";
    case "issuer":
      return `get ${ISSUER_DISCOVERY_PATH}`;
    case "discovery":
      return "get discovery";
    case "unknown":
      return `${verb} unknown`;
    case "resource":
      return `${verb} ${target.def.resource}${target.subresource === undefined ? "" : `/${target.subresource}`}`;
  }
}

export function routeK8s(method: string, path: string, query: URLSearchParams): K8sRoute {
  const target = parsePath(path);
  const verb = verbOf(method, target, query);
  const action = actionOf(verb, target);
  const answer = async (ctx: K8sContext): Promise<K8sReply> => {
    if (method !== "GET") return methodNotAllowed();
    if (target.type === "unknown") return unknownPath();
    if (target.type === "version") return { status: 200, json: versionInfo(ctx.clusterVersion) };
    if (target.type === "discovery") return { status: 200, json: target.body(ctx) };
    if (target.type === "issuer") {
      if (ctx.serviceAccountIssuer === undefined)
        return forbiddenPath(ISSUER_DISCOVERY_PATH, "the snapshot did not collect this (irsa-doctor emulator)");
      return { status: 200, json: issuerDiscoveryDocument(ctx.serviceAccountIssuer, ctx.serverAddress) };
    }
    const { def, namespace, name, subresource } = target;
    if (def.resource === "secrets") {
      return forbidden({ verb, resource: "secrets", group: "", name, namespace, why: "the irsa-doctor emulator never serves secrets" });
    }
    if (!ctx.store.present) {
      return forbidden({
        verb,
        resource: def.resource,
        group: def.group,
        name,
        namespace,
        why: "the snapshot has no k8s/ folder: nothing was collected (irsa-doctor emulator)",
      });
    }
    if (verb === "watch") return badRequest("watch is not supported by the irsa-doctor emulator (a snapshot does not change)");
    if (subresource !== undefined) {
      if (def.resource !== "pods" || subresource !== "log" || name === undefined || namespace === undefined) return unknownPath();
      return podLog(ctx, def, namespace, name, query);
    }
    if (name !== undefined) return getObject(ctx, def, namespace, name);
    return listObjects(ctx, def, namespace, query);
  };
  return { action, answer };
}
