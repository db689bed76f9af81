// The AWS half of cluster_health: the EKS cluster itself, its OIDC issuer, the IAM OIDC provider for
// that issuer with the sts.amazonaws.com audience (what IRSA needs), and the eks-pod-identity-agent
// add-on (what Pod Identity needs). Fixes are named as operator actions; nothing here changes anything.

import { isoOf } from "../summaries/time.js";
import { failureOf, item, unknownItem } from "./items.js";
import type { HealthInputs, HealthItem } from "./types.js";

const STS_AUDIENCE = "sts.amazonaws.com";
const SERVING = new Set(["ACTIVE", "UPDATING"]);

export function assessCluster(inputs: HealthInputs, region: string | null): HealthItem {
  const c = inputs.cluster;
  if (!c.ok) {
    if (c.failure.kind === "not_found") {
      return item(
        "cluster",
        "cluster",
        "problem",
        `There is no EKS cluster named ${inputs.clusterName} in region ${region ?? "(unknown)"}: check clusterName and region. ${c.failure.message}`,
      );
    }
    return unknownItem("cluster", "cluster", c.failure);
  }
  const v = c.value;
  const vpc = v.resourcesVpcConfig ?? {};
  const details = {
    arn: v.arn,
    status: v.status ?? null,
    version: v.version ?? null,
    platform_version: typeof v["platformVersion"] === "string" ? (v["platformVersion"] as string) : null,
    endpoint: v.endpoint ?? null,
    endpoint_public_access: vpc.endpointPublicAccess ?? null,
    endpoint_private_access: vpc.endpointPrivateAccess ?? null,
    public_access_cidrs: Array.isArray((vpc as Record<string, unknown>)["publicAccessCidrs"])
      ? ((vpc as Record<string, unknown>)["publicAccessCidrs"] as string[])
      : [],
    created_at: isoOf(v["createdAt"]),
  };
  const access = `endpoint ${details.endpoint_public_access ? "public" : "not public"}${details.endpoint_private_access ? " and private" : ""}`;
  if (v.status && !SERVING.has(v.status)) {
    return item(
      "cluster",
      "cluster",
      "problem",
      `Cluster ${v.name} is ${v.status}, not ACTIVE: its API server and token issuing may not serve.`,
      details,
    );
  }
  return item(
    "cluster",
    "cluster",
    "ok",
    `Cluster ${v.name} is ${v.status ?? "(status not reported)"}, Kubernetes ${v.version ?? "?"}, ${access}.`,
    details,
  );
}

export function assessIssuer(inputs: HealthInputs): HealthItem {
  const c = inputs.cluster;
  if (!c.ok)
    return unknownItem("oidc_issuer", "irsa", c.failure, "The issuer comes from the cluster description, which could not be read: ");
  const issuer = c.value.identity?.oidc?.issuer;
  if (!issuer)
    return item(
      "oidc_issuer",
      "irsa",
      "problem",
      `Cluster ${c.value.name} reports no OIDC issuer (identity.oidc.issuer): IRSA tokens cannot be verified by STS.`,
    );
  return item("oidc_issuer", "irsa", "ok", `The cluster's service-account tokens are issued by ${issuer}.`, { issuer });
}

export function assessOidcProvider(inputs: HealthInputs): HealthItem {
  const p = inputs.oidcProvider;
  const issuer = inputs.cluster.ok ? inputs.cluster.value.identity?.oidc?.issuer : undefined;
  if (p === null) {
    const why = failureOf(inputs.cluster);
    return why
      ? unknownItem(
          "oidc_provider",
          "irsa",
          why,
          "Which IAM OIDC provider to look for depends on the cluster's issuer, which could not be read: ",
        )
      : item("oidc_provider", "irsa", "unknown", "The cluster has no OIDC issuer, so there is no IAM OIDC provider to look for.");
  }
  if (!p.ok) {
    if (p.failure.kind === "not_found") {
      return item(
        "oidc_provider",
        "irsa",
        "problem",
        `No IAM OIDC provider exists for the issuer ${issuer ?? "?"}: every AssumeRoleWithWebIdentity from this cluster fails with "No OpenIDConnect provider found". ` +
          `Operator action (irsa-doctor does not run it): eksctl utils associate-iam-oidc-provider --cluster ${inputs.clusterName} --approve. ${p.failure.message}`,
        { issuer: issuer ?? null },
      );
    }
    return unknownItem("oidc_provider", "irsa", p.failure);
  }
  const v = p.value;
  const details = {
    arn: v.Arn,
    url: v.Url,
    client_ids: [...v.ClientIDList].sort(),
    thumbprints: [...v.ThumbprintList].sort(),
    created_at: isoOf(v.CreateDate),
  };
  if (!v.ClientIDList.includes(STS_AUDIENCE)) {
    return item(
      "oidc_provider",
      "irsa",
      "problem",
      `The IAM OIDC provider ${v.Arn} exists but does not list the audience ${STS_AUDIENCE} (client IDs: ${v.ClientIDList.join(", ") || "none"}): STS rejects IRSA tokens with "Incorrect token audience". ` +
        `Operator action: aws iam add-client-id-to-open-id-connect-provider --open-id-connect-provider-arn ${v.Arn} --client-id ${STS_AUDIENCE}.`,
      details,
    );
  }
  return item(
    "oidc_provider",
    "irsa",
    "ok",
    `The IAM OIDC provider ${v.Arn} exists for the cluster's issuer with the audience ${STS_AUDIENCE}.`,
    details,
  );
}

export function assessAddon(inputs: HealthInputs): HealthItem {
  const a = inputs.addon;
  if (!a.ok) {
    if (a.failure.kind !== "not_found") return unknownItem("pod_identity_agent_addon", "pod_identity", a.failure);
    if (inputs.agent.ok) {
      return item(
        "pod_identity_agent_addon",
        "pod_identity",
        "ok",
        `The eks-pod-identity-agent add-on is not installed, but its DaemonSet runs (installed another way); see pod_identity_agent_daemonset.`,
        { installed: false },
      );
    }
    return item(
      "pod_identity_agent_addon",
      "pod_identity",
      "problem",
      `The eks-pod-identity-agent add-on is not installed: pods that rely on Pod Identity associations get no credentials (IRSA pods are unaffected). ` +
        `Operator action: aws eks create-addon --cluster-name ${inputs.clusterName} --addon-name eks-pod-identity-agent.`,
      { installed: false },
    );
  }
  const v = a.value;
  const issues = (v.health?.issues ?? []).map((i) => `${i.code ?? "?"}: ${i.message ?? ""}`.trim()).sort();
  const details = { installed: true, status: v.status ?? null, version: v.addonVersion ?? null, issues };
  if (v.status !== "ACTIVE" || issues.length > 0) {
    return item(
      "pod_identity_agent_addon",
      "pod_identity",
      "problem",
      `The eks-pod-identity-agent add-on is ${v.status ?? "in an unknown state"}${issues.length ? ` (${issues.join("; ")})` : ""}.`,
      details,
    );
  }
  return item(
    "pod_identity_agent_addon",
    "pod_identity",
    "ok",
    `The eks-pod-identity-agent add-on ${v.addonVersion ?? ""} is ACTIVE with no health issues.`.replace("  ", " "),
    details,
  );
}
