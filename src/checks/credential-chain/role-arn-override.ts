// credential_chain.role_arn_override: the container spec itself sets AWS_ROLE_ARN (or
// AWS_WEB_IDENTITY_TOKEN_FILE) — a chart's own variable of that name, a copy from another cluster — and the
// pod-identity-webhook never overwrites a variable the spec already sets. The SDK then asks STS for the
// spec's role with the service account's token, whatever role the annotation names; that role's trust
// policy usually does not trust the cluster's provider for this service account, so the call is denied.

import { causeMeta } from "../../causes.js";
import type { Check, Confidence, Finding, ReportEvidence } from "../types.js";
import type { Facts } from "../../diagnosis/facts/index.js";
import type { ContainerPath } from "../../diagnosis/credential-path/index.js";
import { valueOf } from "../../snapshot/evidence.js";
import type { Snapshot } from "../../snapshot/types.js";
import { hardCodedIdentityEnv } from "../token/template-env.js";
import { injectionFacts, later } from "../webhook/injection.js";
import { chainEvidence, envEvidence, failing, pathLogEvidence, rank } from "./paths.js";
import { samePath } from "../../diagnosis/credential-path/mounts.js";

interface Override {
  /** "role": AWS_ROLE_ARN names another role than the annotation; "token": the token file is not an IRSA token. */
  kind: "role" | "token";
  variable: "AWS_ROLE_ARN" | "AWS_WEB_IDENTITY_TOKEN_FILE";
  value: string;
  origin: string;
}

/**
 * The spec's own web identity settings, when they are not what the webhook would inject: an AWS_ROLE_ARN
 * other than the annotation's role, or an AWS_WEB_IDENTITY_TOKEN_FILE the spec set by hand that points at a
 * mounted token STS does not take (the API server's own service-account token, typically).
 */
function overridden(s: Snapshot, f: Facts, p: ContainerPath): Override | null {
  if (p.provider !== "web_identity") return null;
  const env = p.sources.env.get("AWS_ROLE_ARN");
  const annotation = typeof f.workload.roleArnAnnotation === "string" ? f.workload.roleArnAnnotation.trim() : null;
  if (env?.value && annotation && env.value.trim() !== annotation)
    return { kind: "role", variable: "AWS_ROLE_ARN", value: env.value.trim(), origin: env.origin };
  const file = p.sources.env.get("AWS_WEB_IDENTITY_TOKEN_FILE");
  const token = p.hops.find((h) => h.name === "token_file");
  const mountedElsewhere = file?.value && samePath(f.workload.irsaToken?.mountedAt, file.value);
  // The webhook injected nothing (no annotation) or the template wrote the variable: the spec's own choice.
  const specOwn =
    f.workload.roleArnAnnotation === null ||
    /pod template of/.test(file?.origin ?? "") ||
    hardCodedIdentityEnv(s, p.container, p.init) !== null;
  if (file?.value && token?.status === "broken" && mountedElsewhere && specOwn) {
    return { kind: "token", variable: "AWS_WEB_IDENTITY_TOKEN_FILE", value: file.value, origin: file.origin };
  }
  return null;
}

/** CloudTrail AssumeRoleWithWebIdentity calls that asked for the spec's role. */
function askedFor(s: Snapshot, arn: string): ReportEvidence[] {
  const trail = s.aws.cloudTrail;
  return (valueOf(trail) ?? [])
    .filter(
      (e) => e.EventName === "AssumeRoleWithWebIdentity" && JSON.stringify(e.CloudTrailEvent["requestParameters"] ?? {}).includes(arn),
    )
    .slice(0, 1)
    .map((e) => {
      const code = e.CloudTrailEvent["errorCode"];
      return {
        type: "cloudtrail",
        content: `CloudTrail AssumeRoleWithWebIdentity at ${e.EventTime} asked for roleArn ${arn}${typeof code === "string" ? `: ${code}` : ""}`,
        ...(trail.status === "found" ? { source: trail.source } : {}),
      };
    });
}

export const check: Check = {
  ...causeMeta("credential_chain.role_arn_override"),
  run(s: Snapshot, f: Facts): Finding | null {
    const hit = rank(f.credentialPaths)
      .map((p) => ({ p, o: overridden(s, f, p) }))
      .find((x): x is { p: ContainerPath; o: Override } => x.o !== null);
    if (!hit) return null;
    const { p, o } = hit;
    const template = hardCodedIdentityEnv(s, p.container, p.init);
    const inject = injectionFacts(s, f);
    const fromTemplate = /pod template of/.test(o.origin) || template !== null;
    // A pod created after the annotation was last written would have the annotation's role, unless the spec set one.
    const afterAnnotation = inject ? later(inject.target.createdAt, inject.annotationSetAt) : false;
    const trail = o.kind === "role" ? askedFor(s, o.value) : [];
    // Without the template or the times, a stale injection (pod older than the annotation) looks the same.
    if (!fromTemplate && !afterAnnotation && trail.length === 0) return null;
    // The spec's own role may be the one meant and work: only a failure of this container's path makes it the break.
    const confidence: Confidence = (fromTemplate || afterAnnotation) && failing(p) ? "high" : "medium";
    const annotation = typeof f.workload.roleArnAnnotation === "string" ? f.workload.roleArnAnnotation.trim() : null;
    const tokenHop = p.hops.find((h) => h.name === "token_file");
    const evidence: ReportEvidence[] = [
      ...pathLogEvidence(p),
      ...envEvidence(s, f, p, ["AWS_ROLE_ARN", "AWS_WEB_IDENTITY_TOKEN_FILE"]),
      {
        type: "sa_config",
        content: `ServiceAccount ${f.workload.namespace}/${f.workload.serviceAccountName}: ${annotation ? `eks.amazonaws.com/role-arn=${annotation}${inject?.annotationSetAt ? ` (written ${inject.annotationSetAt})` : ""}` : "no eks.amazonaws.com/role-arn annotation, so the webhook injected nothing"}`,
        ...(s.k8s.serviceAccount.status === "found" ? { source: s.k8s.serviceAccount.source } : {}),
      },
      ...(o.kind === "token" && tokenHop
        ? [
            {
              type: "credential_path",
              content: `container ${p.container} token_file: ${tokenHop.evidence}`,
              ...(tokenHop.source ? { source: tokenHop.source } : {}),
            },
          ]
        : []),
      ...(template
        ? [
            {
              type: "pod_spec",
              content: `${template.owner} pod template, container ${p.container}: ${template.names.join(", ")} written by hand`,
            },
          ]
        : []),
      ...trail,
      chainEvidence(p),
    ];
    const target = template?.owner ?? "the workload";
    return {
      causeId: "credential_chain.role_arn_override",
      confidence,
      detail:
        o.kind === "role"
          ? `Container ${p.container} of pod ${f.pod?.metadata.name ?? "?"} sets AWS_ROLE_ARN=${o.value} in its spec (${o.origin}); the webhook keeps a variable the spec already sets, so the SDK assumes ${o.value} with the service account token instead of ${annotation}`
          : `Container ${p.container} of pod ${f.pod?.metadata.name ?? "?"} sets AWS_WEB_IDENTITY_TOKEN_FILE=${o.value} in its spec (${o.origin}); ${tokenHop?.evidence ?? "that file is not an IRSA token"}, so STS refuses the web identity call${annotation ? "" : " (the service account has no role annotation, so no IRSA token is mounted)"}`,
      evidence,
      immediate:
        o.kind === "role"
          ? `Operator: remove AWS_ROLE_ARN from container ${p.container} in the pod template of ${target} (rename the application's own variable if it needs one, as ACK did with ACK_ROLE_ARN), then let the pods roll so the webhook injects the annotation's role.`
          : `Operator: remove the hand-set AWS_ROLE_ARN and AWS_WEB_IDENTITY_TOKEN_FILE from container ${p.container} in the pod template of ${target}, ${annotation ? "" : `annotate ServiceAccount ${f.workload.namespace}/${f.workload.serviceAccountName} with eks.amazonaws.com/role-arn=${p.sources.env.get("AWS_ROLE_ARN")?.value ?? "<role-arn>"}, `}then let the pods roll so the webhook injects the variables with the projected IRSA token.`,
      actions: template
        ? [
            {
              description: `Remove the hand-written ${template.names.join(", ")} from container ${p.container} of ${template.owner} (the test operations make the patch fail if the template changed since the snapshot).`,
              command: `kubectl patch ${template.owner} -n ${f.workload.namespace} --type json -p '${template.patch}'`,
              safety: "Modify workload spec",
            },
          ]
        : [
            {
              description: `Remove ${o.variable} from container ${p.container} in the workload's pod template, then re-create the pods.`,
              command: `kubectl get pod ${f.pod?.metadata.name ?? "<pod>"} -n ${f.workload.namespace} -o jsonpath='{.metadata.ownerReferences}'  # then edit that controller's template`,
              safety: "Inspect pod spec (read-only)",
            },
          ],
      toConfirm:
        confidence === "high"
          ? []
          : [`whether the pod template of the workload sets ${o.variable} (kubectl get deploy -n ${f.workload.namespace} -o yaml)`],
    };
  },
};
