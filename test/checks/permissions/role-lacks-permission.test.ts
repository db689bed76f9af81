// permissions.role_lacks_permission: an AccessDenied naming the pod's own role session, judged against the
// role's attached and inline policies (high when they lack or deny it, medium when they allow it or are
// not all in the evidence), what the message blames, and the node role lacking eks-auth permissions.

import { describe, expect, it } from "vitest";
import { check } from "../../../src/checks/permissions/role-lacks-permission.js";
import { deriveFacts } from "../../../src/diagnosis/facts/index.js";
import { found, notCollected } from "../../../src/snapshot/evidence.js";
import type { LogMatch, PolicyDocument, Snapshot } from "../../../src/snapshot/types.js";
import { variant } from "../../support/scenarios.js";

const PI = "healthy--pod-identity";
const IRSA = "healthy--irsa";
const ROLE = "payments-api-irsa";
const LOG = "payments-api-7d9c8b6f5-x2k4q/payments-api.log";

const run = (s: Snapshot) => check.run(s, deriveFacts(s));

function denial(
  action: string,
  resource: string,
  because = `because no identity-based policy allows the ${action} action`,
  role = ROLE,
): LogMatch {
  return {
    patternId: "permissions.access_denied",
    file: LOG,
    line: 6,
    text: `api error AccessDenied: User: arn:aws:sts::111122223333:assumed-role/${role}/payments-api-1715677516 is not authorized to perform: ${action} on resource: "${resource}" ${because}`,
    time: null,
    captures: {
      roleName: role,
      sessionName: "payments-api-1715677516",
      action,
      resource,
      account: "111122223333",
      assumedRoleArn: `arn:aws:sts::111122223333:assumed-role/${role}/payments-api-1715677516`,
    },
  };
}
const putObject = denial("s3:PutObject", "arn:aws:s3:::prod-eu-payments-statements/outbox/acct-4471/reconciliation-0514.csv");

function withLogs(s: Snapshot, matches: LogMatch[]): void {
  s.logs = found(
    { files: [...new Set(matches.map((m) => m.file))], matches, counts: Object.fromEntries(matches.map((m) => [m.patternId, 1])) },
    "logs/",
  );
}

function addInline(s: Snapshot, name: string, doc: PolicyDocument): void {
  const perms = s.aws.rolePermissions[ROLE];
  if (perms?.status !== "found") throw new Error("base scenario lacks the role's permissions");
  perms.value.inline.push({ PolicyName: name, Document: doc });
}

describe("permissions.role_lacks_permission", () => {
  it("does not fire on the healthy IRSA and Pod Identity scenarios", async () => {
    expect(run(await variant(IRSA, () => {}))).toBeNull();
    expect(run(await variant(PI, () => {}))).toBeNull();
  });

  it("fires high when the role's policies lack the action, with the statement to add on the key's prefix", async () => {
    const finding = run(await variant(IRSA, (x) => withLogs(x, [putObject])));
    expect(finding?.causeId).toBe("permissions.role_lacks_permission");
    expect(finding?.confidence).toBe("high");
    expect(finding?.detail).toBe(
      `Role ${ROLE} (arn:aws:iam::111122223333:role/${ROLE}) is not allowed s3:PutObject on arn:aws:s3:::prod-eu-payments-statements/outbox/acct-4471/reconciliation-0514.csv: none of its policies allows it (evaluated: payments-statements-s3-read)`,
    );
    const action = finding?.actions[0];
    expect(action?.safety).toBe("Modify IAM role permissions");
    expect(action?.command).toBe(
      `aws iam put-role-policy --role-name ${ROLE} --policy-name allow-s3-putobject --policy-document file://policy.json`,
    );
    expect(action?.policy).toEqual({
      Version: "2012-10-17",
      Statement: [
        { Sid: "AllowS3PutObject", Effect: "Allow", Action: "s3:PutObject", Resource: "arn:aws:s3:::prod-eu-payments-statements/outbox/*" },
      ],
    });
  });

  it("is medium when the role's policies allow the call, pointing at the boundary and the bucket policy", async () => {
    const getObject = denial(
      "s3:GetObject",
      "arn:aws:s3:::prod-eu-payments-statements/2024/05/acct-4471/statement-0512.pdf",
      "with an explicit deny",
    );
    const finding = run(await variant(IRSA, (x) => withLogs(x, [getObject])));
    expect(finding?.confidence).toBe("medium");
    expect(finding?.detail).toContain("its identity policies allow it (payments-statements-s3-read)");
    expect(finding?.actions.map((a) => a.command)).toEqual([
      `aws iam get-role --role-name ${ROLE} --query Role.PermissionsBoundary`,
      "aws s3api get-bucket-policy --bucket prod-eu-payments-statements --query Policy --output text",
    ]);
  });

  it("fires high on a Deny in the role's own inline policy and offers to print it, not to add an Allow", async () => {
    const s = await variant(IRSA, (x) => {
      addInline(x, "deny-writes", {
        Version: "2012-10-17",
        Statement: [{ Sid: "NoWrites", Effect: "Deny", Action: "s3:Put*", Resource: "*" }],
      });
      withLogs(x, [putObject]);
    });
    const finding = run(s);
    expect(finding?.confidence).toBe("high");
    expect(finding?.detail).toContain('a Deny in its own policies applies: deny-writes (inline) statement "NoWrites"');
    expect(finding?.actions[0]?.command).toBe(`aws iam get-role-policy --role-name ${ROLE} --policy-name deny-writes`);
  });

  it("is medium when the role's policies were not collected", async () => {
    const s = await variant(IRSA, (x) => {
      x.aws.rolePermissions[ROLE] = notCollected(`the policies of role ${ROLE}`);
      withLogs(x, [putObject]);
    });
    const finding = run(s);
    expect(finding?.confidence).toBe("medium");
    expect(finding?.toConfirm?.[0]).toContain(`aws iam list-attached-role-policies --role-name ${ROLE}`);
    expect(finding?.actions[0]?.safety).toBe("Modify IAM role permissions");
  });

  it("is medium when an attached policy's document is missing", async () => {
    const s = await variant(IRSA, (x) => {
      const perms = x.aws.rolePermissions[ROLE];
      if (perms?.status !== "found") throw new Error("no permissions");
      perms.value.attached.push({ PolicyName: "AmazonS3FullAccess", PolicyArn: "arn:aws:iam::aws:policy/AmazonS3FullAccess" });
      withLogs(x, [putObject]);
    });
    const finding = run(s);
    expect(finding?.confidence).toBe("medium");
    expect(finding?.toConfirm).toEqual([
      "aws iam get-policy-version for arn:aws:iam::aws:policy/AmazonS3FullAccess (default version), to see they do not allow s3:PutObject either",
    ]);
  });

  it("follows the message when it blames a service control policy", async () => {
    const scp = denial("s3:PutObject", putObject.captures["resource"]!, "with an explicit deny in a service control policy");
    const finding = run(await variant(IRSA, (x) => withLogs(x, [scp])));
    expect(finding?.confidence).toBe("medium");
    expect(finding?.detail).toContain("the message blames a service control policy of the AWS Organization");
    expect(finding?.actions[0]?.command).toBe(
      "aws organizations list-policies-for-target --target-id 111122223333 --filter SERVICE_CONTROL_POLICY",
    );
  });

  it("is medium when the denied session is another role than the pod's", async () => {
    const other = denial("s3:PutObject", putObject.captures["resource"]!, undefined, "payments-batch");
    const finding = run(await variant(IRSA, (x) => withLogs(x, [other])));
    expect(finding?.confidence).toBe("medium");
    expect(finding?.toConfirm?.join(" ")).toContain(`why the call ran as role payments-batch and not as the pod's role ${ROLE}`);
  });

  it("restores the casing of an action a service prints in lower case", async () => {
    const sqs = denial("sqs:sendmessage", "arn:aws:sqs:eu-west-1:111122223333:orders-fulfilled");
    sqs.text = `operation error SQS: SendMessage, ${sqs.text}`;
    const finding = run(await variant(IRSA, (x) => withLogs(x, [sqs])));
    expect((finding?.actions[0]?.policy as PolicyDocument).Statement).toEqual([
      {
        Sid: "AllowSQSSendMessage",
        Effect: "Allow",
        Action: "sqs:SendMessage",
        Resource: "arn:aws:sqs:eu-west-1:111122223333:orders-fulfilled",
      },
    ]);
  });

  it("reports the node role lacking eks-auth:AssumeRoleForPodIdentity for a Pod Identity pod", async () => {
    const m: LogMatch = {
      patternId: "pod_identity.node_role_denied",
      file: "kube-system/eks-pod-identity-agent-q5c8n/eks-pod-identity-agent.log",
      line: 11,
      text: "AccessDeniedException: User: arn:aws:sts::111122223333:assumed-role/eks-node-group-role/i-0def456abc7890123 is not authorized to perform: eks-auth:AssumeRoleForPodIdentity on resource: arn:aws:eks:eu-west-1:111122223333:cluster/prod-eu",
      time: null,
      captures: {},
    };
    const finding = run(await variant(PI, (x) => withLogs(x, [m])));
    expect(finding?.confidence).toBe("medium");
    expect(finding?.detail).toContain(
      "The node role eks-node-group-role, which the eks-pod-identity-agent uses, is not allowed eks-auth:AssumeRoleForPodIdentity",
    );
    expect(finding?.actions[0]?.command).toBe(
      "aws iam attach-role-policy --role-name eks-node-group-role --policy-arn arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy",
    );
  });
});

describe("a chained sts:AssumeRole refused by the target role's trust policy", () => {
  const CHAINED = "permissions.role_lacks_permission--cross-account-chained-assume-role";
  const TARGET = "external-dns-cross-account";
  const CALLER = "arn:aws:iam::222233334444:role/external-dns";
  /** The target's trust as IAM shows it once the role it named was deleted: the unique id where the ARN was saved. */
  const trustNaming = (principal: string) => (s: Snapshot) => {
    const target = s.aws.roles[TARGET];
    if (target?.status !== "found") throw new Error(`${TARGET} expected in the scenario`);
    target.value.AssumeRolePolicyDocument = {
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Principal: { AWS: principal }, Action: "sts:AssumeRole" }],
    };
  };

  it("is the pod's role denied an action by a resource policy: this cause, with the target's trust as the evidence", async () => {
    const finding = run(await variant(CHAINED, trustNaming("arn:aws:iam::999988887777:root")));
    expect(finding?.causeId).toBe("permissions.role_lacks_permission");
    expect(finding?.detail).toContain(`does not trust ${CALLER} for sts:AssumeRole`);
    expect(finding?.evidence.map((e) => e.type)).toContain("trust_policy");
  });

  it("names a deleted principal's unique id in the trust, and puts the caller's ARN back in its place", async () => {
    const stale = "AROAEXAMPLEDELETED0001";
    const finding = run(await variant(CHAINED, trustNaming(stale)));
    expect(finding?.causeId).toBe("permissions.role_lacks_permission");
    expect(finding?.detail).toContain(`names ${stale}, the unique id of a deleted role, and not ${CALLER}`);
    const policy = finding?.actions[0]?.policy as PolicyDocument;
    expect(JSON.stringify(policy)).not.toContain(stale);
    expect(policy.Statement).toEqual([{ Effect: "Allow", Principal: { AWS: CALLER }, Action: "sts:AssumeRole" }]);
    expect(finding?.immediate).toContain(`with ${CALLER} in place of ${stale}`);
  });
});
