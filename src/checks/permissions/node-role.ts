// The Pod Identity agent runs as the node's role and calls eks-auth:AssumeRoleForPodIdentity with it; a
// node role without that permission (AmazonEKSWorkerNodePolicy grants it) leaves every Pod Identity pod on
// the node without credentials. Same cause as a pod role lacking a permission, one hop up the chain.

import type { Facts } from "../../diagnosis/facts/index.js";
import type { Snapshot } from "../../snapshot/types.js";
import type { Finding } from "../types.js";
import { evaluateIdentityPolicies } from "./identity-policies.js";

const ACTION = "eks-auth:AssumeRoleForPodIdentity";
const WORKER_POLICY = "AmazonEKSWorkerNodePolicy";
const SESSION =
  /assumed-role\/([\w+=,.@-]+)\/([\w+=,.@-]+) is not authorized to perform:? eks-auth:AssumeRoleForPodIdentity(?: on resource:? (arn:[^\s"\\,]+))?/;

export function nodeRoleFinding(s: Snapshot, f: Facts): Finding | null {
  const m = f.logMatches.find((x) => x.patternId === "pod_identity.node_role_denied");
  if (!m) return null;
  const parsed = SESSION.exec(m.text);
  const roleName = parsed?.[1] ?? "<node role>";
  const resource = parsed?.[3] ?? f.aws.cluster?.arn;
  const permsEv = s.aws.rolePermissions[roleName];
  const verdict = permsEv?.status === "found" ? evaluateIdentityPolicies(permsEv.value, ACTION, resource) : null;
  const denied =
    verdict !== null && verdict.decision !== "allow" && verdict.missing.filter((p) => !p.endsWith(`/${WORKER_POLICY}`)).length === 0;
  const partition = f.aws.partition;
  return {
    causeId: "permissions.role_lacks_permission",
    confidence: denied ? "high" : "medium",
    detail: `The node role ${roleName}, which the eks-pod-identity-agent uses, is not allowed ${ACTION}${resource ? ` on ${resource}` : ""}, so the agent cannot fetch credentials for any Pod Identity pod on the node, ${f.workload.namespace}/${f.workload.serviceAccountName} included`,
    evidence: [
      { type: "credential_finding", content: m.text, source: `${m.file}:${m.line}` },
      ...(verdict
        ? verdict.policies.map((p) => ({
            type: "permissions",
            content: `Policy ${p.name} of role ${roleName}: ${p.decision.replace("_", " ")} for ${ACTION}`,
          }))
        : []),
    ],
    immediate: `Operator: attach ${WORKER_POLICY} (or a policy allowing ${ACTION}) to the node role ${roleName}, after review: IAM permission changes are not rated by the runbook.`,
    actions: [
      {
        description: `Attach the AWS managed ${WORKER_POLICY}, which allows ${ACTION}, to node role ${roleName}.`,
        command: `aws iam attach-role-policy --role-name ${roleName} --policy-arn arn:${partition}:iam::aws:policy/${WORKER_POLICY}`,
        safety: "Modify IAM role permissions",
      },
    ],
    toConfirm: denied
      ? []
      : [`aws iam list-attached-role-policies --role-name ${roleName}, to see that no policy of the node role allows ${ACTION}`],
  };
}
