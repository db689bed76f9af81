// token.audience_mismatch: the pod's token is issued for a non-standard audience the cluster's OIDC provider
// does not list. A standard audience the provider lacks is oidc_provider.audience_mismatch's; an unread
// provider or an unknown audience lowers the confidence; no signal at all, no finding.

import { describe, expect, it } from "vitest";
import { check } from "../../../src/checks/token/audience-mismatch.js";
import { deriveFacts } from "../../../src/diagnosis/facts/index.js";
import { notCollected, valueOf } from "../../../src/snapshot/evidence.js";
import type { LogMatch, Snapshot } from "../../../src/snapshot/types.js";
import { loadScenario, variant } from "../../support/scenarios.js";

const SCENARIO = "token.audience_mismatch--vault-audience-annotation";
const PROVIDER = "arn:aws:iam::111122223333:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/5C1A9F3B2D7E4A6B8C0D1E2F3A4B5C6D";
const run = (s: Snapshot) => check.run(s, deriveFacts(s));

function clientIds(ids: string[]) {
  return (s: Snapshot): void => {
    const p = valueOf(s.aws.oidcProviders[PROVIDER]);
    if (!p) throw new Error("scenario has no described OIDC provider");
    p.ClientIDList = ids;
  };
}

function forgetProvider(s: Snapshot): void {
  s.aws.oidcProviders[PROVIDER] = notCollected(`OIDC provider ${PROVIDER}`);
}

function dropLogs(s: Snapshot): void {
  s.logs = notCollected("logs");
}

function audienceLog(s: Snapshot): void {
  const match: LogMatch = {
    patternId: "sts.incorrect_token_audience",
    file: "payments-api-7d9c8b6f5-x2k4q/payments-api.log",
    line: 5,
    text: "caused by: InvalidIdentityToken: Incorrect token audience",
    time: null,
    captures: {},
  };
  s.logs = { status: "found", value: { files: [match.file], matches: [match], counts: { [match.patternId]: 1 } }, source: "logs/" };
}

describe("token.audience_mismatch", () => {
  it("fires high when the annotated audience is not among the provider's client IDs, and offers both fixes", async () => {
    const finding = run(await loadScenario(SCENARIO));
    expect(finding?.causeId).toBe("token.audience_mismatch");
    expect(finding?.confidence).toBe("high");
    expect(finding?.detail).toContain("audience vault");
    expect(finding?.detail).toContain(PROVIDER);
    const commands = finding?.actions.map((a) => a.command) ?? [];
    expect(commands[0]).toBe("kubectl annotate serviceaccount payments-api -n payments eks.amazonaws.com/audience-");
    expect(commands).toContain("kubectl rollout restart deployment/payments-api -n payments");
    expect(commands).toContain(
      `aws iam add-client-id-to-open-id-connect-provider --open-id-connect-provider-arn ${PROVIDER} --client-id vault`,
    );
  });

  it("does not fire when the provider lists the non-standard audience", async () => {
    expect(run(await variant(SCENARIO, clientIds(["sts.amazonaws.com", "vault"])))).toBeNull();
  });

  it("leaves a standard audience the provider lacks to oidc_provider.audience_mismatch", async () => {
    expect(run(await variant("healthy--irsa", (s) => (clientIds(["vault"])(s), audienceLog(s))))).toBeNull();
  });

  it("is medium when the provider was not described but STS says the audience is wrong", async () => {
    const finding = run(await variant(SCENARIO, forgetProvider));
    expect(finding?.confidence).toBe("medium");
    expect(finding?.toConfirm?.join(" ")).toContain(`get-open-id-connect-provider --open-id-connect-provider-arn ${PROVIDER}`);
  });

  it("does not fire on an unverified non-standard audience with nothing failing", async () => {
    expect(run(await variant(SCENARIO, (s) => (forgetProvider(s), dropLogs(s))))).toBeNull();
  });

  it("fires on an audience written in the pod's own projected volume, pointing at the pod spec", async () => {
    const s = await variant("healthy--irsa", (x) => {
      const volume = valueOf(x.k8s.pod)!.spec.volumes!.find((v) => v.name === "aws-iam-token")!;
      volume.projected!.sources![0]!.serviceAccountToken!.audience =
        "https://oidc.eks.eu-west-1.amazonaws.com/id/5C1A9F3B2D7E4A6B8C0D1E2F3A4B5C6D";
    });
    const finding = run(s);
    expect(finding?.confidence).toBe("high");
    expect(finding?.detail).toContain("projected volume aws-iam-token in the pod spec");
    expect(finding?.immediate).toContain("project the token for sts.amazonaws.com");
  });

  it("is only low when neither the pod nor the service account says what the audience is", async () => {
    const s = await variant(SCENARIO, (x) => {
      x.k8s.pod = notCollected("pod payments/payments-api-7d9c8b6f5-x2k4q");
      x.k8s.serviceAccount = notCollected("service account payments/payments-api");
    });
    expect(run(s)?.confidence).toBe("low");
  });

  it("takes the webhook's default audience when the service account has no audience annotation and the pod is unknown", async () => {
    const s = await variant("healthy--irsa", (x) => {
      x.k8s.pod = notCollected("pod payments/payments-api-7d9c8b6f5-x2k4q");
      audienceLog(x);
    });
    expect(run(s)).toBeNull();
  });

  it("does not fire on the healthy scenarios", async () => {
    expect(run(await loadScenario("healthy--irsa"))).toBeNull();
    expect(run(await loadScenario("healthy--pod-identity"))).toBeNull();
  });
});
