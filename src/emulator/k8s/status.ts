// Kubernetes Status objects, the error body every apiserver answers with. The client libraries read
// `code`, `reason` and `details`, so they follow the apiserver's own wording and codes.

/** What a Kubernetes route answers: a status code and a JSON body, or plain text (pod logs). */
export type K8sReply = { status: number; json: unknown } | { status: number; text: string };

/** The user the emulator pretends the client is, named in Forbidden messages like an apiserver would. */
const EMULATOR_USER = "irsa-doctor-emulator";

function status(code: number, reason: string, message: string, details?: Record<string, string>): K8sReply {
  const body: Record<string, unknown> = {
    kind: "Status",
    apiVersion: "v1",
    metadata: {},
    status: "Failure",
    message,
    reason,
  };
  if (details !== undefined) body["details"] = details;
  body["code"] = code;
  return { status: code, json: body };
}

/** The qualified resource the apiserver names in messages: "pods", "daemonsets.apps". */
function qualified(resource: string, group: string): string {
  return group === "" ? resource : `${resource}.${group}`;
}

export function notFound(resource: string, group: string, name: string): K8sReply {
  const details: Record<string, string> = { name };
  if (group !== "") details["group"] = group;
  details["kind"] = resource;
  return status(404, "NotFound", `${qualified(resource, group)} "${name}" not found`, details);
}

/** A path the emulator has no route for (an apiserver answers the same for unknown resources). */
export function unknownPath(): K8sReply {
  return status(404, "NotFound", "the server could not find the requested resource", {});
}

export interface ForbiddenScope {
  verb: string;
  resource: string;
  group: string;
  name?: string;
  namespace?: string;
  /** Why, appended to the apiserver-style message so a person reading it knows it is the emulator. */
  why: string;
}

export function forbidden(scope: ForbiddenScope): K8sReply {
  const subject =
    scope.name === undefined ? qualified(scope.resource, scope.group) : `${qualified(scope.resource, scope.group)} "${scope.name}"`;
  const where = scope.namespace === undefined ? "at the cluster scope" : `in the namespace "${scope.namespace}"`;
  const message =
    `${subject} is forbidden: User "${EMULATOR_USER}" cannot ${scope.verb} resource "${scope.resource}" ` +
    `in API group "${scope.group}" ${where}: ${scope.why}`;
  const details: Record<string, string> = {};
  if (scope.name !== undefined) details["name"] = scope.name;
  if (scope.group !== "") details["group"] = scope.group;
  details["kind"] = scope.resource;
  return status(403, "Forbidden", message, details);
}

export function badRequest(message: string): K8sReply {
  return status(400, "BadRequest", message);
}

export function methodNotAllowed(): K8sReply {
  return status(
    405,
    "MethodNotAllowed",
    "the server does not allow this method on the requested resource (the irsa-doctor emulator is read-only)",
    {},
  );
}

export function internalError(message: string): K8sReply {
  return status(500, "InternalError", `Internal error occurred: ${message}`, {});
}

/** What the apiserver's priority-and-fairness answers when a client sends too much. */
export function tooManyRequests(message: string): K8sReply {
  return status(429, "TooManyRequests", `Too many requests, please try again later: ${message}`, { retryAfterSeconds: "1" });
}

/** What the apiserver answers a client whose token or certificate it does not accept (expired, revoked). */
export function unauthorized(): K8sReply {
  return status(401, "Unauthorized", "Unauthorized");
}

/** A non-resource URL refused, in the apiserver's words ("cannot get path ..."). */
export function forbiddenPath(path: string, why: string): K8sReply {
  return status(403, "Forbidden", `forbidden: User "${EMULATOR_USER}" cannot get path "${path}": ${why}`, {});
}
