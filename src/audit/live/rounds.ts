// The record of the audit's requests: each with its dependent round (one more than the deepest answer it
// needed), so the benchmark can say how many round trips stand between the start and the verdicts.

export interface AuditCall {
  service: "k8s" | "iam" | "sts" | "eks";
  action: string;
  round: number;
  ok: boolean;
}

export class CallLog {
  readonly calls: AuditCall[] = [];
  add(call: AuditCall): void {
    this.calls.push(call);
  }
  get rounds(): number {
    return Math.max(0, ...this.calls.map((c) => c.round));
  }
}
