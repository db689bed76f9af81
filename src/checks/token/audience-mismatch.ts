// token.audience_mismatch: the pod's projected web identity token is issued for a non-standard audience
// (set on the volume or with the eks.amazonaws.com/audience annotation) that the cluster's IAM OIDC provider
// does not list, so STS answers "Incorrect token audience". When the token says sts.amazonaws.com and the
// provider lacks it, the provider is what is wrong (oidc_provider.audience_mismatch), not the token.

import type { Check, Confidence, Finding, OperatorAction, ReportEvidence } from "../types.js";
import type { Snapshot } from "../../snapshot/types.js";
import { DEFAULT_IRSA_AUDIENCE, type Facts } from "../../diagnosis/facts/index.js";
import { addOidcClientId, restartPods } from "../actions.js";
import { logEvidence, saConfigEvidence } from "../evidence.js";
import { causeMeta } from "../../causes.js";

function audienceSource(f: Facts): { audience: string; where: string } | null {
  const token = f.workload.irsaToken;
  const annotated = f.workload.audienceAnnotation;
  const sa = `${f.workload.namespace}/${f.workload.serviceAccountName}`;
  if (token && annotated === token.audience) {
    return {
      audience: token.audience,
      where: `eks.amazonaws.com/audience annotation of ServiceAccount ${sa}, projected into volume ${token.volume}`,
    };
  }
  if (token) return { audience: token.audience, where: `projected volume ${token.volume} in the pod spec` };
  if (annotated) return { audience: annotated, where: `annotation eks.amazonaws.com/audience of ServiceAccount ${sa}` };
  // A read ServiceAccount without the annotation gets the webhook's default audience.
  if (!f.pod && f.workload.roleArnAnnotation !== undefined)
    return { audience: DEFAULT_IRSA_AUDIENCE, where: `webhook default for ServiceAccount ${sa}` };
  return null;
}

function removeAudienceAnnotation(ns: string, sa: string): OperatorAction {
  return {
    description: `Remove the eks.amazonaws.com/audience annotation from ServiceAccount ${ns}/${sa}, so the webhook projects tokens for ${DEFAULT_IRSA_AUDIENCE} again.`,
    command: `kubectl annotate serviceaccount ${sa} -n ${ns} eks.amazonaws.com/audience-`,
    safety: "Annotate ServiceAccount",
  };
}

export const check: Check = {
  ...causeMeta("token.audience_mismatch"),
  run(s: Snapshot, f: Facts): Finding | null {
    const src = audienceSource(f);
    // A standard audience the provider lacks is the provider's problem (oidc_provider.audience_mismatch).
    if (src && src.audience === DEFAULT_IRSA_AUDIENCE) return null;
    const logSignal = (f.logSignals.get("token.audience_mismatch") ?? []).length > 0;
    const provider = f.aws.oidc.details;
    const providerArn = provider?.Arn ?? f.aws.oidc.expectedProviderArn;
    let confidence: Confidence;
    const toConfirm: string[] = [];
    if (!src) {
      // The audience is unknown: only the message says something, and it fits the provider's fault equally.
      if (!logSignal) return null;
      confidence = "low";
      toConfirm.push(
        `the pod spec or the ServiceAccount (kubectl get serviceaccount -n ${f.workload.namespace} -o yaml): the token's audience`,
      );
    } else if (provider) {
      if (provider.ClientIDList.includes(src.audience)) return null;
      confidence = "high";
    } else {
      if (!logSignal) return null;
      confidence = "medium";
      toConfirm.push(
        `the OIDC provider's audiences: aws iam get-open-id-connect-provider --open-id-connect-provider-arn ${providerArn ?? "<provider-arn>"} --query ClientIDList`,
      );
    }

    const sa = f.workload.serviceAccountName ?? "<service-account>";
    const ns = f.workload.namespace;
    const audience = src?.audience ?? "(unknown)";
    const evidence: ReportEvidence[] = [...logEvidence(f, ["token.audience_mismatch"]), ...saConfigEvidence(s, f)];
    if (src) {
      evidence.push({
        type: f.workload.audienceAnnotation === src.audience ? "sa_config" : "pod_spec",
        content: `Token audience ${audience}, from the ${src.where}`,
      });
    }
    if (provider) {
      evidence.push({
        type: "oidc_provider",
        content: `IAM OIDC provider ${provider.Arn} accepts the audiences: ${provider.ClientIDList.join(", ") || "(none)"}`,
      });
    }
    const actions: OperatorAction[] = [];
    if (f.workload.audienceAnnotation)
      actions.push(removeAudienceAnnotation(ns, sa), restartPods(s, f, "the token audience is fixed when a pod is created"));
    if (providerArn && src) {
      const add = addOidcClientId(providerArn, audience);
      actions.push({
        ...add,
        description: `Or, if the audience ${audience} is intended: ${add.description} The role's trust policy must then accept it in its :aud condition too.`,
      });
    }
    const fromAnnotation = f.workload.audienceAnnotation !== null && f.workload.audienceAnnotation === src?.audience;
    return {
      causeId: "token.audience_mismatch",
      confidence,
      detail: src
        ? `Pod ${f.pod?.metadata.name ?? `of ServiceAccount ${ns}/${sa}`} presents a web identity token for audience ${audience} (${src.where}), which IAM OIDC provider ${providerArn ?? "of the cluster"} ${provider ? `does not accept (it lists ${provider.ClientIDList.join(", ") || "no audience"})` : "is not known to accept"}`
        : `STS rejects the token's audience ("Incorrect token audience"), and the pod's token audience is not in the evidence`,
      evidence,
      immediate: fromAnnotation
        ? `Operator: remove eks.amazonaws.com/audience=${audience} from ServiceAccount ${ns}/${sa} and re-create the pods, or, if ${audience} is intended, add it to the client IDs of ${providerArn ?? "the cluster's OIDC provider"} (and to the role trust policy's :aud condition).`
        : `Operator: make the token's audience one the OIDC provider accepts: project the token for ${DEFAULT_IRSA_AUDIENCE} in the pod spec of ${f.pod?.metadata.name ?? `the pods of ${ns}/${sa}`}, or add ${audience} to the client IDs of ${providerArn ?? "the cluster's OIDC provider"} (and to the trust policy's :aud condition).`,
      actions,
      toConfirm,
    };
  },
};
