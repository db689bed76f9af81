// STS (awsQuery protocol, XML answers): GetCallerIdentity only. It answers with the identity the
// snapshot was captured as; without one it answers as the emulator's own fake user in the snapshot's
// account (GetCallerIdentity describes the caller, which here is the emulator), and refuses when even
// the account is unknown rather than invent one.

import type { AwsContext } from "./context.js";
import { AwsFailure, emulatorPrincipal, notCollected, unknownOperation } from "./errors.js";

export function answerSts(action: string, _params: URLSearchParams, ctx: AwsContext): Record<string, unknown> {
  if (action !== "GetCallerIdentity") throw new AwsFailure(unknownOperation("sts", action));
  const captured = ctx.docs.callerIdentity?.value;
  if (captured !== undefined) return { Arn: captured.Arn, UserId: captured.UserId, Account: captured.Account };
  if (ctx.account === null) throw new AwsFailure(notCollected("sts", action, "*", null));
  return { Arn: emulatorPrincipal(ctx.account), UserId: "AIDAIRSADOCTOREMULATOR", Account: ctx.account };
}
