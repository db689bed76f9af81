// sdk.too_old: the application's AWS SDK predates IRSA (web identity token file) or EKS Pod Identity
// (container provider at 169.254.170.23), so it ignores the credentials the webhook set up and falls
// through to the node role or to nothing. A version line below the minimum, or a message only old SDKs
// print, names it; with neither, a pod whose IRSA setup is verifiably right but that still uses the node
// role or finds no credentials points at it less surely.

import type { Facts } from "../../diagnosis/facts/index.js";
import type { Check, Confidence, Finding, OperatorAction } from "../types.js";
import { matchEvidence, podIdentityEnvEvidence } from "../evidence.js";
import { NODE_ROLE_PATTERNS, containerOfLog, fallbackLines, nodeRoleLines, writerHasSettings } from "./symptoms.js";
import {
  mechanismLabel,
  mechanismOf,
  oldSdkSightings,
  sdkDisplayName,
  supportedSdkSightings,
  sdkFromMessage,
  shortOld,
  upgradeCommand,
  type OldSdk,
} from "./versions.js";
import { causeMeta } from "../../causes.js";

const CAUSE = "sdk.too_old";
const STS_MODULE_MISSING = "sdk.java_sts_module_missing";
const APP_NO_CREDENTIALS = "aws.unexplained_no_credentials";
const OLD_ONLY_MESSAGES = ["sdk.container_host_rejected", STS_MODULE_MISSING];
const TOKEN_EXPIRED = "sts.web_identity_token_expired";
const SESSION_EXPIRED = "sts.expired_token";

/** The pod's credential settings for the mechanism are in place: env injected and the token under a mount. */
function setupInPlace(f: Facts, mechanism: "irsa" | "pod_identity"): boolean {
  return f.workload.containers.some((c) =>
    mechanism === "irsa"
      ? Boolean(c.env["AWS_ROLE_ARN"]) && c.webIdentityTokenMounted === true
      : Boolean(c.env["AWS_CONTAINER_CREDENTIALS_FULL_URI"]) && c.podIdentityTokenMounted !== false,
  );
}

function trustAdmits(f: Facts, mechanism: "irsa" | "pod_identity"): boolean {
  if (mechanism === "irsa") return f.trust.webIdentity?.decision === "allow";
  const t = f.trust.podIdentity;
  return t !== undefined && t.assumeRole.decision === "allow" && t.tagSession.decision === "allow";
}

export const check: Check = {
  ...causeMeta(CAUSE),
  run(s, f): Finding | null {
    const mechanism = mechanismOf(f);
    // The Java SDK's "the 'sts' service module must be on the class path" is printed by every release built without
    // its STS module, old or new: a packaging fault, not a version. Once that container's calls are proven made as the
    // node's role, sdk.falls_back_to_node_role names what happened and the fix (add the module); it is no old-SDK proof here.
    const fellBack = new Set(nodeRoleLines(f).map(containerOfLog));
    const refusals = f.logMatches.filter(
      (m) => OLD_ONLY_MESSAGES.includes(m.patternId) && !(m.patternId === STS_MODULE_MISSING && fellBack.has(containerOfLog(m))),
    );
    const messages = refusals
      .map((m) => sdkFromMessage(m, m.patternId === "sdk.container_host_rejected" ? "pod_identity" : "irsa"))
      .filter((o): o is OldSdk => o !== null);
    // A refusal worded by a library the version table cannot name (Ruby's or Rust's SDK, minio-go, a Lua port of
    // JavaScript v2) is the same fact without a name: it still decides the cause, with no upgrade command to offer.
    const unnamed = refusals.filter((m) => !messages.some((o) => o.lines.includes(m)));
    const old = [...messages, ...oldSdkSightings(s, f, mechanism)];
    // A container the webhook did not set up falls back whatever its SDK: that is not this cause's symptom.
    // An application's own "no credentials" words (the last-resort net) count for Pod Identity only: its variant of the
    // container provider (a token file, a link-local agent) came in late 2023, and many libraries' and applications'
    // own credential code still reads only ECS's variables; web identity support is near universal, so for IRSA those
    // words say nothing of the SDK's age (a chain built without a region says the same).
    const appWords = mechanism === "pod_identity" ? f.logMatches.filter((m) => m.patternId === APP_NO_CREDENTIALS) : [];
    const symptoms = [...fallbackLines(f), ...appWords].filter((m) => writerHasSettings(f, m) !== false);
    // Credentials that expired in use: the client kept what it fetched once (a web identity token read at start, STS
    // session credentials never renewed) instead of going back to the file or the agent. With an old SDK seen, that is
    // the old SDK's failure; with none, the session's lapse alone says the client's credential code does not refresh
    // (an application's own loop or an SDK built before automatic refresh). A web identity token STS calls expired with
    // no old SDK seen is token.expired's (the application copied the token), so only lapsed sessions count then.
    const expired = f.logMatches.filter(
      (m) => (m.patternId === TOKEN_EXPIRED || m.patternId === SESSION_EXPIRED) && writerHasSettings(f, m) !== false,
    );
    const lapsed = f.logMatches.some((m) => m.patternId === TOKEN_EXPIRED) ? [] : expired.filter((m) => m.patternId === SESSION_EXPIRED);
    const inPlace = setupInPlace(f, mechanism);
    const admits = trustAdmits(f, mechanism);
    const what = mechanismLabel(mechanism);
    const failures = old.length > 0 || unnamed.length > 0 ? [...symptoms, ...expired] : symptoms.length > 0 ? symptoms : lapsed;

    let confidence: Confidence;
    const toConfirm: string[] = [];
    if (old.length > 0 || unnamed.length > 0) {
      // An old SDK matters once the pod is set up to use the mechanism; a refusal message is a failure in itself.
      confidence = !inPlace ? "low" : messages.length > 0 || unnamed.length > 0 || failures.length > 0 ? "high" : "medium";
      if (!inPlace) toConfirm.push(`the pod's ${what} settings: they are not in place, so the SDK is not the first thing to fix`);
      else if (confidence === "medium") toConfirm.push("a credential failure in the application's logs: only the version was seen");
    } else if (failures.length > 0 && inPlace && admits && supportedSdkSightings(s, mechanism).length === 0) {
      // Without a version, "too old" is a guess; a call proven made as the node's role is a fact, which
      // sdk.falls_back_to_node_role names: stay below it as its candidate.
      confidence = symptoms.some((m) => NODE_ROLE_PATTERNS.includes(m.patternId)) ? "low" : "medium";
      toConfirm.push(
        `the AWS SDK version in the image (e.g. kubectl exec ${f.pod?.metadata.name ?? "<pod>"} -n ${f.workload.namespace} -- pip show boto3 botocore, npm ls aws-sdk @aws-sdk/credential-provider-node, or go version -m <binary>), against the ${what} minimums of the EKS user guide`,
      );
    } else return null;

    const containers = [...new Set([...old.flatMap((o) => o.lines), ...unnamed, ...failures].map(containerOfLog))].sort();
    const who = containers.length
      ? `Container ${containers.join(", ")} of pod ${f.pod?.metadata.name ?? "(unknown)"}`
      : `Pod ${f.pod?.metadata.name ?? "(unknown)"}`;
    const named = old.map((o) => shortOld(o, what));
    if (unnamed.length > 0) named.push(`a credentials library that refuses the ${what} settings (its own message, quoted in the evidence)`);
    const sdkText =
      named.length > 0
        ? `runs an AWS SDK too old for ${what}: ${named.join(", ")}`
        : symptoms.length > 0
          ? `ignores its ${what} settings although they are in place and the role's trust admits it`
          : `does not renew its ${what} credentials although its settings are in place and the role's trust admits it`;
    const effect = symptoms.some((m) => m.patternId === "permissions.node_role_access_denied" || m.patternId === "imds.using_instance_role")
      ? "so it takes the node's instance role instead"
      : symptoms.length > 0
        ? "so it finds no credentials"
        : failures.some((m) => m.patternId === TOKEN_EXPIRED)
          ? "so it keeps presenting the web identity token it read once, which STS refuses once expired"
          : failures.length > 0
            ? "so it keeps signing with session credentials past their expiry (ExpiredToken)"
            : "so it finds no credentials";

    const actions: OperatorAction[] = [];
    const seen = new Set<string>();
    for (const o of old) {
      const command = upgradeCommand(o.sdk, o.minimum, mechanism);
      if (seen.has(command)) continue;
      seen.add(command);
      actions.push({
        description: `Upgrade ${sdkDisplayName(o.sdk)} in the application image past the ${what} minimum, rebuild the image and roll it out.`,
        command,
        safety: "Upgrade the application's AWS SDK",
      });
    }

    return {
      causeId: CAUSE,
      confidence,
      detail: `${who} ${sdkText}, ${effect}`,
      // The failure first (it is what people search for), then the version lines that explain it.
      evidence: [
        ...matchEvidence(failures),
        ...matchEvidence([...old.flatMap((o) => o.lines), ...unnamed]),
        ...podIdentityEnvEvidence(s, f),
      ],
      immediate:
        unnamed.length > 0 && old.length === 0
          ? `Operator: upgrade the library that printed the refusal (the AWS SDK, or the storage client that embeds its own credential provider) to a release that supports ${what}, rebuild the image and roll it out.`
          : old.length > 0
            ? `Operator: upgrade the application's AWS SDK (${[...new Set(old.map((o) => sdkDisplayName(o.sdk)))].join(", ")}) past the ${what} minimum (${actions.map((a) => a.command.split("  #")[0]).join("; ")}), rebuild the image and roll it out.`
            : `Operator: find the AWS SDK version in the image and upgrade it past the ${what} minimum (or check that the code does not pin another credentials provider), then roll out the new image.`,
      actions,
      toConfirm,
    };
  },
};
