// Generates a fleet bundle with known truth, for bench/audit.mjs and test/audit: N service accounts in
// namespaces of 50, each with one pod, built from the healthy bundled scenarios' own objects (so pods,
// webhooks and the agent look as on a real cluster) and then broken in one way each, by index:
// healthy IRSA, healthy Pod Identity, trust subject of another service account, a deleted role, a
// malformed ARN, a Pod Identity role without sts:TagSession, a trust policy for another cluster's issuer,
// and a service account with no role at all (not a binding). One node of 20 has no agent pod: Pod Identity
// pods scheduled there are pod_identity.agent_not_running, a cluster-wide cause.
// Writes target.yaml, k8s/ (kubectl get sa,pods -A -o json and the cluster objects) and aws/ (list-roles
// with every trust policy, associations listed and described, the cluster, its provider).

import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";

const SCENARIOS = fileURLToPath(new URL("../fixtures/scenarios/", import.meta.url));
const ACCOUNT = "111122223333";
const NODES = 20;
const NO_AGENT_NODE = NODES - 1;
const SA_PER_NS = 50;
const SA_PER_FILE = 1000;

/** The truth per index: what the audit must say for service account i (null: not a binding). */
export const KINDS = [
  "healthy-irsa", "healthy-irsa", "healthy-pi", "trust_policy.subject_mismatch", "irsa_annotation.role_not_found",
  "irsa_annotation.malformed_arn", "pod_identity.trust_policy", "trust_policy.issuer_mismatch", "unbound", "healthy-irsa",
];

const read = async (p) => parse(await readFile(join(SCENARIOS, p), "utf8"));
const json = async (p) => JSON.parse(await readFile(join(SCENARIOS, p), "utf8"));
const clone = (o) => structuredClone(o);

function retarget(pod, ns, sa, podName, node) {
  pod.metadata = { ...pod.metadata, name: podName, namespace: ns, uid: `uid-${podName}`, ownerReferences: undefined, labels: { app: sa } };
  delete pod.metadata.ownerReferences;
  pod.spec.serviceAccount = sa;
  pod.spec.serviceAccountName = sa;
  pod.spec.nodeName = node;
  return pod;
}

function setEnv(pod, name, value) {
  for (const c of pod.spec.containers) for (const e of c.env ?? []) if (e.name === name) e.value = value;
}

export async function generateFleet(dir, count) {
  const irsaPod = await read("healthy--irsa/k8s/pod-payments-api-7d9c8b6f5-x2k4q.yaml");
  const piPod = (await read("healthy--pod-identity/k8s/pods-orders.yaml")).items[0];
  const agentList = (await read("healthy--irsa/k8s/kube-system-eks-pod-identity-agent.yaml")).items;
  const webhooks = await read("healthy--irsa/k8s/mutatingwebhookconfigurations.yaml");
  const node = await json("healthy--irsa/k8s/node-ip-10-0-42-17.json");
  const irsaRole = (await json("healthy--irsa/aws/iam-get-role-payments-api-irsa.json")).Role;
  const piRole = (await json("healthy--pod-identity/aws/iam-get-role-orders-worker-pod-identity.json")).Role;
  const cluster = await json("healthy--irsa/aws/eks-describe-cluster-prod-eu.json");
  const issuerHost = cluster.cluster.identity.oidc.issuer.replace("https://", "");
  const otherHost = issuerHost.replace(/id\/.*/, "id/0123456789ABCDEF0123456789ABCDEF");

  const nodeNames = Array.from({ length: NODES }, (_, n) => `ip-10-1-${n}-1.eu-west-1.compute.internal`);
  const ds = clone(agentList.find((o) => o.kind === "DaemonSet"));
  // The last node carries a taint the agent does not tolerate: the DaemonSet is fully ready on the others.
  ds.status = { ...ds.status, desiredNumberScheduled: NODES - 1, currentNumberScheduled: NODES - 1, numberReady: NODES - 1, numberAvailable: NODES - 1, numberUnavailable: 0 };
  const agentPodTemplate = agentList.find((o) => o.kind === "Pod");
  const agents = nodeNames.slice(0, NO_AGENT_NODE).map((n, i) => {
    const p = clone(agentPodTemplate);
    p.metadata.name = `eks-pod-identity-agent-${String(i).padStart(5, "0")}`;
    p.metadata.uid = `uid-agent-${i}`;
    p.spec.nodeName = n;
    return p;
  });
  const nodes = nodeNames.map((n) => ({ ...clone(node), kind: "Node", apiVersion: "v1", metadata: { ...clone(node.metadata), name: n, uid: `uid-${n}` } }));

  const items = [];
  const roles = [];
  const associations = [];
  const truth = new Map();
  const namespaces = new Set();
  for (let i = 0; i < count; i++) {
    const kind = KINDS[i % KINDS.length];
    const ns = `team-${String(Math.floor(i / SA_PER_NS)).padStart(4, "0")}`;
    namespaces.add(ns);
    const sa = `app-${String(i).padStart(5, "0")}`;
    const nodeIndex = Math.floor(i / KINDS.length) % NODES;
    const roleName = `${ns}-${sa}`;
    const roleArn = `arn:aws:iam::${ACCOUNT}:role/${roleName}`;
    const saObj = { apiVersion: "v1", kind: "ServiceAccount", metadata: { name: sa, namespace: ns, uid: `uid-sa-${i}`, creationTimestamp: "2024-01-01T00:00:00Z" } };
    const pi = kind === "healthy-pi" || kind === "pod_identity.trust_policy";
    const pod = retarget(clone(pi ? piPod : irsaPod), ns, sa, `${sa}-7d9c8b6f5-x${i}`, nodeNames[nodeIndex]);
    let expected = kind.startsWith("healthy") ? "healthy" : kind;
    if (kind === "unbound") {
      expected = null;
      pod.spec.containers = pod.spec.containers.map((c) => ({ ...c, env: (c.env ?? []).filter((e) => !e.name.startsWith("AWS_ROLE") && !e.name.startsWith("AWS_WEB")) }));
    } else if (pi) {
      const id = `a-${String(i).padStart(17, "0")}`;
      associations.push({ clusterName: "prod-eu", namespace: ns, serviceAccount: sa, roleArn, associationArn: `arn:aws:eks:eu-west-1:${ACCOUNT}:podidentityassociation/prod-eu/${id}`, associationId: id });
      const role = { ...clone(piRole), RoleName: roleName, Arn: roleArn };
      if (kind === "pod_identity.trust_policy") role.AssumeRolePolicyDocument.Statement[0].Action = "sts:AssumeRole";
      roles.push(role);
      if (nodeIndex === NO_AGENT_NODE) expected = "pod_identity.agent_not_running";
    } else {
      const annotated = kind === "irsa_annotation.malformed_arn" ? `arn:aws:iam:::${ACCOUNT}:role/${roleName}` : roleArn;
      saObj.metadata.annotations = { "eks.amazonaws.com/role-arn": annotated };
      setEnv(pod, "AWS_ROLE_ARN", annotated);
      const role = { ...clone(irsaRole), RoleName: roleName, Arn: roleArn };
      const cond = role.AssumeRolePolicyDocument.Statement[0].Condition.StringEquals;
      const host = kind === "trust_policy.issuer_mismatch" ? otherHost : issuerHost;
      role.AssumeRolePolicyDocument.Statement[0].Principal.Federated = `arn:aws:iam::${ACCOUNT}:oidc-provider/${host}`;
      role.AssumeRolePolicyDocument.Statement[0].Condition.StringEquals = {
        [`${host}:sub`]: `system:serviceaccount:${ns}:${kind === "trust_policy.subject_mismatch" ? `${sa}-old` : sa}`,
        [`${host}:aud`]: Object.values(cond).find((v) => v === "sts.amazonaws.com") ?? "sts.amazonaws.com",
      };
      if (kind !== "irsa_annotation.role_not_found") roles.push(role);
    }
    truth.set(`${ns}/${sa}`, expected);
    items.push(saObj, pod);
  }

  await mkdir(join(dir, "k8s"), { recursive: true });
  await mkdir(join(dir, "aws"), { recursive: true });
  await writeFile(join(dir, "target.yaml"), `cluster: prod-eu\nregion: eu-west-1\naccount: "${ACCOUNT}"\n`);
  // In files of 1,000 service accounts and their pods: one `kubectl get sa,pods -A -o json` of 10,000 would pass the
  // loader's 32 MB cap on one file, and the bundle (and the emulator serving it) would silently hold none of them.
  for (let start = 0, part = 0; start < items.length; start += 2 * SA_PER_FILE, part++) {
    const name = `k8s/sa-pods-all-namespaces-${String(part).padStart(3, "0")}.json`;
    await writeFile(join(dir, name), JSON.stringify({ apiVersion: "v1", kind: "List", items: items.slice(start, start + 2 * SA_PER_FILE) }));
  }
  const nsObjs = [...namespaces, "kube-system"].map((n) => ({ apiVersion: "v1", kind: "Namespace", metadata: { name: n, uid: `uid-ns-${n}` } }));
  await writeFile(join(dir, "k8s/cluster.json"), JSON.stringify({ apiVersion: "v1", kind: "List", items: [...nsObjs, ...nodes, ds, ...agents, ...webhooks.items] }));
  for (const f of ["eks-describe-cluster-prod-eu.json", "iam-list-open-id-connect-providers.json", "iam-get-open-id-connect-provider.json", "sts-get-caller-identity.json", "eks-describe-addon-eks-pod-identity-agent.json"]) {
    await writeFile(join(dir, "aws", f), await readFile(join(SCENARIOS, "healthy--irsa/aws", f)));
  }
  await writeFile(join(dir, "aws/iam-list-roles.json"), JSON.stringify({ Roles: roles }));
  await writeFile(join(dir, "aws/eks-list-pod-identity-associations.json"), JSON.stringify({ associations: associations.map(({ roleArn: _r, ...a }) => a) }));
  for (const a of associations) await writeFile(join(dir, `aws/eks-describe-pod-identity-association-${a.associationId}.json`), JSON.stringify({ association: a }));
  return { truth, associations: associations.length, roles: roles.length };
}
