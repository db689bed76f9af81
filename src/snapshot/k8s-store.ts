// The Kubernetes objects of a snapshot, indexed by kind, for the emulator's routes and the offline cluster
// view alike. It also knows which kinds were looked for at all: a kind the capture never asked for is "not
// collected" (the emulator answers 403), never an empty list or a 404 that would read as "it does not exist".

import type { K8sObject, ListedIn } from "./types.js";
import { compareText } from "../util/compare.js";

const byNamespaceThenName = (a: K8sObject, b: K8sObject): number =>
  compareText(a.metadata.namespace ?? "", b.metadata.namespace ?? "") || compareText(a.metadata.name, b.metadata.name);

export class K8sStore {
  private readonly byKind = new Map<string, K8sObject[]>();
  private readonly listedKinds: Set<string>;
  private readonly listedIn: Set<string>;
  /** The resourceVersion every List carries: the highest one seen, so it never goes backwards. */
  readonly listResourceVersion: string;

  /** `present` false: the snapshot has no k8s/ folder, nothing at all was collected. */
  constructor(
    objects: readonly K8sObject[],
    listedKinds: readonly string[],
    readonly present: boolean,
    listedIn: readonly ListedIn[] = [],
  ) {
    for (const obj of objects) {
      const list = this.byKind.get(obj.kind) ?? [];
      list.push(obj);
      this.byKind.set(obj.kind, list);
    }
    for (const list of this.byKind.values()) list.sort(byNamespaceThenName);
    this.listedKinds = new Set(listedKinds);
    this.listedIn = new Set(listedIn.map((l) => `${l.kind}/${l.namespace}`));
    let highest = 1;
    for (const obj of objects) {
      const rv = Number(obj.metadata["resourceVersion"]);
      if (Number.isSafeInteger(rv) && rv > highest) highest = rv;
    }
    this.listResourceVersion = String(highest);
  }

  /** True when the snapshot looked for this kind (found some, or recorded an empty list of it). */
  collected(kind: string): boolean {
    return this.present && (this.byKind.has(kind) || this.listedKinds.has(kind));
  }

  /**
   * True when the snapshot looked for this kind in `namespace` (undefined: anywhere): it holds objects of it
   * there, or recorded a list of it (of every namespace, or of this one). Pods kept from kube-system say
   * nothing of another namespace's pods, as the offline selection reads them (src/snapshot/select.ts).
   */
  collectedIn(kind: string, namespace: string | undefined): boolean {
    if (namespace === undefined || this.listedKinds.has(kind)) return this.collected(kind);
    return this.present && (this.listedIn.has(`${kind}/${namespace}`) || this.list(kind, namespace).length > 0);
  }

  /** Objects of a kind, in one namespace or (namespace undefined) all of them, sorted by namespace then name. */
  list(kind: string, namespace?: string): K8sObject[] {
    const all = this.byKind.get(kind) ?? [];
    return namespace === undefined ? [...all] : all.filter((o) => o.metadata.namespace === namespace);
  }

  get(kind: string, namespace: string | undefined, name: string): K8sObject | undefined {
    return (this.byKind.get(kind) ?? []).find(
      (o) => o.metadata.name === name && (namespace === undefined || o.metadata.namespace === namespace),
    );
  }
}
