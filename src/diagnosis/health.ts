// "Healthy" is a claim like any other and needs its evidence: the whole credential chain for the pod's
// identity mode must have been seen working. When a link could not be seen, the outcome is inconclusive.

import { isFound, valueOf } from "../snapshot/evidence.js";
import type { Snapshot } from "../snapshot/types.js";
import { getLogPattern as patternById } from "../logs/index.js";
import type { Facts } from "./facts/index.js";
import { after, resolvedBy } from "./timeline.js";
import { POD_CREATION_REFUSED } from "../snapshot/select.js";
import { associationMapping } from "./credential-path/path.js";
import { builtInAgent } from "../snapshot/built-in-agent.js";
import { parseArn } from "../iam/index.js";
import { roleFacts } from "./facts/aws.js";
import { principalIn } from "./credential-path/attribution.js";

/** Starts a reason of a "healthy" verdict that is a doubt, not a verified link (the report shows it apart). */
export const CAVEAT = "not sure: ";

export interface HealthVerdict {
  healthy: boolean;
  /** How sure "healthy" is: medium when something the checks could not place may stop new pods. */
  confidence?: "high" | "medium";
  /** What was verified (healthy) or what could not be (inconclusive). */
  reasons: string[];
}

function irsaChain(f: Facts): { ok: string[]; unknown: string[] } {
  const ok: string[] = [];
  const unknown: string[] = [];
  const role = f.irsaRole;
  if (role) ok.push(`service account ${f.workload.subject} maps to role ${role.arn}`);
  if (f.workload.injectedRoleArn && f.workload.irsaToken?.mountedAt) {
    ok.push(`the pod has AWS_ROLE_ARN and the web identity token mounted at ${f.workload.irsaToken.mountedAt}`);
  } else unknown.push("the pod's injected AWS_ROLE_ARN and token mount could not be verified");
  if (f.aws.oidc.selfManaged) ok.push(`self-managed cluster: its service-account issuer is ${f.aws.oidc.issuerUrl}`);
  if (f.aws.oidc.provider === "present") ok.push(`IAM OIDC provider ${f.aws.oidc.expectedProviderArn ?? f.aws.oidc.issuerHostPath} exists`);
  else unknown.push("the IAM OIDC provider for the cluster's issuer could not be verified");
  if (f.trust.webIdentity?.decision === "allow")
    ok.push(`the trust policy of ${role?.name} allows sts:AssumeRoleWithWebIdentity for ${f.workload.subject}`);
  else unknown.push(f.trust.webIdentityUnevaluated ?? "the role's trust policy does not allow the pod");
  return { ok, unknown };
}

function podIdentityChain(s: Snapshot, f: Facts): { ok: string[]; unknown: string[] } {
  const ok: string[] = [];
  const unknown: string[] = [];
  const assoc = f.aws.associations?.[0];
  if (assoc) ok.push(`Pod Identity ${associationMapping(assoc, f.workload.subject)}`);
  // Like IRSA's AWS_ROLE_ARN: the association is the account's side; the pod must have been admitted with it.
  const uri = f.workload.containers.find((c) => c.env["AWS_CONTAINER_CREDENTIALS_FULL_URI"]);
  if (uri) ok.push(`container ${uri.name} has AWS_CONTAINER_CREDENTIALS_FULL_URI=${uri.env["AWS_CONTAINER_CREDENTIALS_FULL_URI"]}`);
  else unknown.push("the pod's injected AWS_CONTAINER_CREDENTIALS_FULL_URI could not be verified");
  const agent = valueOf(s.k8s.podIdentityAgent);
  const ready = agent?.status?.numberReady ?? 0;
  if (agent && ready > 0 && ready >= (agent.status?.desiredNumberScheduled ?? 0))
    ok.push(`eks-pod-identity-agent is running (${ready} ready)`);
  else if (builtInAgent(s, f.pod?.spec.nodeName ?? null) === "node")
    ok.push(`node ${f.pod?.spec.nodeName} is an EKS Auto Mode node, which runs the Pod Identity agent itself`);
  else unknown.push("the eks-pod-identity-agent DaemonSet could not be verified as ready");
  const t = f.trust.podIdentity;
  if (t && t.assumeRole.decision === "allow" && t.tagSession.decision === "allow") {
    ok.push(`the trust policy of ${f.podIdentityRole?.name} allows pods.eks.amazonaws.com sts:AssumeRole and sts:TagSession`);
  } else unknown.push("the Pod Identity role's trust policy could not be verified");
  return { ok, unknown };
}

/**
 * CloudTrail calls that failed for the pod's own role, since the pod was created: asking for it
 * (requestParameters.roleArn) or made by one of its sessions. Calls that name neither (the node role
 * fetching credentials for any pod of the node) are not attributed to this pod.
 */
function ownFailedCalls(s: Snapshot, f: Facts): { name: string; time: string; error: string; source: string }[] {
  const trail = s.aws.cloudTrail;
  if (trail.status !== "found") return [];
  const own = new Set([f.irsaRole?.arn, f.podIdentityRole?.arn].filter((a): a is string => typeof a === "string"));
  const created = f.pod?.metadata.creationTimestamp;
  return trail.value.flatMap((e) => {
    const r = e.CloudTrailEvent as {
      errorCode?: string;
      requestParameters?: { roleArn?: string };
      userIdentity?: { sessionContext?: { sessionIssuer?: { arn?: string } } };
    };
    const mine = own.has(r.requestParameters?.roleArn ?? "") || own.has(r.userIdentity?.sessionContext?.sessionIssuer?.arn ?? "");
    if (!r.errorCode || !mine || after(created, e.EventTime)) return [];
    return [{ name: e.EventName, time: e.EventTime, error: r.errorCode, source: trail.source }];
  });
}

/**
 * The roles the pod's credentials chain to in another account, whose trust or permissions the evidence lacks: a
 * Pod Identity association's target role (EKS Auth assumes it with the association role's session), or a role of
 * another account the pod's own log names a session of (the application's chained sts:AssumeRole). IAM reads a role
 * only with credentials of its account, so a collection run in the cluster's account usually cannot read it: that
 * link of the chain then rests on the pod's success alone, and "healthy" says so at medium.
 */
function unreadChainTargets(s: Snapshot, f: Facts): string[] {
  const own = new Set([f.irsaRole?.arn, f.podIdentityRole?.arn].filter((a): a is string => typeof a === "string"));
  const ownAccounts = new Set([...own].map((a) => parseArn(a)?.account).filter((a): a is string => !!a));
  const targets = new Map<string, string>();
  const target = f.aws.associations?.[0]?.targetRoleArn;
  if (target) targets.set(target, "the Pod Identity association's target role");
  for (const m of f.logMatches) {
    const p = principalIn(m.text);
    const account = p?.kind === "assumed_role" ? parseArn(p.arn)?.account : undefined;
    if (!p?.role || !account || ownAccounts.has(account)) continue;
    const arn = `arn:${parseArn(p.arn)?.partition ?? "aws"}:iam::${account}:role/${p.role}`;
    if (!own.has(arn) && !targets.has(arn)) targets.set(arn, `a role the pod's log shows it working as (${m.file}:${m.line})`);
  }
  return [...targets].flatMap(([arn, what]) => {
    const name = parseArn(arn)?.resource.split("/").pop() ?? "";
    const role = roleFacts(s, arn, name);
    const permissions = s.aws.rolePermissions[name];
    const unread = [
      ...(role.evidence.status === "found" ? [] : ["trust policy"]),
      ...(role.evidence.status === "found" && permissions?.status === "found" ? [] : ["permissions"]),
    ];
    if (unread.length === 0) return [];
    const account = parseArn(arn)?.account ?? "?";
    const why =
      role.evidence.status === "unavailable" || role.evidence.status === "absent" ? ` (${role.evidence.detail ?? "not found"})` : "";
    return [
      `${CAVEAT}the pod's credentials chain to ${arn}, ${what}, in account ${account}; its ${unread.join(" and ")} could not be read${why}, so that link rests on the pod's own success: read it with credentials of account ${account} (aws iam get-role --role-name ${name}; aws iam list-attached-role-policies --role-name ${name})`,
    ];
  });
}

/** The newest refusal to create a pod in the namespace after the running pod was created, in one sentence; null if none. */
function refusedPodCreations(s: Snapshot, f: Facts): string | null {
  const created = f.pod?.metadata.creationTimestamp;
  const events = (valueOf(s.k8s.events) ?? []).filter(
    (e) =>
      e.type === "Warning" && POD_CREATION_REFUSED.test(e.message ?? "") && !after(created, e.lastTimestamp ?? e.eventTime ?? undefined),
  );
  const e = events[events.length - 1];
  if (!e) return null;
  const when = e.lastTimestamp ?? e.eventTime ?? "";
  return `${CAVEAT}the API server refused to create a pod in namespace ${f.workload.namespace} (${e.involvedObject.kind}/${e.involvedObject.name}, ${when}: ${e.message}) and no check explains it: new pods of this workload may not start`;
}

/**
 * The Pod Identity agent's own failures (it cannot bind its address, it is not running) are on the path of Pod Identity
 * pods only: an IRSA pod's SDK exchanges its web identity token with STS and never calls the agent, so an agent that
 * fails beside it (an add-on installed where the node serves the agent, a port taken) says nothing of its credentials.
 */
function offPath(f: Facts, patternId: string): boolean {
  return f.mode === "irsa" && patternId.startsWith("pod_identity_agent.");
}

export function healthVerdict(s: Snapshot, f: Facts): HealthVerdict {
  if (!isFound(s.k8s.pod) && !isFound(s.k8s.serviceAccount)) {
    return { healthy: false, reasons: ["neither the pod nor its service account is in the evidence"] };
  }
  // Errors from before a fix that later calls succeeded after are history, not a current failure.
  const history = resolvedBy(f.timeline);
  const settled = history?.success ? history : null;
  const errors = f.logMatches.filter(
    (m) =>
      patternById(m.patternId)?.severity === "high" && !(settled && m.time && !after(m.time, settled.fix.time)) && !offPath(f, m.patternId),
  );
  if (errors.length > 0) {
    return { healthy: false, reasons: [`credential errors in the logs that no check could explain: ${errors[0]?.text}`] };
  }
  // A failed call AWS recorded for the pod's own role is an error too, though the application may have
  // swallowed it (logging only "error getting a token"): unless a fix put it behind, the pod is not shown to work.
  const recorded = ownFailedCalls(s, f).filter((e) => !(settled && !after(e.time, settled.fix.time)));
  if (recorded.length > 0) {
    const e = recorded[0]!;
    return {
      healthy: false,
      reasons: [`a failed call in CloudTrail that no check could explain: ${e.name} at ${e.time}: ${e.error} (${e.source})`],
    };
  }
  const past = settled
    ? [
        `the credential errors (the last at ${settled.lastError.time}) predate ${settled.fix.what} at ${settled.fix.time}; ${settled.success!.what} at ${settled.success!.time}`,
      ]
    : [];
  if (f.mode === "none" || f.mode === "unknown") {
    return {
      healthy: false,
      reasons: [
        f.mode === "none"
          ? `${f.workload.subject ?? "the service account"} has neither an IRSA role nor a Pod Identity association`
          : "how the pod is meant to get credentials could not be determined",
      ],
    };
  }
  const chains = [
    ...(f.mode === "irsa" || f.mode === "both" ? [irsaChain(f)] : []),
    ...(f.mode === "pod_identity" || f.mode === "both" ? [podIdentityChain(s, f)] : []),
  ];
  // The containers themselves must carry the mechanism: a broken hop on any container's own path is no proof.
  const brokenHops = f.credentialPaths.flatMap((p) =>
    p.hops.filter((h) => h.status === "broken").map((h) => `container ${p.container}: ${h.name} — ${h.evidence}`),
  );
  // A credential source that may come before the mechanism's, not ruled out by what AWS recorded, is no proof either.
  const contested = f.credentialPaths.flatMap((p) => p.uncertain.map((u) => `container ${p.container}: ${u}`));
  const unknown = [...chains.flatMap((c) => c.unknown), ...brokenHops, ...contested];
  if (unknown.length > 0) return { healthy: false, reasons: unknown };
  // The running pod works, but the API server refused to create a pod in its namespace since, and no check placed
  // the refusal (a webhook's mutation that makes the pod invalid, a policy): new pods may not start.
  const refused = refusedPodCreations(s, f);
  if (refused) return { healthy: true, confidence: "medium", reasons: [...chains.flatMap((c) => c.ok), ...past, refused] };
  // The chain checks out up to a role in another account the evidence could not read: shown working, not verified.
  const unreadTargets = unreadChainTargets(s, f);
  if (unreadTargets.length > 0)
    return { healthy: true, confidence: "medium", reasons: [...chains.flatMap((c) => c.ok), ...past, ...unreadTargets] };
  // A credential complaint of lesser weight ("no credentials found", a provider that failed) that nothing
  // explains: the chain checks out, yet the pod said it lacked credentials.
  const complaint = f.logMatches.find(
    (m) => patternById(m.patternId)?.severity === "medium" && !(settled && m.time && !after(m.time, settled.fix.time)),
  );
  if (complaint)
    return {
      healthy: true,
      confidence: "medium",
      reasons: [
        ...chains.flatMap((c) => c.ok),
        ...past,
        `${CAVEAT}the pod's log says ${JSON.stringify(complaint.text.trim())} (${complaint.file}) and no check explains it`,
      ],
    };
  return { healthy: true, reasons: [...chains.flatMap((c) => c.ok), ...past] };
}
