// Keeps what the Kubernetes reads brought back: the objects (each with the kubectl command that shows
// it, quoted as its source) and, per piece of evidence, how each read behind it went, so a read that
// failed is reported as such instead of as a missing object.

import type { ReadKind } from "../../kube/reads.js";
import type { Sourced } from "../../snapshot/load/raw-types.js";
import type { K8sObject, KubernetesEvidence, ListedIn } from "../../snapshot/types.js";
import type { Failure, Outcome } from "../outcome.js";
import { RESOURCE_READS } from "../../kube/reads.js";

export type K8sSlot = keyof KubernetesEvidence;

export interface SlotRead {
  slot: K8sSlot;
  kind: ReadKind;
  /** Set when the read failed or found nothing (kind "absent"). */
  failure?: Failure;
  /** Set for a list of one namespace: where it looked. */
  listedIn?: string;
  /**
   * A read the evidence can do without (the webhook's Service, whose pods are then matched by their usual labels):
   * its failure is a problem to report, never the state of the evidence.
   */
  optional?: true;
  /** The object a get named (kept for evidence keyed by name: the ConfigMaps). */
  name?: string;
}

/** The kubectl command that shows what a read returned; the evidence's source. */
export function kubectlSource(
  kind: ReadKind,
  namespace: string | null,
  name?: string,
  selectors: { labelSelector?: string; fieldSelector?: string } = {},
): string {
  const r = RESOURCE_READS[kind];
  const ns = r.namespaced && namespace ? ` -n ${namespace}` : "";
  if (name !== undefined) return `kubectl get ${kind.toLowerCase()} ${name}${ns}`;
  const field = selectors.fieldSelector ? ` --field-selector ${selectors.fieldSelector}` : "";
  const label = selectors.labelSelector ? ` -l ${selectors.labelSelector}` : "";
  return `kubectl get ${r.plural}${ns}${field}${label}`;
}

export class K8sBook {
  readonly objects: Sourced<K8sObject>[] = [];
  readonly reads: SlotRead[] = [];

  /** Records a read for `slot`; its objects join the pool. Returns the outcome unchanged. */
  note<T extends K8sObject | K8sObject[]>(
    slot: K8sSlot,
    kind: ReadKind,
    source: string,
    outcome: Outcome<T>,
    listedIn?: string,
    name?: string,
  ): Outcome<T> {
    if (outcome.ok) {
      const items = Array.isArray(outcome.value) ? outcome.value : [outcome.value];
      for (const value of items) this.objects.push({ value, source });
    }
    this.record(slot, kind, outcome, listedIn, false, name);
    return outcome;
  }

  /** Records a read for `slot` without its objects (another slot's read that backs this evidence too). */
  record(slot: K8sSlot, kind: ReadKind, outcome: Outcome<unknown>, listedIn?: string, optional = false, name?: string): void {
    const read: SlotRead = outcome.ok ? { slot, kind } : { slot, kind, failure: outcome.failure };
    if (listedIn !== undefined) read.listedIn = listedIn;
    if (optional) read.optional = true;
    if (name !== undefined) read.name = name;
    this.reads.push(read);
  }

  /** Records a read the evidence can do without: its objects join the pool, a failure is only reported. */
  noteOptional<T extends K8sObject>(slot: K8sSlot, kind: ReadKind, source: string, outcome: Outcome<T>): Outcome<T> {
    if (outcome.ok) this.objects.push({ value: outcome.value, source });
    this.record(slot, kind, outcome, undefined, true);
    return outcome;
  }

  /** Lists of one namespace that answered: what they found there is all there is (of what they selected). */
  answeredListsIn(): ListedIn[] {
    const seen = new Map<string, ListedIn>();
    for (const r of this.reads)
      if (r.listedIn !== undefined && !r.failure) seen.set(`${r.kind}/${r.listedIn}`, { kind: r.kind, namespace: r.listedIn });
    return [...seen.values()];
  }

  /** Kinds with at least one read the API answered (found or not found): looked for. */
  answeredKinds(): string[] {
    return [...new Set(this.reads.filter((r) => !r.failure || r.failure.kind === "absent").map((r) => r.kind))].sort();
  }

  /** Kinds whose every read was answered: capture saves them as typed lists. */
  completeKinds(): string[] {
    const failed = new Set<string>(this.reads.filter((r) => r.failure && r.failure.kind !== "absent").map((r) => r.kind));
    return this.answeredKinds().filter((k) => !failed.has(k));
  }
}
