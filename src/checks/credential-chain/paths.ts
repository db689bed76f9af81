// What the credential_chain checks share: the credential paths of the pod's containers, which of them failed
// (a recognised credential error in their own logs, or a broken hop), and the evidence lines naming the
// decisive variable and where it was set.

import type { Facts } from "../../diagnosis/facts/index.js";
import type { ContainerPath } from "../../diagnosis/credential-path/index.js";
import { getLogPattern } from "../../logs/index.js";
import type { Snapshot } from "../../snapshot/types.js";
import type { ReportEvidence } from "../types.js";

/** A container's own high-severity credential errors, or a hop of its path that is broken. */
export function failing(p: ContainerPath): boolean {
  return p.lines.some((l) => getLogPattern(l.patternId)?.severity === "high") || p.hops.some((h) => h.status === "broken");
}

/** The path the diagnosis should name first: a failing one, else an app container's (init containers last). */
export function rank(paths: readonly ContainerPath[]): ContainerPath[] {
  return [...paths].sort((a, b) => Number(failing(b)) - Number(failing(a)) || Number(a.init) - Number(b.init));
}

/** "Pod x container y: AWS_ROLE_ARN=... (the pod template of Deployment z)" for the named variables. */
export function envEvidence(s: Snapshot, f: Facts, p: ContainerPath, names: readonly string[]): ReportEvidence[] {
  const shown = names.map((n) => p.sources.env.get(n)).filter((e) => e !== undefined);
  if (shown.length === 0) return [];
  const text = shown.map((e) => `${e.name}${e.value !== null && !/KEY/.test(e.name) ? `=${e.value}` : ""} (${e.origin})`).join("; ");
  return [
    {
      type: "pod_spec",
      content: `Pod ${f.pod?.metadata.name ?? s.target.pod ?? "?"} ${p.init ? "init container" : "container"} ${p.container}: ${text}`,
      ...(s.k8s.pod.status === "found" ? { source: s.k8s.pod.source } : {}),
    },
  ];
}

/** The path's own log lines as credential findings (up to two). */
export function pathLogEvidence(p: ContainerPath): ReportEvidence[] {
  return p.lines
    .filter((l) => getLogPattern(l.patternId)?.severity === "high")
    .slice(0, 2)
    .map((l) => ({ type: "credential_finding", content: l.text, source: `${l.file}:${l.line}` }));
}

/** The chain's reasoning for the path, as one evidence line. */
export function chainEvidence(p: ContainerPath): ReportEvidence {
  const last = p.why.filter((w) => / tries /.test(w) || / shadows /.test(w) || /skips/.test(w));
  return { type: "credential_chain", content: `container ${p.container}: ${last.join("; ")}` };
}
