// token.expired: STS rejected the projected web identity token as expired. The kubelet keeps the file fresh,
// so an expired token means the process presented one it read long ago (it caches or copied the token
// instead of re-reading the file), a very short token lifetime, or a node clock that is off. An SDK too old
// to re-read the file explains it too: that is sdk.too_old, so this check stands aside when one is seen.

import type { Check, Confidence, Finding, OperatorAction, ReportEvidence } from "../types.js";
import type { Facts } from "../../diagnosis/facts/index.js";
import type { LogMatch, Pod, Snapshot } from "../../snapshot/types.js";
import { valueOf } from "../../snapshot/evidence.js";
import { classifyLogSignals } from "../../logs/index.js";
import { restartPods, restartTarget } from "../actions.js";
import { causeMeta } from "../../causes.js";
import { compareText } from "../../util/compare.js";

/** What the webhook projects unless eks.amazonaws.com/token-expiration says otherwise. */
const DEFAULT_LIFETIME_SECONDS = 86400;
/** Below this a token lifetime is unusually short (the kubelet accepts 600 and up). */
const SHORT_LIFETIME_SECONDS = 3600;
/** An expiry this close to "now" points at clock skew rather than a token kept for hours. */
const SKEW_SECONDS = 300;

function epoch(m: LogMatch, key: string): number | null {
  const v = m.captures[key];
  return v && /^\d{9,11}$/.test(v) ? Number(v) : null;
}

/** When the error happened, in seconds: the STS message's own clock, else the line's timestamp. */
function errorTime(m: LogMatch): number | null {
  const now = epoch(m, "now");
  if (now !== null) return now;
  const t = m.time ? Date.parse(m.time) : Number.NaN;
  return Number.isNaN(t) ? null : t / 1000;
}

/** When the container that reads the token started (the oldest running one that has the variable). */
function startedAt(pod: Pod | undefined): { container: string; at: string } | null {
  if (!pod) return null;
  const readers = new Set(
    pod.spec.containers.filter((c) => (c.env ?? []).some((e) => e.name === "AWS_WEB_IDENTITY_TOKEN_FILE")).map((c) => c.name),
  );
  const running = (pod.status?.containerStatuses ?? [])
    .filter((st) => readers.has(st.name) && st.state?.running?.startedAt)
    .map((st) => ({ container: st.name, at: st.state!.running!.startedAt! }))
    .sort((a, b) => compareText(a.at, b.at));
  return running[0] ?? null;
}

const duration = (seconds: number): string =>
  seconds >= 7200
    ? `${Math.round(seconds / 3600)} hours`
    : seconds >= 120
      ? `${Math.round(seconds / 60)} minutes`
      : `${Math.round(seconds)} seconds`;

/** The most recent match: the one closest to the incident, whose clock says the most. */
function latest(matches: LogMatch[]): LogMatch | undefined {
  return [...matches].sort((a, b) => (errorTime(a) ?? 0) - (errorTime(b) ?? 0)).pop();
}

export const check: Check = {
  ...causeMeta("token.expired"),
  run(s: Snapshot, f: Facts): Finding | null {
    const signals = f.logSignals.get("token.expired") ?? [];
    const tokenExpired = signals.filter((m) => m.patternId === "sts.web_identity_token_expired");
    const sessionExpired = signals.filter((m) => m.patternId === "sts.expired_token");
    if (tokenExpired.length === 0 && sessionExpired.length === 0) return null;
    const logs = valueOf(s.logs);
    const sdks = logs ? classifyLogSignals(logs, { mechanism: "irsa" }).sdks : [];
    if (sdks.some((x) => x.irsa.verdict === "too_old")) return null;
    const sdkSupported = sdks.find((x) => x.irsa.verdict === "supported");

    const token = f.workload.irsaToken;
    const lifetime = token?.expirationSeconds ?? DEFAULT_LIFETIME_SECONDS;
    const first = latest(tokenExpired) ?? latest(sessionExpired)!;
    const at = errorTime(first);
    const start = startedAt(f.pod);
    const ranFor = at !== null && start ? at - Date.parse(start.at) / 1000 : null;
    const expiry = epoch(first, "expiry");
    const expiredFor = at !== null && expiry !== null ? at - expiry : null;

    const signs: string[] = [];
    if (token?.expirationSeconds != null && token.expirationSeconds < SHORT_LIFETIME_SECONDS) {
      signs.push(`the projected token ${token.volume} lives only ${token.expirationSeconds}s (expirationSeconds)`);
    }
    if (ranFor !== null && start && ranFor > lifetime) {
      signs.push(
        `container ${start.container} started at ${start.at}, ${duration(ranFor)} before the error, longer than the token's ${lifetime}s lifetime`,
      );
    }
    const skew = expiredFor !== null && expiredFor >= 0 && expiredFor < SKEW_SECONDS && signs.length === 0;

    let confidence: Confidence = "low";
    if (tokenExpired.length > 0 && signs.length > 0) confidence = sdkSupported ? "high" : "medium";
    else if (tokenExpired.length > 0 && sdkSupported) confidence = "medium";

    const toConfirm: string[] = [];
    if (!sdkSupported)
      toConfirm.push(
        "the AWS SDK version the application uses: an SDK older than the IRSA minimum does not re-read the token (sdk.too_old)",
      );
    if (tokenExpired.length === 0)
      toConfirm.push(
        'whether the expired token is the web identity token ("Token expired: current date/time ...") or the session credentials the SDK failed to refresh',
      );
    if (!f.pod) toConfirm.push("the pod spec: the projected token's expirationSeconds and when the container started");
    if (skew) toConfirm.push(`the node's clock: the token had expired only ${expiredFor}s before STS saw it`);

    const evidence: ReportEvidence[] = [first, ...tokenExpired, ...sessionExpired]
      .filter((m, i, all) => all.indexOf(m) === i)
      .slice(0, 2)
      .map((m) => ({ type: "credential_finding", content: m.text, source: `${m.file}:${m.line}` }));
    const podSource = s.k8s.pod.status === "found" ? { source: s.k8s.pod.source } : {};
    for (const sign of signs) evidence.push({ type: "pod_spec", content: `Pod ${f.pod?.metadata.name}: ${sign}`, ...podSource });
    if (expiredFor !== null && expiredFor >= 0)
      evidence.push({
        type: "credential_finding",
        content: `The token presented had expired ${duration(expiredFor)} earlier (${expiredFor}s)`,
      });
    if (sdkSupported)
      evidence.push({
        type: "credential_finding",
        content: `SDK ${sdkSupported.sdk} ${sdkSupported.version} supports IRSA: ${sdkSupported.irsa.reason}`,
      });

    const sa = f.workload.serviceAccountName ?? "<service-account>";
    const ns = f.workload.namespace;
    const restart = restartPods(s, f, "a new container reads a fresh token");
    const actions: OperatorAction[] = [
      {
        ...restart,
        description:
          "Restart the pods so the process starts with a fresh token; this only buys time until the token it keeps expires again.",
      },
    ];
    if (token?.expirationSeconds != null && token.expirationSeconds < SHORT_LIFETIME_SECONDS) {
      actions.push({
        description: `Give the projected token the default lifetime (${DEFAULT_LIFETIME_SECONDS}s) through ServiceAccount ${ns}/${sa}; it takes effect for pods created afterwards.`,
        command: `kubectl annotate serviceaccount ${sa} -n ${ns} eks.amazonaws.com/token-expiration=${DEFAULT_LIFETIME_SECONDS} --overwrite`,
        safety: "Annotate ServiceAccount",
      });
    }
    const keptToken = ranFor !== null && ranFor > lifetime;
    const why =
      signs.length > 0
        ? `: ${signs.join("; ")}${keptToken ? ", so the process is presenting a token it read long ago instead of re-reading the file" : ""}`
        : skew
          ? ": it had expired only moments before, which points at the node's clock"
          : "";
    return {
      causeId: "token.expired",
      confidence,
      detail: `STS rejected the web identity token of pod ${f.pod?.metadata.name ?? s.target.pod ?? `of ServiceAccount ${ns}/${sa}`} as expired${why}`,
      evidence,
      immediate: `Operator: restart ${restartTarget(s, f)} in namespace ${ns} for a fresh token, then make the application re-read AWS_WEB_IDENTITY_TOKEN_FILE whenever it refreshes credentials (use the SDK's default web identity provider, upgraded if old, and never copy the token at start-up)${skew ? "; check the node's clock synchronisation" : ""}.`,
      actions,
      toConfirm,
    };
  },
};
