// credential_chain.irsa_over_pod_identity: the service account has a Pod Identity association, yet a
// container still carries the IRSA variables and its SDK's chain reaches the web identity token before the
// container provider, so it keeps using the annotated IRSA role. AWS documents it: "If your workloads
// currently use credentials that are earlier in the chain of credentials, those credentials will continue to
// be used even if you configure an EKS Pod Identity association for the same workload"
// (https://docs.aws.amazon.com/eks/latest/userguide/pod-id-how-it-works.html). A pod admitted before the
// association was created keeps its IRSA env until it is re-created (aws/containers-roadmap#2400), and when
// the old IRSA role is then retired its calls fail while the association looks healthy.

import { causeMeta } from "../../causes.js";
import type { Check, Confidence, Finding, ReportEvidence } from "../types.js";
import type { Facts } from "../../diagnosis/facts/index.js";
import type { Snapshot } from "../../snapshot/types.js";
import { after } from "../../diagnosis/timeline.js";
import { restartPods } from "../actions.js";
import { chainEvidence, envEvidence, failing, pathLogEvidence, rank } from "./paths.js";

export const check: Check = {
  ...causeMeta("credential_chain.irsa_over_pod_identity"),
  run(s: Snapshot, f: Facts): Finding | null {
    const associations = f.aws.associations ?? [];
    if (associations.length === 0) return null;
    const p = rank(f.credentialPaths).find((x) => x.provider === "web_identity" && failing(x));
    if (!p) return null;
    const assoc = associations[0]!;
    const created = f.pod?.metadata.creationTimestamp ?? null;
    const predates = assoc.createdAt ? after(assoc.createdAt, created) : false;
    const both = p.shadowed.includes("container");
    // The role trusts EKS Pod Identity and not web identity: the association is what is meant, so the IRSA path
    // is the mistake whatever else it lacks (a missing OIDC provider would not make that role usable).
    const meantForPodIdentity = f.trust.podIdentity?.assumeRole.decision === "allow" && f.trust.webIdentity?.decision !== "allow";
    // Both sets of variables: which one wins is the SDK's chain (JavaScript v2 takes the container endpoint
    // first); an SDK not identified, with nothing recorded of which role it obtained, leaves that open.
    const open = both && p.contenders.includes("container");
    const confidence: Confidence = (predates || both || meantForPodIdentity) && !open ? "high" : "medium";
    const irsaArn = p.identity.kind === "role" ? p.identity.name : (f.irsaRole?.arn ?? "the IRSA role");
    const broken = p.hops.filter((h) => h.status === "broken");
    const evidence: ReportEvidence[] = [
      ...pathLogEvidence(p),
      ...envEvidence(s, f, p, ["AWS_ROLE_ARN", "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_CONTAINER_CREDENTIALS_FULL_URI"]),
      {
        type: "pod_identity",
        content: `Pod Identity association ${assoc.associationId} maps ${f.workload.subject} to ${assoc.roleArn ?? "a role"}${assoc.createdAt ? `, created ${assoc.createdAt}` : ""}${predates ? `, after pod ${f.pod?.metadata.name} was created (${created})` : ""}`,
      },
      ...(meantForPodIdentity
        ? [
            {
              type: "trust_policy",
              content: `the trust policy of ${f.podIdentityRole?.name ?? assoc.roleArn} allows pods.eks.amazonaws.com (EKS Pod Identity) and not sts:AssumeRoleWithWebIdentity for ${f.workload.subject}`,
              ...(f.podIdentityRole?.evidence.status === "found" ? { source: f.podIdentityRole.evidence.source } : {}),
            },
          ]
        : []),
      ...broken.map((h) => ({
        type: "credential_path",
        content: `IRSA hop ${h.name} is broken: ${h.evidence}`,
        ...(h.source ? { source: h.source } : {}),
      })),
      chainEvidence(p),
    ];
    const toConfirm =
      confidence === "high"
        ? []
        : open
          ? [
              `which role container ${p.container} obtains: ${p.uncertain.find((u) => /comes before web identity/.test(u)) ?? "its SDK and CloudTrail's AssumeRoleWithWebIdentity for the IRSA role"}`,
            ]
          : [`when pod ${f.pod?.metadata.name} was created relative to association ${assoc.associationId}`];
    return {
      causeId: "credential_chain.irsa_over_pod_identity",
      confidence,
      detail: `Container ${p.container} of pod ${f.pod?.metadata.name ?? "?"} still carries the IRSA variables${predates ? ` (the pod was created ${created}, before association ${assoc.associationId} on ${assoc.createdAt})` : ""}, and web identity comes before the Pod Identity endpoint in its SDK's chain, so it uses ${irsaArn} instead of ${assoc.roleArn ?? "the association's role"}${broken[0] ? `, whose ${broken[0].name} hop fails` : ""}`,
      evidence,
      immediate: `Operator: re-create the pods of ${f.workload.serviceAccountName} so they are admitted with the Pod Identity association; remove the eks.amazonaws.com/role-arn annotation once no pod needs IRSA.`,
      actions: [
        restartPods(s, f, `pods admitted after association ${assoc.associationId} get the Pod Identity variables instead of the IRSA ones`),
      ],
      toConfirm,
    };
  },
};
