// STS (awsQuery protocol, XML answers): GetCallerIdentity only. It answers with the identity the
// snapshot was captured as. Without one it refuses as "not collected": inventing a caller would make a
// capture through the emulator keep an identity nobody had.

import type { AwsContext } from "./context.js";
import { AwsFailure, notCollected, unknownOperation } from "./errors.js";

export function answerSts(action: string, _params: URLSearchParams, ctx: AwsContext): Record<string, unknown> {
  if (action !== "GetCallerIdentity") throw new AwsFailure(unknownOperation("sts", action));
  const captured = ctx.docs.callerIdentity?.value;
  if (captured !== undefined) return { UserId: captured.UserId, Account: captured.Account, Arn: captured.Arn };
  throw new AwsFailure(notCollected("sts", action, "*", ctx.account));
}
