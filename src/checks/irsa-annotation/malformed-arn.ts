// irsa_annotation.malformed_arn: the service account's eks.amazonaws.com/role-arn annotation is present but
// is not a role ARN STS accepts (extra colons, a bare role name, quotes or whitespace carried into the value),
// so every AssumeRoleWithWebIdentity call fails with "Request ARN is invalid" whatever the trust policy says.

import type { Check, Finding, ReportEvidence } from "../types.js";
import type { Facts } from "../../diagnosis/facts/index.js";
import type { Snapshot } from "../../snapshot/types.js";
import { validateRoleArn, type RoleArnProblemCode } from "../../iam/index.js";
import { annotateServiceAccount, restartPods, roleArnHint } from "../actions.js";
import { logEvidence, podIdentityEnvEvidence, saConfigEvidence } from "../evidence.js";
import { trustedRoleFor } from "../trusted-role.js";
import { causeMeta } from "../../causes.js";

/** The short reason for the one-sentence detail; the validator's own text goes into the evidence. */
const REASON: Record<RoleArnProblemCode, string> = {
  empty: "is empty",
  surrounding_whitespace: "has leading or trailing whitespace",
  surrounding_quotes: "has quote characters inside the value",
  role_name_not_arn: "is a role name, not a role ARN",
  not_an_arn: "is not an ARN",
  extra_colons: "has an extra ':'",
  missing_colons: "is missing a ':'",
  unknown_partition: "names a partition that does not exist",
  wrong_service: "is not an IAM role ARN",
  region_not_empty: "names a region, which role ARNs never have",
  bad_account: "does not name a 12-digit account id",
  missing_role_prefix: 'lacks "role/" before the role name',
  not_a_role: "names an IAM entity that is not a role",
  bad_role_name: "ends in an invalid role name",
  bad_role_path: "has an invalid role path",
};

export const check: Check = {
  ...causeMeta("irsa_annotation.malformed_arn"),
  run(s: Snapshot, f: Facts): Finding | null {
    // Without the service account, the injected env is the same value the webhook copied from it.
    const fromAnnotation = typeof f.workload.roleArnAnnotation === "string";
    const value = fromAnnotation ? f.workload.roleArnAnnotation : f.workload.injectedRoleArn;
    if (typeof value !== "string") return null;
    const hints = f.aws.account ? { account: f.aws.account, partition: f.aws.partition } : { partition: f.aws.partition };
    const result = validateRoleArn(value, hints);
    if (result.ok) return null;

    const sa = `${f.workload.namespace}/${f.workload.serviceAccountName ?? "<service-account>"}`;
    const trusted = trustedRoleFor(s, f);
    const corrected = result.suggestion ?? trusted;
    const where = fromAnnotation
      ? `eks.amazonaws.com/role-arn annotation of ServiceAccount ${sa}`
      : `AWS_ROLE_ARN of pod ${f.pod?.metadata.name ?? "(unknown)"}`;
    const evidence: ReportEvidence[] = [
      ...logEvidence(f, ["irsa_annotation.malformed_arn"]),
      ...saConfigEvidence(s, f),
      { type: fromAnnotation ? "sa_config" : "pod_spec", content: `${where}: ${result.problem}` },
      ...(fromAnnotation ? podIdentityEnvEvidence(s, f) : []),
    ];
    if (trusted) evidence.push({ type: "trust_policy", content: `Role ${trusted} trusts ${f.workload.subject}` });
    const toConfirm: string[] = [];
    if (!corrected) {
      toConfirm.push(
        result.code === "role_name_not_arn"
          ? "the AWS account id of the role (aws sts get-caller-identity, or account: in target.yaml), to build the full ARN"
          : "the intended role's ARN (aws iam get-role --role-name <name> --query Role.Arn)",
      );
    }
    const fixTo = corrected ?? roleArnHint(f);
    return {
      causeId: "irsa_annotation.malformed_arn",
      confidence: "high",
      detail: `The ${where} (${JSON.stringify(value)}) ${REASON[result.code]}, so STS rejects it as an invalid ARN${corrected ? `; it should read ${corrected}` : ""}`,
      evidence,
      immediate: `Operator: set eks.amazonaws.com/role-arn on ServiceAccount ${sa} to ${corrected ?? `the full role ARN (${roleArnHint(f)})`}, then restart the pods so the webhook injects the corrected AWS_ROLE_ARN.`,
      actions: [
        annotateServiceAccount(f, fixTo),
        restartPods(s, f, "AWS_ROLE_ARN is copied from the annotation only when a pod is created"),
      ],
      toConfirm,
    };
  },
};
