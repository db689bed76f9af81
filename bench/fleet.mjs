// Generates a fleet bundle with known truth, for bench/audit.mjs and test/audit: N service accounts in
// namespaces of 50, each with one pod, built from the healthy bundled scenarios' own objects (so pods,
// webhooks and the agent look as on a real cluster) and then broken in one way each, by index (KINDS): every
// cause the audit can judge for one binding (trust policy subject, issuer, audience, operator or action; a
// deleted role, a malformed ARN; the token's audience or mount; static keys, a hand-set AWS_ROLE_ARN in the
// Deployment's template, a pod admitted before its annotation or association changed; a Pod Identity role
// without sts:TagSession, a proxy before the agent; the webhook skipping a pod), healthy IRSA and Pod Identity
// bindings, and service accounts with no role at all (not bindings). One node of 23 has no agent pod: Pod
// Identity pods scheduled there are pod_identity.agent_not_running, a cluster-wide cause. The causes that break
// every binding at once are variants of the whole fleet (CLUSTER_KINDS). irsa_annotation.missing is the one
// cause not generated: a service account without annotation or association is not a binding.
// Writes target.yaml, k8s/ (kubectl get sa,pods -A -o json, in one file or in files of 1,000; the cluster objects;
// the webhooks) and aws/ (list-roles with every trust policy, associations listed and described, the cluster, its
// provider).

import { mkdir, open, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";

const SCENARIOS = fileURLToPath(new URL("../fixtures/scenarios/", import.meta.url));
const ACCOUNT = "111122223333";
const NODES = 23;
const NO_AGENT_NODE = NODES - 1;
const SA_PER_NS = 50;
const SA_PER_FILE = 1000;

/** The truth per index: what the audit must say for service account i (null: not a binding). */
export const KINDS = [
  "healthy-irsa",
  "healthy-irsa",
  "healthy-pi",
  "trust_policy.subject_mismatch",
  "irsa_annotation.role_not_found",
  "irsa_annotation.malformed_arn",
  "pod_identity.trust_policy",
  "trust_policy.issuer_mismatch",
  "unbound",
  "healthy-irsa",
  "healthy-irsa",
  "healthy-pi",
  "trust_policy.wrong_operator_or_action",
  "trust_policy.audience_condition_mismatch",
  "token.audience_mismatch",
  "token.not_mounted_or_unreadable",
  "credential_chain.static_keys",
  "pod_identity.agent_proxy",
  "pod_identity.association_missing",
  "irsa_annotation.pod_predates_annotation",
  "credential_chain.role_arn_override",
  "credential_chain.irsa_over_pod_identity",
  "webhook.not_injecting",
  "healthy-irsa",
];

/** Kinds that are Pod Identity bindings (an association, the agent's variables). */
const PI_KINDS = new Set(["healthy-pi", "pod_identity.trust_policy", "pod_identity.agent_proxy", "pod_identity.association_missing"]);

const read = async (p) => parse(await readFile(join(SCENARIOS, p), "utf8"));
const json = async (p) => JSON.parse(await readFile(join(SCENARIOS, p), "utf8"));
const clone = (o) => structuredClone(o);

function retarget(pod, ns, sa, podName, node) {
  pod.metadata = {
    ...pod.metadata,
    name: podName,
    namespace: ns,
    uid: `uid-${podName}`,
    ownerReferences: undefined,
    labels: { app: sa },
    creationTimestamp: POD_CREATED,
  };
  delete pod.metadata.ownerReferences;
  pod.spec.serviceAccount = sa;
  pod.spec.serviceAccountName = sa;
  pod.spec.nodeName = node;
  return pod;
}

function setEnv(pod, name, value) {
  for (const c of pod.spec.containers) for (const e of c.env ?? []) if (e.name === name) e.value = value;
}

const addEnv = (pod, ...env) => {
  for (const c of pod.spec.containers) c.env = [...(c.env ?? []), ...env];
};
const dropEnv = (pod, re) => {
  for (const c of pod.spec.containers) c.env = (c.env ?? []).filter((e) => !re.test(e.name));
};

/** Every pod is created at POD_CREATED; associations and annotations are dated around it. */
const POD_CREATED = "2024-05-14T09:05:12Z";
const ASSOCIATED_LONG_AGO = { createdAt: "2024-01-01T00:00:00Z", modifiedAt: "2024-01-01T00:00:00Z" };
const ADMITTED_TOO_SOON = { createdAt: "2024-05-14T09:05:11Z", modifiedAt: "2024-05-14T09:05:11Z" };
const managedAnnotation = (time) => [
  {
    manager: "kubectl-client-side-apply",
    operation: "Update",
    apiVersion: "v1",
    time: "2024-01-01T00:00:00Z",
    fieldsType: "FieldsV1",
    fieldsV1: { "f:metadata": {} },
  },
  {
    manager: "terraform",
    operation: "Update",
    apiVersion: "v1",
    time,
    fieldsType: "FieldsV1",
    fieldsV1: { "f:metadata": { "f:annotations": { "f:eks.amazonaws.com/role-arn": {} } } },
  },
];

/** Breaks a Pod Identity binding in its pod: a proxy in the way, or a pod admitted before its association took effect. */
function breakPodIdentityPod(kind, pod) {
  if (kind === "pod_identity.agent_proxy")
    addEnv(
      pod,
      { name: "HTTP_PROXY", value: "http://proxy.corp.internal:3128" },
      { name: "NO_PROXY", value: "localhost,127.0.0.1,.svc,.cluster.local" },
    );
  if (kind === "pod_identity.association_missing") {
    // Admitted 1 s after the association was created, before it took effect: no agent variables, no token.
    dropEnv(pod, /^AWS_CONTAINER_/);
    for (const c of pod.spec.containers) c.volumeMounts = (c.volumeMounts ?? []).filter((m) => !m.mountPath.includes("eks-pod-identity"));
    pod.spec.volumes = (pod.spec.volumes ?? []).filter((v) => v.name !== "eks-pod-identity-token");
  }
}

/** Breaks an IRSA binding in its pod or service account; returns extra objects (a Deployment) when the kind needs them. */
function breakIrsaPod(kind, x) {
  const { pod, saObj, ns, sa, roleArn, associations, i } = x;
  switch (kind) {
    case "token.audience_mismatch":
      for (const v of pod.spec.volumes ?? [])
        for (const src of v.projected?.sources ?? [])
          if (src.serviceAccountToken?.audience) src.serviceAccountToken.audience = "sts.amazonaws.com.cn";
      return null;
    case "token.not_mounted_or_unreadable":
      // The variables copied into the spec by hand; the webhook then skips the container, so no token is mounted.
      pod.spec.volumes = (pod.spec.volumes ?? []).filter((v) => v.name !== "aws-iam-token");
      for (const c of pod.spec.containers) c.volumeMounts = (c.volumeMounts ?? []).filter((m) => m.name !== "aws-iam-token");
      return null;
    case "credential_chain.static_keys":
      addEnv(
        pod,
        { name: "AWS_ACCESS_KEY_ID", valueFrom: { secretKeyRef: { name: `${sa}-aws`, key: "access-key" } } },
        { name: "AWS_SECRET_ACCESS_KEY", valueFrom: { secretKeyRef: { name: `${sa}-aws`, key: "secret-key" } } },
      );
      return null;
    case "irsa_annotation.pod_predates_annotation": {
      // The annotation moved to a new role after the pod was admitted with the old one (which still exists, but trusts nobody here).
      saObj.metadata.managedFields = managedAnnotation("2024-06-01T10:00:00Z");
      setEnv(pod, "AWS_ROLE_ARN", `${roleArn}-old`);
      x.roles.push({
        ...clone(x.irsaRole),
        RoleName: `${x.roleName}-old`,
        Arn: `${roleArn}-old`,
        AssumeRolePolicyDocument: { Version: "2012-10-17", Statement: [] },
      });
      return null;
    }
    case "credential_chain.role_arn_override": {
      // The Deployment's template sets AWS_ROLE_ARN itself (an application's own variable): the webhook keeps it.
      saObj.metadata.managedFields = managedAnnotation("2024-01-01T00:00:00Z");
      const own = `arn:aws:iam::${ACCOUNT}:role/${x.roleName}-app`;
      setEnv(pod, "AWS_ROLE_ARN", own);
      x.roles.push({
        ...clone(x.irsaRole),
        RoleName: `${x.roleName}-app`,
        Arn: own,
        AssumeRolePolicyDocument: { Version: "2012-10-17", Statement: [] },
      });
      const hash = "5f7d9c8b6";
      const deployment = `${sa}-app`;
      pod.metadata.labels = { ...pod.metadata.labels, "pod-template-hash": hash };
      pod.metadata.ownerReferences = [
        { apiVersion: "apps/v1", kind: "ReplicaSet", name: `${deployment}-${hash}`, uid: `uid-rs-${i}`, controller: true },
      ];
      const container = { ...clone(pod.spec.containers[0]), env: [{ name: "AWS_ROLE_ARN", value: own }] };
      return [
        {
          apiVersion: "apps/v1",
          kind: "Deployment",
          metadata: { name: deployment, namespace: ns, uid: `uid-deploy-${i}`, creationTimestamp: "2024-01-01T00:00:00Z" },
          spec: { template: { metadata: { labels: { app: sa } }, spec: { serviceAccountName: sa, containers: [container] } } },
        },
      ];
    }
    case "credential_chain.irsa_over_pod_identity": {
      // An association was added later; this pod predates it and still carries the IRSA variables, whose role trusts nobody now.
      const id = `a-${String(i).padStart(17, "0")}`;
      associations.push({
        clusterName: "prod-eu",
        namespace: ns,
        serviceAccount: sa,
        roleArn: `${roleArn}-pi`,
        associationArn: `arn:aws:eks:eu-west-1:${ACCOUNT}:podidentityassociation/prod-eu/${id}`,
        associationId: id,
        createdAt: "2024-06-01T10:00:00Z",
        modifiedAt: "2024-06-01T10:00:00Z",
      });
      const role = x.roles.at(-1);
      role.AssumeRolePolicyDocument.Statement[0].Condition.StringEquals[`${x.issuerHost}:sub`] = `system:serviceaccount:${ns}:retired`;
      return null;
    }
    case "webhook.not_injecting":
      // Annotated before the pod was created, yet the pod got neither the variables nor the token: the webhook skipped it.
      saObj.metadata.managedFields = managedAnnotation("2024-01-01T00:00:00Z");
      dropEnv(pod, /^AWS_(ROLE_ARN|WEB_IDENTITY_TOKEN_FILE|STS_REGIONAL_ENDPOINTS)$/);
      pod.spec.volumes = (pod.spec.volumes ?? []).filter((v) => v.name !== "aws-iam-token");
      for (const c of pod.spec.containers) c.volumeMounts = (c.volumeMounts ?? []).filter((m) => m.name !== "aws-iam-token");
      return null;
    default:
      return null;
  }
}

/**
 * Causes that break the cluster rather than one binding, each a variant of the whole fleet (`opts.cluster`): the
 * IAM OIDC provider deleted, or left without the sts.amazonaws.com audience, or the pod-identity-webhook's
 * configuration deleted (pods created since then got nothing). The healthy IRSA bindings then have that cause;
 * the others keep theirs or take it, as the per-pod diagnosis ranks them, so `truth` marks them undefined.
 */
export const CLUSTER_KINDS = ["oidc_provider.missing", "oidc_provider.audience_mismatch", "webhook.not_injecting"];

/** A List as `kubectl get -o json` prints it, written item by item (the whole text is never one string). */
async function writeKubectlList(path, items) {
  const fh = await open(path, "w");
  try {
    await fh.write('{\n    "apiVersion": "v1",\n    "items": [\n');
    for (const [i, item] of items.entries())
      await fh.write(`${JSON.stringify(item, null, 4).replace(/^/gm, "        ")}${i + 1 < items.length ? "," : ""}\n`);
    await fh.write('    ],\n    "kind": "List",\n    "metadata": {\n        "resourceVersion": ""\n    }\n}\n');
  } finally {
    await fh.close();
  }
}

/** `opts.cluster`: a CLUSTER_KINDS variant; `opts.oneFile`: service accounts and pods in one kubectl List. */
export async function generateFleet(dir, count, opts = {}) {
  const clusterCause = opts.cluster ?? null;
  if (clusterCause !== null && !CLUSTER_KINDS.includes(clusterCause)) throw new Error(`generateFleet: no cluster variant ${clusterCause}`);
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
  ds.status = {
    ...ds.status,
    desiredNumberScheduled: NODES - 1,
    currentNumberScheduled: NODES - 1,
    numberReady: NODES - 1,
    numberAvailable: NODES - 1,
    numberUnavailable: 0,
  };
  const agentPodTemplate = agentList.find((o) => o.kind === "Pod");
  const agents = nodeNames.slice(0, NO_AGENT_NODE).map((n, i) => {
    const p = clone(agentPodTemplate);
    p.metadata.name = `eks-pod-identity-agent-${String(i).padStart(5, "0")}`;
    p.metadata.uid = `uid-agent-${i}`;
    p.spec.nodeName = n;
    return p;
  });
  const nodes = nodeNames.map((n) => ({
    ...clone(node),
    kind: "Node",
    apiVersion: "v1",
    metadata: { ...clone(node.metadata), name: n, uid: `uid-${n}` },
  }));

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
    // Nodes cycle with a period prime to the kinds', so every kind lands on the node without an agent.
    const nodeIndex = i % NODES;
    const roleName = `${ns}-${sa}`;
    const roleArn = `arn:aws:iam::${ACCOUNT}:role/${roleName}`;
    const saObj = {
      apiVersion: "v1",
      kind: "ServiceAccount",
      metadata: { name: sa, namespace: ns, uid: `uid-sa-${i}`, creationTimestamp: "2024-01-01T00:00:00Z" },
    };
    const pi = PI_KINDS.has(kind);
    const pod = retarget(clone(pi ? piPod : irsaPod), ns, sa, `${sa}-7d9c8b6f5-x${i}`, nodeNames[nodeIndex]);
    let expected = kind.startsWith("healthy") ? "healthy" : kind;
    if (kind === "unbound") {
      expected = null;
      pod.spec.containers = pod.spec.containers.map((c) => ({
        ...c,
        env: (c.env ?? []).filter((e) => !e.name.startsWith("AWS_ROLE") && !e.name.startsWith("AWS_WEB")),
      }));
    } else if (pi) {
      const id = `a-${String(i).padStart(17, "0")}`;
      associations.push({
        clusterName: "prod-eu",
        namespace: ns,
        serviceAccount: sa,
        roleArn,
        associationArn: `arn:aws:eks:eu-west-1:${ACCOUNT}:podidentityassociation/prod-eu/${id}`,
        associationId: id,
        ...(kind === "pod_identity.association_missing" ? ADMITTED_TOO_SOON : ASSOCIATED_LONG_AGO),
      });
      const role = { ...clone(piRole), RoleName: roleName, Arn: roleArn };
      if (kind === "pod_identity.trust_policy") role.AssumeRolePolicyDocument.Statement[0].Action = "sts:AssumeRole";
      roles.push(role);
      breakPodIdentityPod(kind, pod);
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
      if (kind === "trust_policy.wrong_operator_or_action") role.AssumeRolePolicyDocument.Statement[0].Action = "sts:AssumeRole";
      if (kind === "trust_policy.audience_condition_mismatch")
        role.AssumeRolePolicyDocument.Statement[0].Condition.StringEquals[`${host}:aud`] = "sts.amazonaws.com.cn";
      if (kind !== "irsa_annotation.role_not_found") roles.push(role);
      const other = breakIrsaPod(kind, { pod, saObj, ns, sa, roleArn, roleName, irsaRole, issuerHost, associations, roles, i });
      if (other) items.push(...other);
    }
    if (clusterCause !== null && expected !== null) {
      if (kind === "healthy-irsa") {
        expected = clusterCause;
        if (clusterCause === "webhook.not_injecting")
          breakIrsaPod("webhook.not_injecting", { pod, saObj, ns, sa, roleArn, associations, i });
      } else if (!pi || clusterCause === "webhook.not_injecting") expected = undefined;
    }
    truth.set(`${ns}/${sa}`, expected);
    items.push(saObj, pod);
  }

  await mkdir(join(dir, "k8s"), { recursive: true });
  await mkdir(join(dir, "aws"), { recursive: true });
  await writeFile(join(dir, "target.yaml"), `cluster: prod-eu\nregion: eu-west-1\naccount: "${ACCOUNT}"\n`);
  // `oneFile`: one `kubectl get sa,pods -A -o json`, indented as kubectl prints it (`kind` after `items`): of 10,000
  // service accounts 100 MB, over the loader's cap on a file read whole, so it is read item by item. Otherwise in
  // files of 1,000 service accounts and their pods.
  if (opts.oneFile) await writeKubectlList(join(dir, "k8s/sa-pods.json"), items);
  else
    for (let start = 0, part = 0; start < items.length; start += 2 * SA_PER_FILE, part++) {
      const name = `k8s/sa-pods-all-namespaces-${String(part).padStart(3, "0")}.json`;
      await writeFile(
        join(dir, name),
        JSON.stringify({ apiVersion: "v1", kind: "List", items: items.slice(start, start + 2 * SA_PER_FILE) }),
      );
    }
  const nsObjs = [...namespaces, "kube-system"].map((n) => ({
    apiVersion: "v1",
    kind: "Namespace",
    metadata: { name: n, uid: `uid-ns-${n}` },
  }));
  const keptWebhooks = webhooks.items.filter((w) => clusterCause !== "webhook.not_injecting" || w.metadata.name !== "pod-identity-webhook");
  await writeFile(
    join(dir, "k8s/cluster.json"),
    JSON.stringify({ apiVersion: "v1", kind: "List", items: [...nsObjs, ...nodes, ds, ...agents] }),
  );
  // A typed list, as the API answers it: empty, it still proves that no webhook configuration is there.
  const webhookList = {
    apiVersion: "admissionregistration.k8s.io/v1",
    kind: "MutatingWebhookConfigurationList",
    items: keptWebhooks.map(({ apiVersion: _a, kind: _k, ...w }) => w),
  };
  await writeFile(join(dir, "k8s/mutatingwebhookconfigurations.json"), JSON.stringify(webhookList));
  for (const f of [
    "eks-describe-cluster-prod-eu.json",
    "iam-list-open-id-connect-providers.json",
    "iam-get-open-id-connect-provider.json",
    "sts-get-caller-identity.json",
    "eks-describe-addon-eks-pod-identity-agent.json",
  ]) {
    const doc = await json(`healthy--irsa/aws/${f}`);
    if (clusterCause === "oidc_provider.missing") {
      if (f === "iam-get-open-id-connect-provider.json") continue;
      if (f === "iam-list-open-id-connect-providers.json")
        doc.OpenIDConnectProviderList = doc.OpenIDConnectProviderList.filter((p) => !p.Arn.endsWith(issuerHost));
    }
    if (clusterCause === "oidc_provider.audience_mismatch" && f === "iam-get-open-id-connect-provider.json")
      doc.ClientIDList = ["sigstore"];
    await writeFile(join(dir, "aws", f), JSON.stringify(doc));
  }
  await writeFile(join(dir, "aws/iam-list-roles.json"), JSON.stringify({ Roles: roles }));
  await writeFile(
    join(dir, "aws/eks-list-pod-identity-associations.json"),
    JSON.stringify({ associations: associations.map(({ roleArn: _r, ...a }) => a) }),
  );
  for (const a of associations)
    await writeFile(join(dir, `aws/eks-describe-pod-identity-association-${a.associationId}.json`), JSON.stringify({ association: a }));
  return { truth, associations: associations.length, roles: roles.length };
}
