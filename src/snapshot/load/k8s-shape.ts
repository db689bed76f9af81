// The loader's edge for Kubernetes objects: every field the diagnosis reads is checked for its type before
// the object is kept, because a bundle is untrusted input (a hand-edited file, a tool's bug, an attacker's
// file): `env` as an object or a name as a number would otherwise surface as a TypeError deep in a check.
// Fields not read are kept as they are. An object that fails names the field (never its value).

import { z } from "zod";

const str = z.string().nullish();
const num = z.number().nullish();
const bool = z.boolean().nullish();
const strings = z.array(z.string()).nullish();
// kubectl prints `creationTimestamp: null` and the like: null is "not set", as an absent key is.
const opt = <T extends z.ZodType>(schema: T) => schema.nullish();

const metadata = z.looseObject({
  name: z.string(),
  namespace: str,
  uid: str,
  creationTimestamp: str,
  labels: opt(z.record(z.string(), z.string())),
  annotations: opt(z.record(z.string(), z.string())),
  ownerReferences: opt(z.array(z.looseObject({ kind: z.string(), name: z.string(), apiVersion: str, uid: str, controller: bool }))),
});

const container = z.looseObject({
  name: z.string(),
  image: str,
  env: opt(z.array(z.looseObject({ name: z.string(), value: str }))),
  envFrom: opt(z.array(z.unknown())),
  volumeMounts: opt(z.array(z.looseObject({ name: z.string(), mountPath: z.string(), readOnly: bool, subPath: str }))),
});
const containers = opt(z.array(container));

const containerState = opt(
  z.looseObject({
    waiting: opt(z.looseObject({ reason: str, message: str })),
    running: opt(z.looseObject({ startedAt: str })),
    terminated: opt(z.looseObject({ reason: str, message: str, exitCode: num, finishedAt: str })),
  }),
);
const containerStatuses = opt(
  z.array(
    z.looseObject({ name: z.string(), ready: bool, restartCount: num, image: str, state: containerState, lastState: containerState }),
  ),
);

const volumes = opt(
  z.array(
    z.looseObject({
      name: z.string(),
      projected: opt(
        z.looseObject({
          sources: opt(
            z.array(
              z.looseObject({ serviceAccountToken: opt(z.looseObject({ audience: str, expirationSeconds: num, path: z.string() })) }),
            ),
          ),
          defaultMode: num,
        }),
      ),
    }),
  ),
);

const podSpecFields = {
  serviceAccountName: str,
  serviceAccount: str,
  automountServiceAccountToken: bool,
  nodeName: str,
  hostNetwork: bool,
  containers,
  initContainers: containers,
  ephemeralContainers: containers,
  volumes,
};
const podTemplate = opt(z.looseObject({ metadata: opt(metadata.partial()), spec: opt(z.looseObject(podSpecFields)) }));

const base = { apiVersion: z.string(), kind: z.string(), metadata };

const SCHEMAS: Record<string, z.ZodType> = {
  Pod: z.looseObject({
    ...base,
    spec: z.looseObject({ ...podSpecFields, containers: z.array(container) }),
    status: opt(
      z.looseObject({
        phase: str,
        reason: str,
        message: str,
        startTime: str,
        podIP: str,
        hostIP: str,
        containerStatuses,
        initContainerStatuses: containerStatuses,
      }),
    ),
  }),
  ServiceAccount: z.looseObject({ ...base, automountServiceAccountToken: bool }),
  Event: z.looseObject({
    ...base,
    type: str,
    reason: str,
    message: str,
    count: num,
    firstTimestamp: str,
    lastTimestamp: str,
    eventTime: str,
    involvedObject: z.looseObject({ kind: str, name: str, namespace: str, uid: str }),
  }),
  MutatingWebhookConfiguration: z.looseObject({
    ...base,
    webhooks: opt(
      z.array(
        z.looseObject({
          name: z.string(),
          clientConfig: opt(
            z.looseObject({
              service: opt(z.looseObject({ name: z.string(), namespace: z.string(), path: str, port: num })),
              url: str,
            }),
          ),
          failurePolicy: str,
          rules: opt(z.array(z.looseObject({ operations: strings, apiGroups: strings, apiVersions: strings, resources: strings }))),
        }),
      ),
    ),
  }),
  DaemonSet: z.looseObject({
    ...base,
    spec: opt(z.looseObject({ template: podTemplate })),
    status: opt(
      z.looseObject({
        desiredNumberScheduled: num,
        currentNumberScheduled: num,
        numberReady: num,
        numberAvailable: num,
        numberUnavailable: num,
      }),
    ),
  }),
  Node: z.looseObject({
    ...base,
    spec: opt(z.looseObject({ providerID: str })),
    status: opt(
      z.looseObject({
        conditions: opt(z.array(z.looseObject({ type: z.string(), status: z.string(), reason: str, message: str }))),
        nodeInfo: opt(z.looseObject({ kubeletVersion: str })),
        addresses: opt(z.array(z.looseObject({ type: z.string(), address: z.string() }))),
      }),
    ),
  }),
  Namespace: z.looseObject(base),
  Deployment: z.looseObject({ ...base, spec: opt(z.looseObject({ template: podTemplate })) }),
  ReplicaSet: z.looseObject({ ...base, spec: opt(z.looseObject({ template: podTemplate })) }),
};

/** Deeper than this, a document is refused: real objects stay far below, and deep ones overflow the stack. */
export const MAX_DEPTH = 100;

/** Null when `object` (of a read kind) has the shape the diagnosis reads; else which field is wrong. */
export function shapeProblem(kind: string, object: unknown): string | null {
  const schema = SCHEMAS[kind];
  if (!schema) return null;
  const result = schema.safeParse(object);
  if (result.success) return null;
  const issue = result.error.issues[0]!;
  return `field ${fieldPath(issue.path)} ${describe(issue)}`;
}

function fieldPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else out += out === "" ? String(key) : /^[A-Za-z_][\w-]*$/.test(String(key)) ? `.${String(key)}` : `[${JSON.stringify(String(key))}]`;
  }
  return out || "(the object)";
}

function describe(issue: z.core.$ZodIssue): string {
  if (issue.code === "invalid_type") {
    // zod says "Invalid input: expected array, received object": types only, never the value.
    const received = /received (\w+)/.exec(issue.message)?.[1];
    const missing = received === "undefined";
    return missing
      ? `is missing (expected ${article(issue.expected)})`
      : `is ${article(received ?? "of another type")}, expected ${article(issue.expected)}`;
  }
  return "has the wrong shape";
}

// zod calls a key-value object a "record"; a Kubernetes user calls it a map.
const article = (type: string): string => (type === "record" ? "a map" : /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`);

/** How deeply `value` nests (objects and arrays), counted without recursion; stops once past `limit`. */
export function nestingDepth(value: unknown, limit = MAX_DEPTH): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (typeof v !== "object" || v === null) continue;
    const d = depth + 1;
    if (d > deepest) deepest = d;
    if (deepest > limit) return deepest;
    for (const child of Array.isArray(v) ? v : Object.values(v)) if (typeof child === "object" && child !== null) stack.push([child, d]);
  }
  return deepest;
}
