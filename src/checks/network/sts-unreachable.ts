// network.sts_unreachable: the pod's SDK cannot reach STS to exchange its web identity token (DNS, a
// timeout, a refused connection, a proxy), while the IRSA configuration itself is right. Typical of pods in
// private subnets without NAT and without the com.amazonaws.<region>.sts endpoint, of SDKs still calling
// the global sts.amazonaws.com, and of NetworkPolicies that restrict egress.

import type { Facts } from "../../diagnosis/facts/index.js";
import type { LogMatch } from "../../snapshot/types.js";
import type { Check, Confidence, Finding, OperatorAction, ReportEvidence } from "../types.js";
import { restartPods } from "../actions.js";
import { matchEvidence, saConfigEvidence } from "../evidence.js";
import {
  KIND_TEXT,
  egressProbe,
  failureKind,
  isGlobal,
  isVpcEndpoint,
  plainHttp,
  regionalEndpointsAction,
  stsEndpointAction,
  stsHost,
} from "./endpoints.js";
import { causeMeta } from "../../causes.js";

const CAUSE = "network.sts_unreachable";

/**
 * The pod's lines saying STS could not be reached: the cause's own pattern, a proxy error on an STS host, or
 * any credential line (an SDK's wrapper with its 'caused by' chain) whose text shows a request to an STS host
 * failing at the network level.
 */
function stsLines(f: Facts): LogMatch[] {
  return f.logMatches.filter(
    (m) =>
      m.patternId === CAUSE ||
      (m.patternId === "network.proxy_error" && stsHost(m) !== null) ||
      (stsHost(m) !== null && failureKind(m.text) !== "other"),
  );
}

function usesIrsa(f: Facts): boolean {
  return Boolean(f.workload.roleArnAnnotation) || f.workload.injectedRoleArn !== null;
}

export const check: Check = {
  ...causeMeta(CAUSE),
  run(s, f): Finding | null {
    const lines = stsLines(f);
    if (lines.length === 0) return null;
    const irsa = usesIrsa(f);
    const trust = f.trust.webIdentity;

    let confidence: Confidence;
    const toConfirm: string[] = [];
    if (irsa && trust?.decision === "allow") confidence = "high";
    else if (irsa) {
      confidence = "medium";
      toConfirm.push(
        trust
          ? `the role's trust policy also refuses the pod (${trust.decision}): fix that too once STS is reachable`
          : `the role's trust policy admits the pod (${f.trust.webIdentityUnevaluated ?? "not evaluated"})`,
      );
    } else if (f.mode === "pod_identity") {
      confidence = "medium";
      toConfirm.push(
        "the application calls STS itself (Pod Identity credentials do not come from STS): which call fails, and from which container",
      );
    } else {
      confidence = "low";
      toConfirm.push(`how ${f.workload.subject ?? "the pod"} gets credentials: its ServiceAccount and pod spec`);
    }

    const hosts = [...new Set(lines.map(stsHost).filter((h): h is string => h !== null))].sort();
    const host = hosts[0] ?? null;
    const kinds = [...new Set(lines.map((m) => failureKind(m.text)))];
    const how = kinds.map((k) => KIND_TEXT[k]).join("; ");
    const container = f.workload.containers.find((c) => c.env["AWS_ROLE_ARN"]) ?? f.workload.containers[0];
    const regional = container?.env["AWS_STS_REGIONAL_ENDPOINTS"];
    const isPrivate = f.aws.cluster?.resourcesVpcConfig?.endpointPublicAccess === false;

    const notes: string[] = [];
    if (host && isGlobal(host)) {
      notes.push(
        `the SDK calls the global endpoint sts.amazonaws.com${regional ? ` although AWS_STS_REGIONAL_ENDPOINTS=${regional}` : " (AWS_STS_REGIONAL_ENDPOINTS is not set)"}; an STS VPC endpoint only serves sts.${f.aws.region ?? "<region>"}.amazonaws.com`,
      );
    }
    if (host && isVpcEndpoint(host)) notes.push("the SDK is pointed at an STS VPC endpoint: check its security group and state");
    const http = lines.some(plainHttp);
    if (http)
      notes.push(
        `the SDK calls ${host ?? "STS"} over plain HTTP (port 80), which STS does not serve: an option of the application that turns TLS off (an endpoint given as http://, a 'disable SSL' setting) applies to its STS calls too`,
      );
    if (isPrivate) notes.push(`cluster ${f.aws.cluster?.name ?? ""} has a private-only API endpoint, a sign of nodes in private subnets`);
    if (kinds.includes("dns")) notes.push("name resolution fails: check CoreDNS and, with a VPC endpoint, that its private DNS is enabled");

    const evidence: ReportEvidence[] = [...matchEvidence(lines), ...saConfigEvidence(s, f)];
    if (trust?.decision === "allow" && f.irsaRole) {
      evidence.push({
        type: "trust_policy",
        content: `Role ${f.irsaRole.name} trusts ${f.workload.subject}: the configuration is right, the network is not`,
        ...(f.irsaRole.evidence.status === "found" ? { source: f.irsaRole.evidence.source } : {}),
      });
    }
    if (container) {
      const podSource = s.k8s.pod.status === "found" ? { source: s.k8s.pod.source } : {};
      evidence.push({
        type: "pod_spec",
        content: `Container ${container.name}: AWS_STS_REGIONAL_ENDPOINTS=${regional ?? "(not set)"}, AWS_REGION=${container.env["AWS_REGION"] ?? "(not set)"}`,
        ...podSource,
      });
    }
    if (f.aws.cluster?.resourcesVpcConfig) {
      const v = f.aws.cluster.resourcesVpcConfig;
      evidence.push({
        type: "cluster",
        content: `Cluster ${f.aws.cluster.name}: endpointPublicAccess=${String(v.endpointPublicAccess)}, VPC ${v.vpcId ?? "unknown"}`,
        ...(s.aws.cluster.status === "found" ? { source: s.aws.cluster.source } : {}),
      });
    }

    const actions: OperatorAction[] = [egressProbe(host, s, f), stsEndpointAction(host, s, f)];
    if (host && isGlobal(host))
      actions.push(
        regionalEndpointsAction(f),
        restartPods(s, f, "the webhook injects AWS_STS_REGIONAL_ENDPOINTS only when a pod is created"),
      );

    const where = host ?? "the STS endpoint";
    return {
      causeId: CAUSE,
      confidence,
      detail: `Pod ${f.pod?.metadata.name ?? f.workload.subject ?? "(unknown)"} cannot reach ${where} to exchange its token: ${how}${notes.length ? `; ${notes.join("; ")}` : ""}`,
      evidence,
      immediate: http
        ? `Operator: make the application call ${where} over HTTPS: find the setting that turns TLS off for its AWS client (an endpoint given as http://, a 'disable SSL' option) and turn it off, or scope it to the endpoint that needs it; STS is not served on port 80.`
        : `Operator: open the path from the pod to ${where}:443 — in private subnets create the ${`com.amazonaws.${f.aws.region ?? "<region>"}.sts`} interface endpoint with private DNS (or restore NAT egress), and check NetworkPolicies and security groups for egress on 443${host && isGlobal(host) ? "; switch the SDK to the regional endpoint (AWS_STS_REGIONAL_ENDPOINTS=regional)" : ""}.`,
      actions,
      toConfirm,
    };
  },
};
