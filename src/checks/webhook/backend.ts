// Why a self-hosted webhook does not answer, in its own pods' words: their phase and waiting reasons, and
// the Warning events about them (a certificate Secret that never came, an image that cannot be pulled). The
// apiserver's "failed calling webhook" says only that the call failed; these say why.

import type { ReportEvidence } from "../types.js";
import type { Pod, Snapshot } from "../../snapshot/types.js";
import { describeEvent } from "./webhook-state.js";

export interface BackendState {
  evidence: ReportEvidence[];
  /** "pod-identity-webhook-x: Pending (ContainerCreating); FailedMount: ..." — empty when the pods are not in the evidence. */
  clause: string;
}

function podStatus(p: Pod): { ready: boolean; text: string } {
  const status = p.status as
    { phase?: string; containerStatuses?: { ready?: boolean; state?: { waiting?: { reason?: string } } }[] } | undefined;
  const containers = status?.containerStatuses ?? [];
  const waiting = [...new Set(containers.map((c) => c.state?.waiting?.reason).filter((r): r is string => !!r))];
  const ready = status?.phase === "Running" && containers.length > 0 && containers.every((c) => c.ready);
  return { ready, text: `${status?.phase ?? "phase unknown"}${waiting.length ? ` (${waiting.join(", ")})` : ""}${ready ? ", ready" : ""}` };
}

/** The backend of the webhook called through `service`, when a configuration names one and its pods were collected. */
export function backendState(s: Snapshot, service: { name: string; namespace: string } | null): BackendState | null {
  const e = s.k8s.webhookBackends;
  if (!service || e?.status !== "found") return null;
  const source = { source: e.source };
  // Listed, and none of its pods is there: the webhook's Deployment is gone or scaled to zero.
  const b = e.value.find((x) => x.service.name === service.name && x.service.namespace === service.namespace) ?? {
    service,
    pods: [],
    events: [],
  };
  const warnings = b.events.filter((ev) => ev.type === "Warning").slice(-2);
  const notReady = b.pods.map((p) => ({ p, st: podStatus(p) })).filter((x) => !x.st.ready);
  const evidence: ReportEvidence[] = [
    ...(b.pods.length === 0
      ? [{ type: "cluster", content: `no pod serves Service ${service.namespace}/${service.name} in the pods collected`, ...source }]
      : b.pods.map((p) => ({
          type: "cluster",
          content: `Webhook pod ${service.namespace}/${p.metadata.name}: ${podStatus(p).text}`,
          ...source,
        }))),
    ...warnings.map((ev) => ({ type: "event", content: describeEvent(ev), ...source })),
  ];
  const last = warnings[warnings.length - 1];
  const clause =
    b.pods.length === 0
      ? `no pod serves Service ${service.namespace}/${service.name}`
      : notReady.length > 0
        ? `${notReady.length} of its ${b.pods.length} pod${b.pods.length > 1 ? "s" : ""} not ready, ${notReady[0]!.p.metadata.name} ${notReady[0]!.st.text}${last ? `; ${`${last.reason ?? "Warning"}: ${last.message ?? ""}`.trimEnd()}` : ""}`
        : "";
  return { evidence, clause };
}
