// token.not_mounted_or_unreadable: a container is told where the web identity token is
// (AWS_WEB_IDENTITY_TOKEN_FILE) but no projected token is mounted there in that container (a sidecar or init
// container the mount was not added to, a volume stripped by a policy engine), or the file is there and
// the container's user may not read it (old clusters project it 0600 root without fsGroup).

import type { Check, Confidence, Finding, OperatorAction, ReportEvidence } from "../types.js";
import type { Facts } from "../../diagnosis/facts/index.js";
import type { Container, Node, Pod, Snapshot } from "../../snapshot/types.js";
import { valueOf } from "../../snapshot/evidence.js";
import { restartTarget } from "../actions.js";
import { hardCodedIdentityEnv } from "./template-env.js";
import { causeMeta } from "../../causes.js";
import { mountOf } from "../../diagnosis/credential-path/mounts.js";
import { getLogPattern } from "../../logs/index.js";

/** The variables an SDK reads a token file from: IRSA's, and Pod Identity's. */
const TOKEN_FILE_VARIABLES = ["AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"];

interface MountProblem {
  container: string;
  variable: string;
  init: boolean;
  file: string;
  /** Why the file is not there, in a clause. */
  why: string;
  /** The file is there, at a POSIX path a Windows container's SDK may not take. */
  windows?: boolean;
}

function mountProblem(pod: Pod, c: Container, init: boolean, variable: string): MountProblem | null {
  const file = c.env?.find((e) => e.name === variable)?.value;
  if (!file) return null;
  const found = mountOf(file, c.volumeMounts ?? []);
  const base = { container: c.name, variable, init, file };
  if (!found) return { ...base, why: `no volume is mounted at ${file.slice(0, file.lastIndexOf("/")) || "/"} in it` };
  const mount = found.mount;
  const volume = (pod.spec.volumes ?? []).find((v) => v.name === mount.name);
  if (!volume) return { ...base, why: `its mount at ${mount.mountPath} names volume ${mount.name}, which the pod does not define` };
  if (!volume.projected) return null; // Another way to supply a token file (e.g. a hostPath): not ours to judge.
  const rel = mount.subPath ? mount.subPath : found.rel;
  const hasToken = (volume.projected.sources ?? []).some((s) => s.serviceAccountToken?.path === rel);
  return hasToken
    ? null
    : { ...base, why: `volume ${mount.name} mounted at ${mount.mountPath} projects no service account token at ${rel}` };
}

/**
 * A Windows pod told a POSIX path: without a drive letter the path is not absolute on Windows, and SDKs that
 * require an absolute token path (.NET's AssumeRoleWithWebIdentityCredentials) reject it; Python resolves it
 * against the current drive and may work. The webhook injects a C:\\ path for Windows pods it recognises.
 */
function windowsPathProblems(pod: Pod, node: Node | undefined): MountProblem[] {
  const selector = (pod.spec["nodeSelector"] ?? {}) as Record<string, string>;
  const os = selector["kubernetes.io/os"] ?? node?.metadata.labels?.["kubernetes.io/os"] ?? node?.status?.nodeInfo?.["operatingSystem"];
  if (os !== "windows") return [];
  return TOKEN_FILE_VARIABLES.flatMap((variable) =>
    [...(pod.spec.initContainers ?? []).map((c) => ({ c, init: true })), ...pod.spec.containers.map((c) => ({ c, init: false }))].flatMap(
      ({ c, init }) => {
        const file = c.env?.find((e) => e.name === variable)?.value;
        return file?.startsWith("/")
          ? [
              {
                container: c.name,
                variable,
                init,
                file,
                why: `the pod runs on Windows, where ${file} has no drive letter and is not an absolute path: SDKs that require one (.NET) reject it`,
                windows: true,
              },
            ]
          : [];
      },
    ),
  );
}

function mountProblems(pod: Pod): MountProblem[] {
  return TOKEN_FILE_VARIABLES.flatMap((variable) => [
    ...(pod.spec.initContainers ?? []).map((c) => mountProblem(pod, c, true, variable)),
    ...pod.spec.containers.map((c) => mountProblem(pod, c, false, variable)),
  ]).filter((p): p is MountProblem => p !== null);
}

interface SecurityContext {
  runAsUser?: number;
  runAsNonRoot?: boolean;
  fsGroup?: number;
}

/**
 * Why a non-root process may not read the projected token. Before Kubernetes 1.19 the kubelet wrote it
 * 0600 root-owned unless the pod set an fsGroup; since 1.19 it is group-readable with an fsGroup, owned by
 * the containers' user when they all set the same runAsUser, else 0644. `strong` when the spec and the node
 * together show a root-only file; otherwise the spec only hints at it.
 */
function tokenOwnership(pod: Pod, kubeletVersion: string | undefined): { reason: string; strong: boolean } | null {
  const podCtx = (pod.spec["securityContext"] ?? {}) as SecurityContext;
  if (podCtx.fsGroup !== undefined) return null;
  const users = [...(pod.spec.initContainers ?? []), ...pod.spec.containers].map((c) => {
    const ctx = (c["securityContext"] ?? {}) as SecurityContext;
    return { name: c.name, user: ctx.runAsUser ?? podCtx.runAsUser, nonRoot: ctx.runAsNonRoot ?? podCtx.runAsNonRoot ?? false };
  });
  const first = users.find((u) => (u.user !== undefined && u.user !== 0) || (u.user === undefined && u.nonRoot));
  if (!first) return null;
  const who = first.user !== undefined ? `user ${first.user}` : "a non-root user";
  const minor = /^v?1\.(\d+)\./.exec(kubeletVersion ?? "")?.[1];
  if (minor !== undefined && Number(minor) < 19) {
    return {
      reason: `container ${first.name} runs as ${who} without an fsGroup, and kubelet ${kubeletVersion} (before 1.19) writes the token readable by root only`,
      strong: true,
    };
  }
  const same = users.every((u) => u.user !== undefined && u.user === first.user);
  return {
    reason: same
      ? `every container runs as ${who} and the pod sets no securityContext.fsGroup, so the token file belongs to ${who} with mode 0600: a process that switches to another user cannot read it`
      : `container ${first.name} runs as ${who} and the pod sets no securityContext.fsGroup`,
    strong: false,
  };
}

function inspect(podName: string, ns: string): OperatorAction {
  return {
    description: "List the mount paths of every container (init containers first), to see which one lacks the token volume.",
    command: `kubectl get pod ${podName} -n ${ns} -o jsonpath='{range .spec.initContainers[*]}{"init "}{.name}{": "}{.volumeMounts[*].mountPath}{"\\n"}{end}{range .spec.containers[*]}{.name}{": "}{.volumeMounts[*].mountPath}{"\\n"}{end}'`,
    safety: "Inspect pod spec (read-only)",
  };
}

export const check: Check = {
  ...causeMeta("token.not_mounted_or_unreadable"),
  run(s: Snapshot, f: Facts): Finding | null {
    const pod = f.pod;
    const ns = f.workload.namespace;
    const mounts = pod ? mountProblems(pod) : [];
    // A Windows path fails only with some SDKs: named when the container's own log shows a credential error.
    const failingHere = (name: string) =>
      f.credentialPaths.some(
        (p) => p.container === name && p.lines.some((l) => ["high", "medium"].includes(getLogPattern(l.patternId)?.severity ?? "")),
      );
    const problems =
      mounts.length > 0 || !pod ? mounts : windowsPathProblems(pod, valueOf(s.k8s.node)).filter((p) => failingHere(p.container));
    // Only the file-error pattern: an expired token also points here, but says nothing about the mount.
    const readLogs = (f.logSignals.get("token.not_mounted_or_unreadable") ?? []).filter((m) => m.patternId === "token.file_unreadable");
    const logs: ReportEvidence[] = readLogs
      .slice(0, 2)
      .map((m) => ({ type: "credential_finding", content: m.text, source: `${m.file}:${m.line}` }));
    const permissionDenied = readLogs.some((m) => /permission denied|eacces|errno 13|accessdenied/i.test(m.text));
    const nodeVersion = valueOf(s.k8s.node)?.status?.nodeInfo?.kubeletVersion;
    const ownership = pod ? tokenOwnership(pod, nodeVersion) : null;
    // The spec and the node alone can prove the file root-only (kubelet before 1.19, a non-root user, no fsGroup):
    // the SDK then fails whatever it logs ("Missing credentials in config" hides the EACCES), so no log line is needed.
    const provenUnreadable = ownership?.strong === true && f.workload.irsaToken !== null;
    if (problems.length === 0 && readLogs.length === 0 && !provenUnreadable) return null;
    const target = restartTarget(s, f);
    const podName = pod?.metadata.name ?? s.target.pod ?? "<pod>";

    if (problems.length > 0 && pod) {
      // The container whose own log shows a credential error is the one failing: prefer its problem, and when
      // only other containers log errors, the unmounted file may belong to one that never calls AWS.
      const erring = new Set(
        f.credentialPaths.filter((p) => p.lines.some((l) => getLogPattern(l.patternId)?.severity === "high")).map((p) => p.container),
      );
      const first = problems.find((p) => erring.has(p.container)) ?? problems[0]!;
      const elsewhere = erring.size > 0 && !erring.has(first.container) ? [...erring] : [];
      // A Windows path problem depends on the SDK (Python copes): never more than medium.
      const confidence: Confidence = elsewhere.length > 0 || first.windows ? "medium" : "high";
      const toConfirm = elsewhere.length
        ? [
            `whether container ${first.container} calls AWS at all: the credential errors in the logs are ${elsewhere.map((c) => `container ${c}'s`).join(" and ")}, and its own log shows none`,
          ]
        : [];
      const which = `${first.init ? "init container" : "container"} ${first.container}`;
      const evidence: ReportEvidence[] = [
        ...logs,
        ...problems.map((p) => ({
          type: "pod_spec",
          content: `Pod ${pod.metadata.name} ${p.init ? "init container" : "container"} ${p.container}: ${p.variable}=${p.file}, but ${p.why}`,
          ...(s.k8s.pod.status === "found" ? { source: s.k8s.pod.source } : {}),
        })),
      ];
      const irsa = first.variable === "AWS_WEB_IDENTITY_TOKEN_FILE";
      const token = irsa ? f.workload.irsaToken : f.workload.podIdentityToken;
      const volume = token?.volume ?? (irsa ? "aws-iam-token" : "eks-pod-identity-token");
      const audience = token?.audience ?? (irsa ? f.workload.tokenAudience : "pods.eks.amazonaws.com");
      const dir = first.file.slice(0, first.file.lastIndexOf("/"));
      if (first.windows) {
        const winPath = `C:${first.file.replace(/\//g, "\\")}`;
        return {
          causeId: "token.not_mounted_or_unreadable",
          confidence,
          detail: `In pod ${pod.metadata.name} (namespace ${ns}), ${which} has ${first.variable}=${first.file} but ${first.why}; the token is mounted, at a path its SDK will not open`,
          evidence,
          immediate: `Operator: give ${which} of ${target} the Windows form of the path, ${first.variable}=${winPath} (a webhook that recognises Windows pods injects it), then re-create the pods.`,
          actions: [
            inspect(podName, ns),
            {
              description: `Set ${first.variable} to ${winPath} in ${which} of the pod template of ${target}; the webhook keeps a variable the spec sets.`,
              command: `kubectl set env ${target} -n ${ns} -c ${first.container} ${first.variable}='${winPath}'`,
              safety: "Modify workload spec",
            },
          ],
          toConfirm: [
            ...toConfirm,
            `the SDK of ${which}: .NET requires an absolute path and fails; Python resolves ${first.file} against the current drive and may work`,
          ],
        };
      }
      const handWritten = hardCodedIdentityEnv(s, first.container, first.init);
      if (handWritten) {
        return {
          causeId: "token.not_mounted_or_unreadable",
          confidence,
          detail: `In pod ${pod.metadata.name} (namespace ${ns}), ${which} has ${first.variable}=${first.file} but ${first.why}: the pod template of ${handWritten.owner} writes ${handWritten.names.join(" and ")} into it by hand, and the webhook does not add the token mount to a container that already defines its variables`,
          evidence: [
            ...evidence,
            { type: "pod_spec", content: `${handWritten.owner} pod template, ${which}: ${handWritten.names.join(", ")} written by hand` },
          ],
          immediate: `Operator: remove ${handWritten.names.join(" and ")} from ${which} in the pod template of ${handWritten.owner}; the rollout this starts creates pods in which the webhook injects them together with the token mount.`,
          actions: [
            inspect(podName, ns),
            {
              description: `Remove the hand-written ${handWritten.names.join(", ")} from ${which} of ${handWritten.owner} (the test operations make the patch fail if the template changed since the snapshot).`,
              command: `kubectl patch ${handWritten.owner} -n ${ns} --type json -p '${handWritten.patch}'`,
              safety: "Modify workload spec",
            },
          ],
          toConfirm,
        };
      }
      return {
        causeId: "token.not_mounted_or_unreadable",
        confidence,
        detail: `In pod ${pod.metadata.name} (namespace ${ns}), ${which} has ${first.variable}=${first.file} but ${first.why}, so the SDK there cannot read its token`,
        evidence,
        immediate: `Operator: mount the projected token volume ${volume} at ${dir} (readOnly) in ${which} of ${target}, or remove ${first.variable} from it; if a policy engine strips the volume at admission, exempt this workload; then re-create the pods.`,
        actions: [
          inspect(podName, ns),
          {
            description: `In the pod template of ${target}, define the projected volume ${volume} (serviceAccountToken, audience ${audience}, path ${first.file.slice(first.file.lastIndexOf("/") + 1)}) and mount it at ${dir} readOnly in ${which}; the template must define the volume itself because the webhook adds it only at admission.`,
            command: `kubectl edit ${target} -n ${ns}`,
            safety: "Modify workload spec",
          },
        ],
        toConfirm,
      };
    }

    // The spec looks right (or is not available) and the file cannot be read: a permission or timing problem.
    const userHint = ownership?.reason ?? null;
    let confidence: Confidence = pod ? "medium" : "low";
    if (permissionDenied && ownership?.strong) confidence = "high";
    const toConfirm: string[] = [];
    if (!pod)
      toConfirm.push(
        `the pod spec (kubectl get pod ${podName} -n ${ns} -o yaml): which container has AWS_WEB_IDENTITY_TOKEN_FILE and where the token volume is mounted`,
      );
    if (permissionDenied && !ownership?.strong && pod)
      toConfirm.push("the user the container runs as (kubectl exec ... -- id) and the token file's mode (ls -l on the mount)");
    if (!permissionDenied && provenUnreadable)
      toConfirm.push(
        "the container's own error for the token file (kubectl exec ... -- cat <AWS_WEB_IDENTITY_TOKEN_FILE>: Permission denied confirms it)",
      );
    else if (!permissionDenied)
      toConfirm.push("whether the file exists in the container: kubectl exec ... -- ls -l <AWS_WEB_IDENTITY_TOKEN_FILE>");
    const evidence: ReportEvidence[] = [...logs];
    if (userHint)
      evidence.push({
        type: "pod_spec",
        content: `Pod ${podName}: ${userHint}`,
        ...(s.k8s.pod.status === "found" ? { source: s.k8s.pod.source } : {}),
      });
    if (nodeVersion)
      evidence.push({
        type: "node",
        content: `Node kubelet ${nodeVersion}`,
        ...(s.k8s.node.status === "found" ? { source: s.k8s.node.source } : {}),
      });
    const fsGroupFix: OperatorAction = {
      description: `Give the pods of ${target} a securityContext.fsGroup so the projected token file is group-readable by the container's user (65534 is the usual choice).`,
      command: target.startsWith("pod/")
        ? `kubectl get ${target} -n ${ns} -o yaml  # set spec.securityContext.fsGroup in its controller's pod template`
        : `kubectl patch ${target} -n ${ns} --type merge -p '{"spec":{"template":{"spec":{"securityContext":{"fsGroup":65534}}}}}'`,
      safety: "Modify workload spec",
    };
    return {
      causeId: "token.not_mounted_or_unreadable",
      confidence,
      detail: `The SDK in pod ${podName} (namespace ${ns}) cannot ${permissionDenied || provenUnreadable ? "read" : "find"} its web identity token file${userHint ? ` because ${userHint}` : ""}`,
      evidence,
      immediate:
        permissionDenied || provenUnreadable
          ? `Operator: set securityContext.fsGroup (e.g. 65534) in the pod template of ${target} so the container's user can read the token, then let the pods roll.`
          : `Operator: check that the projected token volume is mounted where AWS_WEB_IDENTITY_TOKEN_FILE points in every container of ${target}, then re-create the pods.`,
      actions: permissionDenied || provenUnreadable ? [fsGroupFix] : [inspect(podName, ns)],
      toConfirm,
    };
  },
};
