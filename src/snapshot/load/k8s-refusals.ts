// A refused kubectl read kept in the bundle: k8s/<plural>[-<namespace>].error.txt holding kubectl's own line,
// "Error from server (Forbidden): pods is forbidden: User ... cannot list resource ...". It proves the kind
// could not be read for want of permission, which is what a live collection's 403 says: the two must agree,
// and neither may read as "absent" or as an unreadable file.

import { READ_KINDS, RESOURCE_READS, type ReadKind } from "../../kube/reads.js";
import { escapeControls } from "../../util/terminal.js";

const FORBIDDEN = /^Error from server \(Forbidden\): ([a-z0-9.-]+)(?: "[^"\n]*")? is forbidden: ([^\n]*)/m;
const VERB = /cannot (get|list) resource/;

export interface KubectlRefusal {
  kind: ReadKind;
  /** "list pods": the RBAC verb and resource to grant. */
  permission: string;
  detail: string;
}

/** The refusal a k8s/*.error.txt records, or null when it holds something else (then it is not read). */
export function parseKubectlRefusal(text: string, source: string): KubectlRefusal | null {
  const m = FORBIDDEN.exec(text.slice(0, 4096));
  if (!m) return null;
  const plural = m[1]!.split(".")[0]!;
  const kind = READ_KINDS.find((k) => RESOURCE_READS[k].plural === plural);
  if (!kind) return null;
  const verb = VERB.exec(m[2]!)?.[1] ?? "list";
  // kubectl's sentence, as the apiserver wrote it, capped: it names who was refused what, nothing else.
  const said = escapeControls(m[0].slice(0, 600));
  return { kind, permission: `${verb} ${plural}`, detail: `the read was refused (${source}: ${said})` };
}
