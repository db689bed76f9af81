// Operator commands around the eks-pod-identity-agent, fitted to the case (cluster, region, node, agent
// pod). Only the Pod Identity checks use them, so they live here rather than in the shared actions.ts.

import type { Facts } from "../../diagnosis/facts/index.js";
import type { Snapshot } from "../../snapshot/types.js";
import type { OperatorAction } from "../types.js";
import { clusterName } from "../actions.js";
import { AGENT_NAME } from "./context.js";

const region = (s: Snapshot, f: Facts): string => f.aws.region ?? s.target.region ?? "<region>";

export function createAgentAddon(s: Snapshot, f: Facts): OperatorAction {
  return {
    description: `Install the ${AGENT_NAME} EKS add-on on cluster ${clusterName(s, f)}: it runs the node-local agent every Pod Identity pod gets its credentials from (an operator action).`,
    command: `aws eks create-addon --cluster-name ${clusterName(s, f)} --addon-name ${AGENT_NAME} --region ${region(s, f)}`,
    safety: "Install EKS add-on",
  };
}

export function agentRolloutStatus(): OperatorAction {
  return {
    description: `Wait for the ${AGENT_NAME} DaemonSet to have a ready pod on every node (read-only).`,
    command: `kubectl -n kube-system rollout status ds/${AGENT_NAME} --timeout=120s\nkubectl -n kube-system get pods -l app.kubernetes.io/name=${AGENT_NAME} -o wide`,
    safety: "Read-only check",
  };
}

/** The agent pod's logs on the node: the previous container's too when it crash-loops. */
export function agentLogs(
  podName: string | null,
  nodeName: string | null,
  crashed: boolean,
  why = "to see why it does not serve credentials",
): OperatorAction {
  const select = podName
    ? podName
    : `$(kubectl -n kube-system get pods -l app.kubernetes.io/name=${AGENT_NAME} --field-selector spec.nodeName=${nodeName ?? "<node>"} -o name)`;
  const lines = [`kubectl -n kube-system logs ${select} -c ${AGENT_NAME} --tail=200`];
  if (crashed)
    lines.push(
      `kubectl -n kube-system logs ${select} -c ${AGENT_NAME} --previous --tail=200`,
      `kubectl -n kube-system describe pod ${select}`,
    );
  return {
    description: `Read the logs of the ${AGENT_NAME} pod on node ${nodeName ?? "<node>"}${crashed ? ", including the crashed container's" : ""}, ${why} (read-only).`,
    command: lines.join("\n"),
    safety: "Read-only check",
  };
}

export function addonHealth(s: Snapshot, f: Facts): OperatorAction {
  return {
    description: `Read the ${AGENT_NAME} add-on's status and health issues, and update it keeping local changes (PRESERVE) once the issue is understood.`,
    command: `aws eks describe-addon --cluster-name ${clusterName(s, f)} --addon-name ${AGENT_NAME} --query 'addon.[status,addonVersion,health]'\naws eks update-addon --cluster-name ${clusterName(s, f)} --addon-name ${AGENT_NAME} --resolve-conflicts PRESERVE`,
    safety: "Update EKS add-on",
  };
}

/** Why the DaemonSet does not place a pod on the node: taints, its affinity, or the node's labels. */
export function whyNoAgentOnNode(nodeName: string | null): OperatorAction {
  const node = nodeName ?? "<node>";
  return {
    description: `See why the DaemonSet places no agent on node ${node}: its taints against the DaemonSet's tolerations, and the DaemonSet's node affinity (linux, amd64/arm64, not Fargate or hybrid) against the node's labels (read-only).`,
    command: `kubectl describe node ${node} | sed -n '/Taints/,/Unschedulable/p'\nkubectl get node ${node} -L kubernetes.io/os,kubernetes.io/arch,eks.amazonaws.com/compute-type\nkubectl -n kube-system get ds ${AGENT_NAME} -o jsonpath='{.spec.template.spec.affinity}{"\\n"}{.spec.template.spec.tolerations}{"\\n"}'`,
    safety: "Read-only check",
  };
}

export function eksAuthEndpoint(s: Snapshot, f: Facts): string {
  return `com.amazonaws.${region(s, f)}.eks-auth`;
}

/** The PrivateLink endpoint the agent needs in a VPC without internet egress. */
export function createEksAuthEndpoint(s: Snapshot, f: Facts): OperatorAction {
  const vpc = f.aws.cluster?.resourcesVpcConfig?.vpcId ?? "<vpc-id>";
  const config = f.aws.cluster?.resourcesVpcConfig as { subnetIds?: string[]; clusterSecurityGroupId?: string } | undefined;
  const subnets = config?.subnetIds?.length ? config.subnetIds.join(" ") : "<private subnet ids of the nodes>";
  const sg = config?.clusterSecurityGroupId ?? "<security group allowing 443 from the nodes>";
  return {
    description: `Create the EKS Auth interface (PrivateLink) endpoint ${eksAuthEndpoint(s, f)} in VPC ${vpc} with private DNS, in the subnets of the nodes, with a security group that allows HTTPS (443) from the nodes; the agent on each node calls it for every credential request (an operator action).`,
    command: `aws ec2 describe-vpc-endpoints --filters Name=vpc-id,Values=${vpc} Name=service-name,Values=${eksAuthEndpoint(s, f)} --query 'VpcEndpoints[].[VpcEndpointId,State,PrivateDnsEnabled]'\naws ec2 create-vpc-endpoint --vpc-id ${vpc} --vpc-endpoint-type Interface --service-name ${eksAuthEndpoint(s, f)} --subnet-ids ${subnets} --security-group-ids ${sg} --private-dns-enabled`,
    safety: "Create VPC endpoint",
  };
}
