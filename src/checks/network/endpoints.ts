// What an STS connection failure in the logs says, and the operator commands that follow from it: the
// endpoint the SDK dialled (regional, global or a VPC endpoint), how it failed (DNS, timeout, refused,
// proxy), and the VPC endpoint and egress checks fitted to the cluster's VPC.

import type { Facts } from "../../diagnosis/facts/index.js";
import type { LogMatch, Snapshot } from "../../snapshot/types.js";
import type { OperatorAction } from "../types.js";

export type FailureKind = "dns" | "timeout" | "refused" | "reset" | "proxy" | "other";

const KINDS: [FailureKind, RegExp][] = [
  ["proxy", /proxyconnect|Proxy Authentication Required|ProxyConnectionError|to proxy/i],
  [
    "dns",
    /no such host|ENOTFOUND|EAI_AGAIN|UnknownHost|Name or service not known|Temporary failure in name resolution|server misbehaving|lookup /i,
  ],
  ["refused", /connection refused|ECONNREFUSED/i],
  ["reset", /connection reset|reset by peer|ECONNRESET/i],
  ["timeout", /timeout|timed out|ETIMEDOUT|deadline exceeded|Could not connect to the endpoint URL|network is unreachable/i],
];

export function failureKind(text: string): FailureKind {
  return KINDS.find(([, re]) => re.test(text))?.[0] ?? "other";
}

export const KIND_TEXT: Record<FailureKind, string> = {
  dns: "its name does not resolve (DNS)",
  timeout: "connections to it time out",
  refused: "connections to it are refused",
  reset: "its connections are reset (by a firewall or proxy in the path, or an endpoint that does not speak what was sent)",
  proxy: "the HTTP proxy in the way fails",
  other: "it cannot be reached",
};

/** The STS host a line names: the pattern's capture, or the first sts.* host in the text. */
export function stsHost(m: LogMatch): string | null {
  return m.captures["host"] ?? /(?:[a-z0-9-]+\.)*sts(?:-fips)?(?:\.[a-z0-9-]+){0,2}\.amazonaws\.com(?:\.cn)?/.exec(m.text)?.[0] ?? null;
}

export const isGlobal = (host: string): boolean => host === "sts.amazonaws.com";
/** STS answers HTTPS only: a URL with http:// is a client told to drop TLS (an endpoint override, a 'disable SSL' option). */
export const plainHttp = (m: LogMatch): boolean => /\bhttp:\/\/(?:[a-z0-9-]+\.)*sts(?:-fips)?[.a-z0-9-]*\.amazonaws\.com/i.test(m.text);
export const isVpcEndpoint = (host: string): boolean => host.includes(".vpce.");

function regionOf(host: string | null, s: Snapshot, f: Facts): string {
  const fromHost = host ? /sts(?:-fips)?\.([a-z]{2}(?:-gov)?-[a-z]+-\d)\./.exec(host)?.[1] : undefined;
  return fromHost ?? f.aws.region ?? s.target.region ?? "<region>";
}

function vpcConfig(f: Facts): { vpc: string; subnets: string; sg: string } {
  const c = f.aws.cluster?.resourcesVpcConfig as { vpcId?: string; subnetIds?: string[]; clusterSecurityGroupId?: string } | undefined;
  return {
    vpc: c?.vpcId ?? "<vpc-id>",
    subnets: c?.subnetIds?.length ? c.subnetIds.join(" ") : "<private subnet ids of the nodes>",
    sg: c?.clusterSecurityGroupId ?? "<security group allowing 443 from the nodes>",
  };
}

export function stsEndpointAction(host: string | null, s: Snapshot, f: Facts): OperatorAction {
  const region = regionOf(host, s, f);
  const service = `com.amazonaws.${region}.sts`;
  const { vpc, subnets, sg } = vpcConfig(f);
  return {
    description: `Check for, and if missing create, the STS interface endpoint ${service} in VPC ${vpc} with private DNS, in the nodes' subnets, with a security group allowing HTTPS (443) from the nodes, so pods in private subnets reach sts.${region}.amazonaws.com without internet egress (an operator action).`,
    command: `aws ec2 describe-vpc-endpoints --filters Name=vpc-id,Values=${vpc} Name=service-name,Values=${service} --query 'VpcEndpoints[].[VpcEndpointId,State,PrivateDnsEnabled,Groups]'\naws ec2 create-vpc-endpoint --vpc-id ${vpc} --vpc-endpoint-type Interface --service-name ${service} --subnet-ids ${subnets} --security-group-ids ${sg} --private-dns-enabled`,
    safety: "Create VPC endpoint",
  };
}

export function egressProbe(host: string | null, s: Snapshot, f: Facts): OperatorAction {
  const target = host ?? `sts.${regionOf(host, s, f)}.amazonaws.com`;
  const node = f.pod?.spec.nodeName;
  const overrides = node ? ` --overrides='{"apiVersion":"v1","spec":{"nodeName":"${node}"}}'` : "";
  return {
    description: `Test DNS and HTTPS egress to ${target} from the pod's namespace${node ? ` and node ${node}` : ""} with a throw-away pod (it is deleted when it exits), and list the NetworkPolicies that may restrict egress there.`,
    command: `kubectl -n ${f.workload.namespace} run sts-egress-probe --rm -i --restart=Never --image=curlimages/curl${overrides} -- curl -sS -m 10 -o /dev/null -w '%{http_code} in %{time_total}s\\n' https://${target}/\nkubectl -n ${f.workload.namespace} get networkpolicy -o yaml`,
    safety: "Network probe from the cluster",
  };
}

export function regionalEndpointsAction(f: Facts): OperatorAction {
  const sa = f.workload.serviceAccountName ?? "<service-account>";
  return {
    description: `Make the SDK use the regional STS endpoint (the only one an STS VPC endpoint serves): annotate the ServiceAccount so the webhook injects AWS_STS_REGIONAL_ENDPOINTS=regional into pods created from now on.`,
    command: `kubectl annotate serviceaccount ${sa} -n ${f.workload.namespace} eks.amazonaws.com/sts-regional-endpoints=true --overwrite`,
    safety: "Annotate ServiceAccount",
  };
}
