// Reads a kube-apiserver audit event (one JSON object per CloudWatch message) down to who did what to
// which object, so "who changed the ServiceAccount's annotation" is answered without reading the JSON.

export interface AuditSummary {
  verb: string | null;
  user: string | null;
  resource: string | null;
  namespace: string | null;
  name: string | null;
  response_code: number | null;
  stage: string | null;
  time: string | null;
}

type Loose = Record<string, unknown>;
const loose = (v: unknown): Loose => (typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Loose) : {});
const str = (v: unknown): string | null => (typeof v === "string" && v !== "" ? v : null);

/** The summary of an audit event, or null when the message is not one (authenticator lines, truncated JSON). */
export function auditSummary(message: string): AuditSummary | null {
  if (!message.trimStart().startsWith("{")) return null;
  let event: Loose;
  try {
    event = loose(JSON.parse(message));
  } catch {
    return null;
  }
  if (event["kind"] !== "Event" || !String(event["apiVersion"] ?? "").startsWith("audit.k8s.io/")) return null;
  const ref = loose(event["objectRef"]);
  const resource = str(ref["resource"]);
  const sub = str(ref["subresource"]);
  const code = loose(event["responseStatus"])["code"];
  return {
    verb: str(event["verb"]),
    user: str(loose(event["user"])["username"]),
    resource: resource && sub ? `${resource}/${sub}` : resource,
    namespace: str(ref["namespace"]),
    name: str(ref["name"]),
    response_code: typeof code === "number" ? code : null,
    stage: str(event["stage"]),
    time: str(event["stageTimestamp"]) ?? str(event["requestReceivedTimestamp"]),
  };
}
