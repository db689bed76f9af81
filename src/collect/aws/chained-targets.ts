// The roles a pod's log says it was refused a chained sts:AssumeRole on: their trust policies are what a live
// collection reads next, as a bundle holding them shows offline (src/checks/trust-policy/chained-assume.ts).

/** "is not authorized to perform: sts:AssumeRole on resource: <role ARN>"; AssumeRoleWithWebIdentity does not match. */
const CHAINED_DENIAL = /not authorized to perform: sts:AssumeRole on resource: (arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+)/g;

/** The target role ARNs named by chained AssumeRole denials in `lines`, each once, in order. */
export function chainedTargets(lines: readonly string[]): string[] {
  return [...new Set(lines.flatMap((line) => [...line.matchAll(CHAINED_DENIAL)].map((m) => m[1] as string)))];
}
