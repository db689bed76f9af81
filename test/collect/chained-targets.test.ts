// Which roles a pod's log names as refused chained sts:AssumeRole targets: what live reads next.

import { describe, expect, it } from "vitest";
import { chainedTargets } from "../../src/collect/aws/chained-targets.js";

describe("chainedTargets", () => {
  it("takes the role of a chained AssumeRole denial, each once, and not a web identity refusal", () => {
    const lines = [
      "botocore.exceptions.ClientError: An error occurred (AccessDenied) when calling the AssumeRole operation: User: arn:aws:sts::111122223333:assumed-role/etl-runner/s is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::444455556666:role/datalake-etl-writer",
      "User: arn:aws:sts::111122223333:assumed-role/etl-runner/s2 is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::444455556666:role/datalake-etl-writer",
      "AccessDenied: Not authorized to perform sts:AssumeRoleWithWebIdentity",
      "User: arn:aws:sts::111122223333:assumed-role/etl-runner/s is not authorized to perform: sts:AssumeRoleWithWebIdentity on resource: arn:aws:iam::111122223333:role/x",
      "User: arn:aws-cn:sts::111122223333:assumed-role/a/b is not authorized to perform: sts:AssumeRole on resource: arn:aws-cn:iam::111122223333:role/path/cn-role",
    ];
    expect(chainedTargets(lines)).toEqual([
      "arn:aws:iam::444455556666:role/datalake-etl-writer",
      "arn:aws-cn:iam::111122223333:role/path/cn-role",
    ]);
  });
});
