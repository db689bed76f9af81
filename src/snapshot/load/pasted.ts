// An error message the user pasted (from a terminal, a ticket, a chat) as evidence. Very often it is all there
// is: alone it makes the whole snapshot, with nothing else collected and the report saying what to collect; with
// a snapshot folder or a live collection it joins their logs as one more source. Either way it is read by the
// pattern library every log goes through, so a pasted message is judged as the same line in a log would be.

import { scanLines } from "../../logs/scan.js";
import { found, unavailable } from "../evidence.js";
import { selectEvidence } from "../select.js";
import type { LogEvidence, Snapshot, Target } from "../types.js";
import { buildAwsDocs } from "./aws-docs.js";
import { buildAwsEvidence } from "./aws-evidence.js";

/** The log source a pasted message is cited as. */
export const PASTED_SOURCE = "pasted-message";

/** The largest message taken: far beyond any error text, small enough that a whole log pasted by mistake is refused. */
export const MAX_PASTED_BYTES = 256 * 1024;

const NOTHING_ELSE = "only an error message was given; nothing was read from the cluster";
const NOTHING_FROM_AWS = "only an error message was given; nothing was read from the AWS account";

/**
 * The target of a message alone: nothing names the workload, so the report's commands carry placeholders the
 * operator fills in (`-n <namespace>`), never a namespace or cluster the message did not state.
 */
const UNNAMED: Target = {
  cluster: null,
  region: null,
  account: null,
  namespace: "<namespace>",
  pod: null,
  serviceAccount: null,
  instanceId: null,
  incidentTime: null,
};

async function scanMessage(text: string): Promise<{ evidence: LogEvidence; problems: Snapshot["problems"] }> {
  return scanLines(PASTED_SOURCE, text.split(/\r?\n/));
}

/** A snapshot holding nothing but the pasted message. */
export async function messageOnlySnapshot(text: string): Promise<Snapshot> {
  const t = UNNAMED;
  const k8s = selectEvidence(t, [], { k8s: false, nothingCollected: NOTHING_ELSE });
  // The selection's words for a bundle whose target.yaml names no workload, said of a message.
  if (k8s.pod.status === "unavailable") k8s.pod = unavailable("not_collected", "only an error message was given, and it names no pod");
  const aws = buildAwsEvidence(t, buildAwsDocs([], t, []).docs, false, k8s, NOTHING_FROM_AWS);
  const scanned = await scanMessage(text);
  return {
    version: 1,
    target: t,
    origin: PASTED_SOURCE,
    k8s,
    aws: aws.evidence,
    logs: found(scanned.evidence, PASTED_SOURCE),
    problems: [...aws.problems, ...scanned.problems],
  };
}

/** `snapshot` with the pasted message added to its logs (as the only log source when it had none). */
export async function withPastedMessage(snapshot: Snapshot, text: string): Promise<Snapshot> {
  const scanned = await scanMessage(text);
  const logs = snapshot.logs;
  const merged: LogEvidence =
    logs.status === "found"
      ? {
          files: [...logs.value.files, ...scanned.evidence.files],
          matches: [...logs.value.matches, ...scanned.evidence.matches],
          counts: sumCounts(logs.value.counts, scanned.evidence.counts),
        }
      : scanned.evidence;
  const source = logs.status === "found" ? `${logs.source}, ${PASTED_SOURCE}` : PASTED_SOURCE;
  return { ...snapshot, logs: found(merged, source), problems: [...snapshot.problems, ...scanned.problems] };
}

function sumCounts(a: Record<string, number>, b: Record<string, number>): Record<string, number> {
  const out = { ...a };
  for (const [id, n] of Object.entries(b)) out[id] = (out[id] ?? 0) + n;
  return out;
}
