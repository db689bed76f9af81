// Injected faults: which request a fault applies to, and the answer it gives in the service's own
// error format (a "timeout" fault gives none: the request is left hanging until the client gives up).

import type { HttpReply } from "./http-reply.js";
import { jsonReply } from "./http-reply.js";
import { faultError, renderAwsError } from "./aws/errors.js";
import { forbidden, internalError, notFound, tooManyRequests, unauthorized, type K8sReply } from "./k8s/status.js";
import type { EmulatedService, Fault, FaultKind } from "./types.js";

export interface FaultTarget {
  service: EmulatedService | "unknown";
  action: string;
  path: string;
}

export function findFault(faults: readonly Fault[], t: FaultTarget, spent: (f: Fault) => boolean = () => false): Fault | undefined {
  return faults.find((fault) => !spent(fault) && matches(fault, t));
}

function matches({ match }: Fault, t: FaultTarget): boolean {
  return (
    (match.service === undefined || match.service === t.service) &&
    (match.action === undefined || match.action === t.action) &&
    (match.pathPrefix === undefined || t.path.startsWith(match.pathPrefix))
  );
}

export function k8sReplyToHttp(reply: K8sReply): HttpReply {
  if ("text" in reply) return { status: reply.status, headers: { "content-type": "text/plain" }, body: reply.text };
  return jsonReply(reply.status, reply.json);
}

function k8sFault(kind: Exclude<FaultKind, "timeout">, action: string, path: string): K8sReply {
  // action is "<verb> <resource>[/<sub>]"; group, namespace and name are read from the path, so a refusal
  // names the object as the apiserver would ('pods "x" is forbidden: ... in the namespace "y"').
  const [verb = "get", resourcePath = "unknown"] = action.split(" ");
  const resource = resourcePath.split("/")[0] ?? resourcePath;
  const segs = path.split("/").filter((s) => s !== "");
  const group = segs[0] === "apis" ? (segs[1] ?? "") : "";
  const ns = segs.indexOf("namespaces");
  const namespace = ns >= 0 && segs.length > ns + 2 ? segs[ns + 1] : undefined;
  const at = segs.lastIndexOf(resource);
  const name = at >= 0 ? segs[at + 1] : undefined;
  switch (kind) {
    case "deny":
      return forbidden({ verb, resource, group, name, namespace, why: "denied by an injected fault (irsa-doctor emulator)" });
    case "not_found":
      return notFound(resource, group, name ?? "");
    case "server_error":
      return internalError("injected fault (irsa-doctor emulator)");
    case "throttle":
      return tooManyRequests("injected fault (irsa-doctor emulator)");
    case "expired_credentials":
    case "invalid_credentials":
      return unauthorized();
  }
}

/** The answer of a non-timeout fault. */
export function faultReply(kind: Exclude<FaultKind, "timeout">, t: FaultTarget, account: string | null, requestId: string): HttpReply {
  if (t.service === "k8s" || t.service === "unknown") {
    const reply = k8sReplyToHttp(k8sFault(kind, t.action, t.path));
    // Priority and fairness names the wait in a header too; kubectl (client-go) waits it and retries.
    if (kind === "throttle") reply.headers["retry-after"] = "1";
    return reply;
  }
  return renderAwsError(t.service, faultError(t.service, kind, t.action, account), requestId);
}
