// sdk.falls_back_to_node_role: an AWS call was made with the NODE's instance role (an eksctl/node-group
// role name, or a session named after the EC2 instance), so the SDK in that container never used IRSA or
// Pod Identity. Which container made the call decides the fix: one the webhook skipped (a sidecar named
// in eks.amazonaws.com/skip-containers, an init container) needs the settings; static keys must go; an
// old SDK is sdk.too_old's cause, named here as a candidate. Blocking IMDS for pods stops the silent fallback.

import type { Facts } from "../../diagnosis/facts/index.js";
import { valueOf } from "../../snapshot/evidence.js";
import type { Container, Snapshot } from "../../snapshot/types.js";
import type { Check, Confidence, Finding, OperatorAction, ReportEvidence } from "../types.js";
import { matchEvidence } from "../evidence.js";
import { restartPods, restartTarget } from "../actions.js";
import { containerOfLog, nodeRoleLines } from "./symptoms.js";
import { mechanismOf, oldSdkSightings } from "./versions.js";
import { causeMeta } from "../../causes.js";
import { s3aFallback, webIdentityProviderFor } from "./s3a-provider-list.js";

const CAUSE = "sdk.falls_back_to_node_role";
const SKIP_CONTAINERS = "eks.amazonaws.com/skip-containers";
const IDENTITY_ENV = ["AWS_ROLE_ARN", "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_CONTAINER_CREDENTIALS_FULL_URI"];

interface Caller {
  name: string;
  init: boolean;
  hasIdentityEnv: boolean;
  hasStaticKeys: boolean;
}

function callerOf(c: Container, init: boolean): Caller {
  const names = new Set((c.env ?? []).map((e) => e.name));
  return {
    name: c.name,
    init,
    hasIdentityEnv: IDENTITY_ENV.some((n) => names.has(n)),
    hasStaticKeys: names.has("AWS_ACCESS_KEY_ID") && names.has("AWS_SECRET_ACCESS_KEY"),
  };
}

function callers(f: Facts): Caller[] {
  const spec = f.pod?.spec;
  if (!spec) return [];
  return [...(spec.initContainers ?? []).map((c) => callerOf(c, true)), ...spec.containers.map((c) => callerOf(c, false))];
}

/** The node the denied session belongs to, when the session is named after the pod's node's instance. */
function nodeMatch(s: Snapshot, session: string | undefined): string | null {
  const node = valueOf(s.k8s.node);
  const instance = node?.spec?.providerID?.split("/").pop();
  return node && instance && session === instance ? `${node.metadata.name} (${instance})` : null;
}

function imdsAction(s: Snapshot, f: Facts, session: string | undefined): OperatorAction {
  const instance = valueOf(s.k8s.node)?.spec?.providerID?.split("/").pop() ?? (session?.startsWith("i-") ? session : "<instance-id>");
  return {
    description:
      "Stop pods from falling back to the node's role: require IMDSv2 with a hop limit of 1 so containers cannot reach the instance metadata service (set it in the node group's launch template, MetadataOptions, so new nodes get it; pods with hostNetwork still can).",
    command: `aws ec2 modify-instance-metadata-options --instance-id ${instance} --http-tokens required --http-put-response-hop-limit 1${f.aws.region ? ` --region ${f.aws.region}` : ""}`,
    safety: "Restrict instance metadata (IMDS) for pods",
  };
}

function skipFix(s: Snapshot, f: Facts, container: string, skipped: string[]): OperatorAction {
  const rest = skipped.filter((n) => n !== container);
  const target = restartTarget(s, f);
  const value =
    rest.length > 0
      ? `{"spec":{"template":{"metadata":{"annotations":{"${SKIP_CONTAINERS}":"${rest.join(",")}"}}}}}`
      : `{"spec":{"template":{"metadata":{"annotations":{"${SKIP_CONTAINERS}":null}}}}}`;
  return {
    description: `Let the webhook inject the credentials into container ${container}: drop it from the pod template's ${SKIP_CONTAINERS} annotation (this rolls the pods).`,
    command: target.startsWith("pod/")
      ? `# ${target} has no controller: remove ${container} from its ${SKIP_CONTAINERS} annotation in the manifest and re-create it`
      : `kubectl patch ${target} -n ${f.workload.namespace} --type merge -p '${value}'`,
    safety: "Patch workload pod template",
  };
}

/** Hadoop S3A's own provider list, without web identity, took the node's role: no line names it, the mechanism does. */
function s3aFinding(s: Snapshot, f: Facts): Finding | null {
  const hit = s3aFallback(s, f);
  if (!hit || hit.roleAllows === false) return null;
  const role = f.irsaRole?.arn ?? "the pod's role";
  const provider = webIdentityProviderFor(hit.sdk);
  const allows =
    hit.roleAllows === true
      ? `, although ${role} allows s3:GetObject on it`
      : "; whether the pod's role allows the read is not in the evidence";
  const podSource = s.k8s.pod.status === "found" ? { source: s.k8s.pod.source } : {};
  return {
    causeId: CAUSE,
    // Nothing names the node's role: the provider list and the role's own allowance make the case, not a principal.
    confidence: hit.roleAllows === true ? "medium" : "low",
    detail: `Hadoop S3A in container ${hit.container} of pod ${f.pod?.metadata.name ?? "(unknown pod)"} was refused ${hit.operation} on ${hit.path}${allows}: S3A builds its own credential chain from fs.s3a.aws.credentials.provider, whose default (configuration keys, environment keys, then IAMInstanceCredentialsProvider: the container endpoint, then the instance profile) has no web identity provider, so it ignores the pod's IRSA token and signs as the node's instance role`,
    evidence: [
      ...matchEvidence([hit.line]),
      {
        type: "pod_spec",
        content: `Container ${hit.container}: AWS_WEB_IDENTITY_TOKEN_FILE set, no static keys, and no fs.s3a.aws.credentials.provider naming a web identity provider in its command, args or env`,
        ...podSource,
      },
    ],
    immediate: `Operator: set fs.s3a.aws.credentials.provider to ${provider} (for Spark, spark.hadoop.fs.s3a.aws.credentials.provider in spark-defaults.conf or on spark-submit), then rerun the job. Then require IMDSv2 with hop limit 1 on the nodes so S3A cannot silently use the node's role.`,
    actions: [
      {
        description: `Make S3A use the pod's web identity token: add fs.s3a.aws.credentials.provider=${provider} to the Hadoop configuration the job runs with (Spark: --conf spark.hadoop.fs.s3a.aws.credentials.provider=${provider}, or spark-defaults.conf in the image).`,
        command: `# in spark-defaults.conf (or core-site.xml as fs.s3a.aws.credentials.provider):\nspark.hadoop.fs.s3a.aws.credentials.provider ${provider}`,
        safety: "Modify workload spec",
      },
      imdsAction(s, f, undefined),
    ],
    toConfirm: [
      "the Hadoop configuration the job ran with (spark-defaults.conf, core-site.xml): a fs.s3a.aws.credentials.provider set there, and not in the pod spec, changes the chain",
      ...(hit.roleAllows === true ? [] : [`whether ${role} allows the read of ${hit.path}`]),
    ],
  };
}

/** The container's own log says its Java SDK lacks the STS module (sdk.too_old leaves this case to this check). */
function stsModuleMissing(f: Facts, container: string | undefined): boolean {
  return (
    container !== undefined && f.logMatches.some((m) => m.patternId === "sdk.java_sts_module_missing" && containerOfLog(m) === container)
  );
}

export const check: Check = {
  ...causeMeta(CAUSE),
  run(s, f): Finding | null {
    const denied = nodeRoleLines(f);
    const first = denied[0];
    if (!first) return s3aFinding(s, f);
    const role = first.captures["roleName"] ?? "the node's role";
    const session = first.captures["sessionName"];
    const all = callers(f);
    const byName = new Map(all.map((c) => [c.name, c]));
    const calling = byName.get(containerOfLog(first));
    const podSetUp = all.some((c) => c.hasIdentityEnv);
    const skipped = (f.pod?.metadata.annotations?.[SKIP_CONTAINERS] ?? "")
      .split(",")
      .map((n) => n.trim())
      .filter(Boolean);
    const old = oldSdkSightings(s, f, mechanismOf(f));
    const node = nodeMatch(s, session);
    const podName = f.pod?.metadata.name ?? "(unknown pod)";

    let confidence: Confidence;
    let why: string;
    const actions: OperatorAction[] = [];
    const toConfirm: string[] = [];
    if (calling?.hasStaticKeys) {
      // Keys the SDK took would sign as their IAM user: a node-role session proves they were not taken, so
      // they are not the cause by themselves (a Secret key that is missing or empty leaves the variable unset).
      confidence = "medium";
      why = `container ${calling.name} sets AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, yet the call ran as the node's role, so its SDK did not take them (an unset or empty variable, as a missing or empty Secret key gives, is skipped by the environment provider, or the code builds its own provider)${calling.hasIdentityEnv ? " and ignored the IRSA / Pod Identity settings too" : ", and with no IRSA or Pod Identity settings in the container its chain ends at the instance metadata service"}`;
      const refs = (f.pod ? [...(f.pod.spec.initContainers ?? []), ...f.pod.spec.containers] : [])
        .find((c) => c.name === calling.name)
        ?.env?.filter((e) => e.name === "AWS_ACCESS_KEY_ID" || e.name === "AWS_SECRET_ACCESS_KEY")
        .map((e) => e.name);
      toConfirm.push(
        `whether ${refs?.join(" and ") ?? "the keys"} of container ${calling.name} hold values at run time (kubectl exec into it: env | grep '^AWS_ACCESS_KEY_ID=.'), and whether its code picks a credentials provider itself`,
      );
      actions.push({
        description: `Remove the static keys from container ${calling.name} so its SDK uses the pod's role (keys in a Secret referenced by env must go too).`,
        command: `kubectl set env ${restartTarget(s, f)} -n ${f.workload.namespace} -c ${calling.name} AWS_ACCESS_KEY_ID- AWS_SECRET_ACCESS_KEY- AWS_SESSION_TOKEN-`,
        safety: "Patch workload pod template",
      });
    } else if (calling && !calling.hasIdentityEnv && podSetUp) {
      confidence = "high";
      const reason = skipped.includes(calling.name)
        ? `the pod's ${SKIP_CONTAINERS} annotation names it, so the webhook left it out`
        : calling.init
          ? "it is an init container the webhook did not set up"
          : "the webhook did not set it up (added after the webhook ran, or by another mutating webhook)";
      why = `${calling.init ? "init container" : "container"} ${calling.name} has no AWS_ROLE_ARN / AWS_WEB_IDENTITY_TOKEN_FILE or AWS_CONTAINER_CREDENTIALS_FULL_URI while the pod's other containers do: ${reason}`;
      if (skipped.includes(calling.name)) actions.push(skipFix(s, f, calling.name, skipped));
      else actions.push(restartPods(s, f, `the webhook sets up the containers of a pod when it is created, ${calling.name} included`));
    } else if (!f.pod) {
      // Without the pod, nothing says whether its containers have the settings: the node role in the message is all.
      confidence = "low";
      why =
        "the pod was not collected, so whether its containers carry IRSA or Pod Identity settings is not known: without them the SDK walks down to the instance profile (see the annotation, association and webhook causes), with them an SDK that ignores them does";
      toConfirm.push(
        "kubectl get pod <pod> -o yaml: whether its containers have AWS_ROLE_ARN / AWS_WEB_IDENTITY_TOKEN_FILE or AWS_CONTAINER_CREDENTIALS_FULL_URI",
      );
    } else if (!podSetUp) {
      confidence = "low";
      why =
        "no container of the pod has IRSA or Pod Identity settings, so the pod was never given its own role (see the annotation, association and webhook causes)";
      toConfirm.push(`why ${podName} has no credential settings: its ServiceAccount annotation, Pod Identity association and the webhook`);
    } else if (stsModuleMissing(f, calling?.name)) {
      // Every Java SDK release built without its STS module skips the web identity provider and says so; the
      // chain then reaches the instance profile, which the denial names. The fix is a dependency, not an upgrade.
      confidence = "high";
      why = `container ${calling?.name ?? "(unknown)"} has the IRSA settings, but its Java SDK says its STS module is not on the class path, so the web identity provider is skipped and the chain goes on to the instance profile`;
      actions.push({
        description: `Add the AWS SDK's STS module to the application in container ${calling?.name ?? "(unknown)"} (software.amazon.awssdk:sts for SDK v2, com.amazonaws:aws-java-sdk-sts for v1, at the version of the SDK already there), rebuild the image and roll it out.`,
        command:
          "add software.amazon.awssdk:sts (SDK v2) or com.amazonaws:aws-java-sdk-sts (v1) to the dependencies (Maven/Gradle), then rebuild",
        safety: "Upgrade the application's AWS SDK",
      });
    } else if (old.length > 0) {
      confidence = "low";
      why = `${calling ? `container ${calling.name}` : "the calling container"} has the settings but its SDK is too old to use them (${old.map((o) => `${o.sdk} ${o.version ?? ""}`.trim()).join(", ")}): sdk.too_old is the cause`;
    } else {
      confidence = "medium";
      why = `${calling ? `container ${calling.name}` : "the calling container"} has the credential settings but its SDK did not use them: an SDK too old for them, or code that builds its own credentials provider (for example the instance profile provider)`;
      toConfirm.push("the AWS SDK version of the calling container and whether its code picks a credentials provider explicitly");
      if (!calling) toConfirm.push(`which container wrote ${first.file}: it matches none of the pod's containers`);
    }
    actions.push(imdsAction(s, f, session));

    const podSource = s.k8s.pod.status === "found" ? { source: s.k8s.pod.source } : {};
    const evidence: ReportEvidence[] = [...matchEvidence(denied)];
    for (const c of all) {
      evidence.push({
        type: "pod_spec",
        content: `Pod ${podName} ${c.init ? "init container" : "container"} ${c.name}: ${c.hasIdentityEnv ? "has" : "no"} IRSA / Pod Identity env${c.hasStaticKeys ? ", static AWS keys" : ""}${skipped.includes(c.name) ? `, named in ${SKIP_CONTAINERS}` : ""}`,
        ...podSource,
      });
    }
    if (node)
      evidence.push({
        type: "node",
        content: `Session ${session} is the pod's node ${node}`,
        ...(s.k8s.node.status === "found" ? { source: s.k8s.node.source } : {}),
      });

    const expected = f.irsaRole?.arn ?? f.podIdentityRole?.arn ?? null;
    return {
      causeId: CAUSE,
      confidence,
      detail: `AWS calls from pod ${podName} are made as the node's role ${role}${node ? ` (session ${session}, the pod's node)` : session ? ` (session ${session})` : ""}${expected ? ` instead of ${expected}` : ""}: ${why}`,
      evidence,
      immediate:
        confidence === "low"
          ? `Operator: fix the cause named above first; meanwhile require IMDSv2 with hop limit 1 on the nodes so pods cannot silently use the node's role.`
          : `Operator: ${lowerFirst(actions[0]?.description ?? "Give the calling container the pod's credentials.")} Then require IMDSv2 with hop limit 1 on the nodes so no container silently uses the node's role.`,
      actions,
      toConfirm,
    };
  },
};

const lowerFirst = (text: string): string => text.charAt(0).toLowerCase() + text.slice(1);
