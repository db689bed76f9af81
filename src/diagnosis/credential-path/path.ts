// The credential path of each container of the target pod: the provider its SDK's default chain selects
// from the settings it really carries, why (which variables and files, which shadow which), the identity the
// chain ends on, and the hops from there to an AWS call, each with its evidence, status and time. Checks
// read this instead of the service account's annotation: a pod uses what its chain picks, not what the
// annotation says.

import { isFound, valueOf } from "../../snapshot/evidence.js";
import type { LogMatch, Pod, Snapshot } from "../../snapshot/types.js";
import { parseArn } from "../../iam/index.js";
import type { AwsFacts, RoleFacts } from "../facts/aws.js";
import type { TrustFacts } from "../facts/trust.js";
import { API_SERVER_AUDIENCE, POD_IDENTITY_AGENT_ADDRESSES, type WorkloadFacts } from "../facts/workload.js";
import { samePath } from "./mounts.js";
import { chainOf, contendersOf, selectProvider, type ProviderKind, type SdkFamily } from "./chains.js";
import { failedCalls, iamUserCallsBy, webIdentityUsage, type Proof } from "./usage.js";
import { containerSources, envLine, type ContainerSources } from "./sources.js";
import { linesOf, principalIn, sdkOfContainer, type SdkEvidence } from "./attribution.js";
import { builtInAgent } from "../../snapshot/built-in-agent.js";

type HopStatus = "ok" | "broken" | "unknown";

interface Hop {
  /** token_file | oidc_provider | trust_policy | permissions | agent | association | static_keys | credentials_file | instance_metadata */
  name: string;
  status: HopStatus;
  evidence: string;
  source?: string;
  /** RFC 3339, when the evidence carries one. */
  time?: string;
}

interface Identity {
  kind: "role" | "iam_user" | "node_role" | "profile" | "none" | "unknown";
  /** Role ARN, IAM user ARN, or a description when the name is not in the evidence. */
  name: string;
  session?: string;
}

export interface ContainerPath {
  container: string;
  init: boolean;
  sdk: { family: SdkFamily; label: string; version: string | null; from: string | null };
  provider: ProviderKind;
  /** Why the chain selected it: the variables and files seen, and what they shadow. */
  why: string[];
  /** Configured providers the selected one shadows (later in the chain). */
  shadowed: ProviderKind[];
  /** Providers that may be configured but cannot be seen (envFrom Secrets, AWS_PROFILE without a file). */
  uncertain: string[];
  /**
   * Configured providers that may come before the selected one (an SDK not identified, a profile named in
   * code) and that the evidence did not rule out: while any is left, the selection is not proven.
   */
  contenders: ProviderKind[];
  /** The evidence that decided between the chain's candidates (CloudTrail, RoleLastUsed, the failing calls); empty when none did. */
  decidedBy: Proof[];
  identity: Identity;
  hops: Hop[];
  /** The container's own recognised log lines. */
  lines: LogMatch[];
  sources: ContainerSources;
}

/** What path.ts needs of the facts (the facts are built from these first). */
export interface PathInputs {
  pod: Pod | undefined;
  workload: WorkloadFacts;
  aws: AwsFacts;
  irsaRole: RoleFacts | null;
  podIdentityRole: RoleFacts | null;
  trust: TrustFacts;
  logMatches: LogMatch[];
  /** The snapshot file the pod came from, for hops the pod spec proves. */
  podSource?: string;
}

export const PROVIDER_NAMES: Record<ProviderKind, string> = {
  env_static: "static keys in the environment",
  web_identity: "web identity token (IRSA)",
  profile: "shared credentials / config file",
  container: "container credentials endpoint (EKS Pod Identity)",
  imds: "EC2 instance metadata (the node's role)",
};

function whyLines(c: ContainerSources): string[] {
  const out: string[] = [];
  const show = (names: string[]) =>
    names
      .map((n) => c.env.get(n))
      .filter((e) => e !== undefined)
      .map((e) => envLine(e));
  const keys = show(["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"]);
  if (keys.length > 0) out.push(`static keys: ${keys.join(", ")}`);
  const irsa = show(["AWS_ROLE_ARN", "AWS_WEB_IDENTITY_TOKEN_FILE"]);
  if (irsa.length > 0) out.push(`web identity: ${irsa.join(", ")}`);
  const container = show([
    "AWS_CONTAINER_CREDENTIALS_FULL_URI",
    "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
    "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE",
  ]);
  if (container.length > 0) out.push(`container endpoint: ${container.join(", ")}`);
  const profile = show(["AWS_PROFILE", "AWS_SHARED_CREDENTIALS_FILE", "AWS_CONFIG_FILE"]);
  if (profile.length > 0 || c.files.length > 0) {
    out.push(`shared files: ${[...profile, ...c.files.map((f) => `${f.mountPath} mounted from ${f.from}`)].join(", ")}`);
  }
  if (c.envFrom.length > 0)
    out.push(`envFrom: ${c.envFrom.join(", ")} (keys not in the evidence${c.unread.length ? `: ${c.unread.join("; ")}` : ""})`);
  if (out.length === 0) out.push("no AWS credential variables or credential files: the chain reaches the instance metadata service");
  return out;
}

/**
 * What an association maps the service account to. A cross-account association names a target role that EKS Auth
 * assumes with the association role's session: the pod's credentials are the target's, not the association role's.
 */
export function associationMapping(
  a: { associationId?: string; roleArn?: string; targetRoleArn?: string },
  subject: string | null,
): string {
  const target = a.targetRoleArn
    ? `, which EKS Auth chains to target role ${a.targetRoleArn} (the pod's credentials are the target's)`
    : "";
  return `association ${a.associationId} maps ${subject} to ${a.roleArn ?? "a role"}${target}`;
}

function roleIdentity(arn: string | null, session?: string): Identity {
  return arn ? { kind: "role", name: arn, ...(session ? { session } : {}) } : { kind: "unknown", name: "a role not named in the evidence" };
}

function trustHop(
  decision: TrustFacts["webIdentity"],
  unevaluated: string | null,
  roleName: string | null,
  sameRole: boolean,
  subject: string | null,
): Hop {
  if (!sameRole)
    return {
      name: "trust_policy",
      status: "unknown",
      evidence: `the trust policy of ${roleName ?? "the role"} was not evaluated (it is not the role the service account names)`,
    };
  if (!decision) return { name: "trust_policy", status: "unknown", evidence: unevaluated ?? "the trust policy was not evaluated" };
  return {
    name: "trust_policy",
    status: decision.decision === "allow" ? "ok" : "broken",
    evidence: `the trust policy of ${roleName} ${decision.decision === "allow" ? "allows" : "does not allow"} sts:AssumeRoleWithWebIdentity for ${subject ?? "the pod"}`,
  };
}

function permissionsHop(lines: LogMatch[], roleName: string | null): Hop {
  const denied = lines.find((l) => / is not authorized to perform/.test(l.text));
  const p = denied ? principalIn(denied.text) : null;
  if (denied && p) {
    const same = p.kind === "assumed_role" && roleName !== null && p.role === roleName;
    return {
      name: "permissions",
      status: "broken",
      evidence: same ? `AccessDenied for ${p.arn}` : `AccessDenied names ${p.arn}${roleName ? `, not role ${roleName}` : ""}`,
      source: `${denied.file}:${denied.line}`,
      ...(denied.time ? { time: denied.time } : {}),
    };
  }
  return { name: "permissions", status: "unknown", evidence: "no AccessDenied from this container in the logs" };
}

function webIdentityHops(c: ContainerSources, x: PathInputs, lines: LogMatch[]): { identity: Identity; hops: Hop[] } {
  const arn = c.env.get("AWS_ROLE_ARN")?.value ?? null;
  const file = c.env.get("AWS_WEB_IDENTITY_TOKEN_FILE")?.value ?? null;
  const session = c.env.get("AWS_ROLE_SESSION_NAME")?.value ?? undefined;
  const hops: Hop[] = [];
  const token = x.workload.irsaToken;
  const mounted = file !== null && samePath(token?.mountedAt, file);
  // STS takes the token only for an audience the provider lists; a token without one is the API server's.
  const accepted = x.aws.oidc.details?.ClientIDList;
  const audienceOk = token ? (accepted ? accepted.includes(token.audience) : token.audience !== API_SERVER_AUDIENCE) : false;
  hops.push({
    name: "token_file",
    status: file === null ? "unknown" : mounted && audienceOk ? "ok" : "broken",
    evidence: !mounted
      ? `${file ?? "AWS_WEB_IDENTITY_TOKEN_FILE"} is not a projected service account token mounted in this container`
      : audienceOk
        ? `${file} is projected service account token ${token?.volume} (audience ${token?.audience})`
        : `${file} is projected token ${token?.volume} for audience ${token?.audience}${token?.audience === API_SERVER_AUDIENCE ? " (the API server's own token, not a web identity token)" : ""}, which ${accepted ? `IAM OIDC provider ${x.aws.oidc.details?.Arn} does not accept (it lists ${accepted.join(", ") || "none"})` : "STS does not accept"}`,
    ...(x.pod?.metadata.creationTimestamp ? { time: x.pod.metadata.creationTimestamp } : {}),
    ...(x.podSource ? { source: x.podSource } : {}),
  });
  const roleAccount = arn ? parseArn(arn)?.account : undefined;
  const oidc = x.aws.oidc;
  // The facts judge the provider in the account of the annotated role; another role (a spec override) is not judged.
  const judged = !roleAccount || roleAccount === oidc.account;
  const where = oidc.crossAccount ? ` (the role's account, not the cluster's ${x.aws.account})` : "";
  hops.push({
    name: "oidc_provider",
    status: !judged ? "unknown" : oidc.provider === "present" ? "ok" : oidc.provider === "missing" ? "broken" : "unknown",
    evidence: !judged
      ? `STS looks for an OIDC provider for ${oidc.issuerHostPath ?? "the issuer"} in account ${roleAccount}, whose providers were not judged`
      : oidc.provider === "present"
        ? `IAM OIDC provider ${oidc.expectedProviderArn ?? oidc.issuerHostPath} exists${where}`
        : oidc.provider === "missing"
          ? `no IAM OIDC provider for ${oidc.issuerHostPath} in account ${oidc.account}${where}`
          : `the OIDC providers of account ${oidc.account ?? "(unknown)"} were not read`,
    ...(oidc.details?.CreateDate ? { time: oidc.details.CreateDate } : {}),
  });
  const sameRole = arn !== null && x.irsaRole?.arn === arn;
  const roleName = arn ? (arn.split("/").pop() ?? null) : null;
  hops.push(trustHop(x.trust.webIdentity, x.trust.webIdentityUnevaluated, roleName, sameRole, x.workload.subject));
  hops.push(permissionsHop(lines, roleName));
  return { identity: roleIdentity(arn, session), hops };
}

function containerHops(c: ContainerSources, x: PathInputs, s: Snapshot, lines: LogMatch[]): { identity: Identity; hops: Hop[] } {
  const uri = c.env.get("AWS_CONTAINER_CREDENTIALS_FULL_URI")?.value ?? "";
  const podIdentity = POD_IDENTITY_AGENT_ADDRESSES.some((a) => uri.includes(a));
  if (!podIdentity) {
    return {
      identity: { kind: "unknown", name: `the role served by ${uri || "the container credentials endpoint"}` },
      hops: [
        {
          name: "container_endpoint",
          status: "unknown",
          evidence: `${uri || "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"} is not the EKS Pod Identity agent`,
        },
      ],
    };
  }
  const hops: Hop[] = [];
  const token = x.workload.podIdentityToken;
  const file = c.env.get("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE")?.value ?? null;
  hops.push({
    name: "token_file",
    status: file && token?.mountedAt === file ? "ok" : file ? "broken" : "unknown",
    evidence:
      file && token?.mountedAt === file
        ? `${file} is projected token ${token.volume} (audience ${token.audience})`
        : `${file ?? "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"} is not a mounted projected token`,
    ...(x.pod?.metadata.creationTimestamp ? { time: x.pod.metadata.creationTimestamp } : {}),
  });
  const agent = valueOf(s.k8s.podIdentityAgent);
  const ready = agent?.status?.numberReady ?? 0;
  const desired = agent?.status?.desiredNumberScheduled ?? 0;
  const nodeName = x.pod?.spec.nodeName ?? null;
  const builtIn = !agent && builtInAgent(s, nodeName) === "node";
  hops.push({
    name: "agent",
    status: builtIn ? "ok" : !agent ? "unknown" : ready > 0 && ready >= desired ? "ok" : "broken",
    evidence: builtIn
      ? `node ${nodeName} is an EKS Auto Mode node, which runs the Pod Identity agent itself`
      : agent
        ? `DaemonSet eks-pod-identity-agent: ${ready} of ${desired} ready`
        : "the eks-pod-identity-agent DaemonSet was not collected",
  });
  const assoc = x.aws.associations;
  const first = assoc?.[0];
  hops.push({
    name: "association",
    status: assoc === undefined ? "unknown" : first ? "ok" : "broken",
    evidence:
      assoc === undefined
        ? "the cluster's Pod Identity associations were not read"
        : first
          ? associationMapping(first, x.workload.subject)
          : `no association for ${x.workload.subject}`,
    ...(first?.createdAt ? { time: first.createdAt } : {}),
  });
  const t = x.trust.podIdentity;
  hops.push({
    name: "trust_policy",
    status: !t ? "unknown" : t.assumeRole.decision === "allow" && t.tagSession.decision === "allow" ? "ok" : "broken",
    evidence: !t
      ? "the association role's trust policy was not evaluated"
      : `the trust policy of ${x.podIdentityRole?.name} ${t.assumeRole.decision === "allow" && t.tagSession.decision === "allow" ? "allows" : "does not allow"} pods.eks.amazonaws.com sts:AssumeRole and sts:TagSession`,
  });
  hops.push(permissionsHop(lines, x.podIdentityRole?.name ?? null));
  return { identity: roleIdentity(first?.targetRoleArn ?? x.podIdentityRole?.arn ?? first?.roleArn ?? null), hops };
}

function staticHops(c: ContainerSources, lines: LogMatch[], calls: Proof | null = null): { identity: Identity; hops: Hop[] } {
  const key = c.env.get("AWS_ACCESS_KEY_ID");
  const hops: Hop[] = [
    {
      name: "static_keys",
      status: "ok",
      evidence: key
        ? `AWS_ACCESS_KEY_ID set from ${key.origin}`
        : calls
          ? `${calls.what} (keys from ${c.envFrom.join(", ")})`
          : "static keys in the environment",
      ...(calls?.source ? { source: calls.source } : {}),
      ...(calls?.time ? { time: calls.time } : {}),
    },
  ];
  const named = [...lines.map((l) => l.text), ...(calls ? [calls.what] : [])]
    .map((text) => ({ p: principalIn(text) }))
    .find((x) => x.p?.kind === "iam_user");
  hops.push(permissionsHop(lines, null));
  return {
    identity: named?.p
      ? { kind: "iam_user", name: named.p.arn }
      : { kind: "iam_user", name: `the IAM user whose access key is set from ${key?.origin ?? "the environment"}` },
    hops,
  };
}

function profileHops(c: ContainerSources, proof?: Proof): { identity: Identity; hops: Hop[] } {
  const profile = c.env.get("AWS_PROFILE")?.value ?? "default";
  const file = c.files[0];
  const path = c.env.get("AWS_SHARED_CREDENTIALS_FILE")?.value ?? file?.mountPath;
  const hops: Hop[] = [
    {
      name: "credentials_file",
      status: file ? "ok" : "unknown",
      evidence: file
        ? `${path} read from ${file.mountPath}, mounted from ${file.from}`
        : `AWS_PROFILE=${profile} without a credentials file in view`,
    },
  ];
  if (proof)
    hops.push({
      name: "web_identity_unused",
      status: "broken",
      evidence: proof.what,
      ...(proof.source ? { source: proof.source } : {}),
      ...(proof.time ? { time: proof.time } : {}),
    });
  return { identity: { kind: "profile", name: `profile ${profile}${file ? ` in ${path} (${file.from})` : ""}` }, hops };
}

function imdsHops(lines: LogMatch[]): { identity: Identity; hops: Hop[] } {
  const node = lines.map((l) => principalIn(l.text)).find((p) => p?.kind === "assumed_role");
  return {
    identity: node
      ? { kind: "node_role", name: node.arn }
      : { kind: "node_role", name: "the node's instance role (if IMDS is reachable from pods)" },
    hops: [
      {
        name: "instance_metadata",
        status: "unknown",
        evidence: "IMDS reachability from the pod (hop limit, hostNetwork) is not in the evidence",
      },
    ],
  };
}

/** Other pods of the evidence run as the same service account: the role's use is not this pod's alone. */
function sharesRole(s: Snapshot, x: PathInputs): boolean {
  const sa = x.pod?.spec.serviceAccountName ?? "default";
  return (valueOf(s.k8s.pods) ?? []).some(
    (p) => p.metadata.name !== x.pod?.metadata.name && (p.spec.serviceAccountName ?? "default") === sa,
  );
}

/** The container's own line naming an IAM user as the caller, as proof. */
function userLine(lines: readonly LogMatch[]): Proof | null {
  const l = lines.find((m) => principalIn(m.text)?.kind === "iam_user");
  return l ? { type: "credential_finding", what: l.text, source: `${l.file}:${l.line}`, ...(l.time ? { time: l.time } : {}) } : null;
}

/**
 * Between the chain's selection and providers that may come before it, what AWS recorded decides: the web
 * identity role obtained after the pod started keeps the selection; never obtained while calls fail moves it
 * to the contender; neither leaves both open.
 */
function decideContenders(
  s: Snapshot,
  x: PathInputs,
  c: ContainerSources,
  label: string,
  contenders: ProviderKind[],
  selected: ProviderKind,
  lines: LogMatch[],
): { provider: ProviderKind; contenders: ProviderKind[]; why: string[]; uncertain: string[]; proof: Proof[] } {
  const none = { provider: selected, contenders: [], why: [], uncertain: [], proof: [] };
  if (contenders.length === 0 || selected !== "web_identity") return none;
  const names = contenders
    .map((k) =>
      k === "profile" && c.files[0]
        ? `the credentials file ${c.env.get("AWS_SHARED_CREDENTIALS_FILE")?.value ?? c.files[0].mountPath} (${c.files[0].from})`
        : PROVIDER_NAMES[k],
    )
    .join(", ");
  const arn = c.env.get("AWS_ROLE_ARN")?.value ?? null;
  // A refusal naming an IAM user is the container's own word that it called with keys, not a role session.
  const user = userLine(lines);
  if (user) {
    const provider = contenders[0]!;
    return {
      provider,
      contenders: [],
      why: [`${user.what}: the container calls AWS as an IAM user, so it takes ${names}; ${provider} shadows web_identity`],
      uncertain: [],
      proof: [user],
    };
  }
  const usage = arn
    ? webIdentityUsage(s, arn, x.pod?.metadata.creationTimestamp ?? null, failedCalls(s, lines, x.workload.namespace), sharesRole(s, x))
    : null;
  if (usage?.used)
    return { ...none, why: [`${usage.proof.what}: the container takes the web identity, not ${names}`], proof: [usage.proof] };
  const order = "chains that read it first (JavaScript, Rust, C++, .NET v3) or a profile the code names (Go)";
  if (usage) {
    const provider = contenders[0]!;
    return {
      provider,
      contenders: [],
      why: [
        `${usage.proof.what} (${usage.failure.what}): the container takes ${names}, which comes before web identity in ${order}; ${provider} shadows web_identity`,
      ],
      uncertain: [],
      proof: [usage.proof, usage.failure],
    };
  }
  return {
    ...none,
    contenders,
    uncertain: [
      `${names} comes before web identity in ${order}; whether ${label} takes it is not in the evidence (CloudTrail AssumeRoleWithWebIdentity for ${arn ?? "the role"} or its RoleLastUsed would tell)`,
    ],
  };
}

function pathOf(s: Snapshot, x: PathInputs, c: ContainerSources, allLines: LogMatch[]): ContainerPath {
  const sdk: SdkEvidence | null = sdkOfContainer(c.name, allLines, c.image);
  const chain = chainOf(sdk?.family ?? "unknown");
  const { selected, shadowed, skipped } = selectProvider(chain, c.available, c.env.has("AWS_PROFILE"));
  const lines = linesOf(c.name, allLines);
  const why = whyLines(c);
  const decided = decideContenders(s, x, c, chain.label, contendersOf(chain, c.available, selected), selected, lines);
  let provider = decided.provider;
  const overruled = provider !== selected;
  why.push(
    `${chain.label} tries ${chain.order.map((k) => k).join(" > ")} (${chain.source}): ${overruled ? `by that order alone it would select ${selected}` : `it selects ${selected}`}`,
  );
  if (shadowed.length > 0 && !overruled) why.push(`${selected} shadows ${shadowed.join(", ")}`);
  if (skipped.length > 0) why.push(`AWS_PROFILE is set, so ${chain.label} skips the environment keys`);
  const uncertain: string[] = [];
  for (const kind of c.possible) {
    const at = chain.order.indexOf(kind);
    if (at >= 0 && at < chain.order.indexOf(selected)) {
      uncertain.push(
        kind === "env_static"
          ? `${c.envFrom.join(", ")} may define AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, which would come first${c.unread.length ? `: ${c.unread.join("; ")}` : ""}`
          : "AWS_PROFILE names a profile whose file is not in view",
      );
    }
  }
  why.push(...decided.why);
  uncertain.push(...decided.uncertain);
  // A Secret whose keys are unknown may hold static keys: CloudTrail calls as an IAM user by this container's
  // very SDK say it does; the role obtained since the pod started (by this pod alone) rules them out.
  const roleArn = c.env.get("AWS_ROLE_ARN")?.value;
  const since = x.pod?.metadata.creationTimestamp ?? null;
  const keysAhead = c.possible.has("env_static") && chain.order.indexOf("env_static") < chain.order.indexOf(provider);
  const userCalls = keysAhead ? iamUserCallsBy(s, { family: chain.family, version: sdk?.version ?? null }, since) : null;
  if (userCalls) {
    why.push(`${userCalls.what}: the container takes the keys ${c.envFrom.join(", ")} brings in; env_static shadows ${provider}`);
    decided.proof.push(userCalls);
    provider = "env_static";
    uncertain.length = 0;
  } else if (uncertain.length > 0 && decided.contenders.length === 0 && provider === "web_identity" && roleArn && !userLine(lines)) {
    const usage = webIdentityUsage(s, roleArn, since, null, sharesRole(s, x));
    if (usage?.used) {
      why.push(`${usage.proof.what}: the container takes the web identity`);
      uncertain.length = 0;
      decided.proof.push(usage.proof);
    }
  }
  const built =
    provider === "web_identity"
      ? webIdentityHops(c, x, lines)
      : provider === "container"
        ? containerHops(c, x, s, lines)
        : provider === "env_static"
          ? staticHops(c, lines, userCalls)
          : provider === "profile"
            ? profileHops(c, decided.proof[0])
            : imdsHops(lines);
  return {
    container: c.name,
    init: c.init,
    sdk: { family: chain.family, label: chain.label, version: sdk?.version ?? null, from: sdk?.from ?? null },
    provider,
    why,
    shadowed: provider !== selected ? [selected, ...shadowed.filter((k) => k !== provider)] : shadowed,
    uncertain,
    contenders: decided.contenders,
    decidedBy: decided.proof,
    identity: built.identity,
    hops: built.hops,
    lines,
    sources: c,
  };
}

/** One path per container of the pod (init containers first); empty when the pod is not in the evidence. */
export function credentialPaths(s: Snapshot, x: PathInputs): ContainerPath[] {
  const pod = x.pod;
  if (!pod || !isFound(s.k8s.pod)) return [];
  const owners = valueOf(s.k8s.owners) ?? [];
  const containers = [
    ...(pod.spec.initContainers ?? []).map((c) => containerSources(pod, c, true, owners, s.k8s.secretKeys, s.k8s.configMaps)),
    ...pod.spec.containers.map((c) => containerSources(pod, c, false, owners, s.k8s.secretKeys, s.k8s.configMaps)),
  ];
  const withSource: PathInputs = s.k8s.pod.status === "found" ? { ...x, podSource: s.k8s.pod.source } : x;
  return containers.map((c) => pathOf(s, withSource, c, x.logMatches));
}
