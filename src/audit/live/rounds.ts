// The record of the audit's requests: each with its dependent round (one more than the deepest answer it
// needed), so the benchmark can say how many round trips stand between the start and the verdicts; and a
// listener, so a long read can report how far it has got.

export interface AuditCall {
  service: "k8s" | "iam" | "sts" | "eks";
  action: string;
  round: number;
  ok: boolean;
}

export class CallLog {
  readonly calls: AuditCall[] = [];
  private deepest = 0;
  private readonly byAction = new Map<string, number>();
  constructor(private readonly onCall?: (log: CallLog) => void) {}
  add(call: AuditCall): void {
    this.calls.push(call);
    if (call.round > this.deepest) this.deepest = call.round;
    this.byAction.set(call.action, (this.byAction.get(call.action) ?? 0) + 1);
    this.onCall?.(this);
  }
  get rounds(): number {
    return this.deepest;
  }
  /** "412 requests (list pods 9, DescribePodIdentityAssociation 380, ...)": the busiest actions first. */
  summary(): string {
    const top = [...this.byAction].sort((a, b) => b[1] - a[1]).slice(0, 4);
    return `${this.calls.length} requests (${top.map(([a, n]) => `${a} ${n}`).join(", ")})`;
  }
}
