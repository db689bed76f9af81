// token.expired: STS's "Token expired" is the signal; a container that outlived its token, a short token
// lifetime or a supported SDK raise the confidence; an SDK too old to re-read the token is sdk.too_old's.

import { describe, expect, it } from "vitest";
import { check } from "../../../src/checks/token/expired.js";
import { deriveFacts } from "../../../src/diagnosis/facts/index.js";
import { notCollected, valueOf } from "../../../src/snapshot/evidence.js";
import type { LogMatch, Snapshot } from "../../../src/snapshot/types.js";
import { loadScenario, variant } from "../../support/scenarios.js";

const SCENARIO = "token.expired--token-read-once-at-start";
const run = (s: Snapshot) => check.run(s, deriveFacts(s));

function editMatches(s: Snapshot, change: (m: LogMatch[]) => LogMatch[]): void {
  const logs = valueOf(s.logs) ?? { files: [], matches: [], counts: {} };
  s.logs = { status: "found", value: { ...logs, matches: change(logs.matches) }, source: "logs/" };
}

const match = (patternId: string, text: string, captures: Record<string, string> = {}): LogMatch => ({
  patternId,
  file: "payments-api-7d9c8b6f5-x2k4q/payments-api.log",
  line: 20,
  text,
  time: "2024-05-14T09:31:47.905Z",
  captures,
});

const withoutSdkVersion = (s: Snapshot) => editMatches(s, (ms) => ms.filter((m) => !m.patternId.startsWith("sdk.version.")));

describe("token.expired", () => {
  it("fires high when a container that outlived its token presents an expired one with a supported SDK", async () => {
    const finding = run(await loadScenario(SCENARIO));
    expect(finding?.causeId).toBe("token.expired");
    expect(finding?.confidence).toBe("high");
    expect(finding?.detail).toContain("payments-api-7d9c8b6f5-x2k4q");
    expect(finding?.detail).toContain("51 hours before the error");
    expect(finding?.actions[0]?.command).toBe("kubectl rollout restart deployment/payments-api -n payments");
    expect(finding?.evidence.some((e) => e.content === "The token presented had expired 27 hours earlier (98255s)")).toBe(true);
  });

  it("stands aside when the logs show an SDK too old to re-read the token (sdk.too_old)", async () => {
    const s = await variant(SCENARIO, (x) =>
      editMatches(x, (ms) => [
        ...ms,
        match("sdk.version.go_v1", "User-Agent: aws-sdk-go/1.19.4 (go1.12.9; linux; amd64)", { version: "1.19.4" }),
      ]),
    );
    expect(run(s)).toBeNull();
  });

  it("is medium without an SDK version, and asks for it", async () => {
    const finding = run(await variant(SCENARIO, withoutSdkVersion));
    expect(finding?.confidence).toBe("medium");
    expect(finding?.toConfirm?.join(" ")).toContain("AWS SDK version");
  });

  it("is only low on the log alone when the pod spec is not available", async () => {
    const s = await variant(SCENARIO, (x) => {
      withoutSdkVersion(x);
      x.k8s.pod = notCollected("pod payments/payments-api-7d9c8b6f5-x2k4q");
    });
    expect(run(s)?.confidence).toBe("low");
  });

  it("names a short token lifetime and offers the default back through the service account", async () => {
    const s = await variant(SCENARIO, (x) => {
      const pod = valueOf(x.k8s.pod)!;
      pod.status!.containerStatuses![0]!.state = { running: { startedAt: "2024-05-14T09:20:00Z" } };
      pod.spec.volumes!.find((v) => v.name === "aws-iam-token")!.projected!.sources![0]!.serviceAccountToken!.expirationSeconds = 600;
    });
    const finding = run(s);
    expect(finding?.confidence).toBe("high");
    expect(finding?.detail).toContain("lives only 600s");
    expect(finding?.actions.map((a) => a.command)).toContain(
      "kubectl annotate serviceaccount payments-api -n payments eks.amazonaws.com/token-expiration=86400 --overwrite",
    );
  });

  it("points at the node clock when a fresh container's token expired moments before", async () => {
    const s = await variant(SCENARIO, (x) => {
      valueOf(x.k8s.pod)!.status!.containerStatuses![0]!.state = { running: { startedAt: "2024-05-14T09:20:00Z" } };
      editMatches(x, (ms) => [
        ...ms.filter((m) => m.patternId !== "sts.web_identity_token_expired"),
        match(
          "sts.web_identity_token_expired",
          "caused by: ExpiredTokenException: Token expired: current date/time 1715679107 must be before the expiration date/time 1715679077",
          {
            now: "1715679107",
            expiry: "1715679077",
          },
        ),
      ]);
    });
    const finding = run(s);
    expect(finding?.confidence).toBe("medium");
    expect(finding?.toConfirm?.join(" ")).toContain("node's clock");
    expect(finding?.immediate).toContain("clock");
  });

  it("is only low on expired session credentials, which may not be the web identity token at all", async () => {
    const s = await variant("healthy--irsa", (x) =>
      editMatches(x, (ms) => [...ms, match("sts.expired_token", "ExpiredToken: The security token included in the request is expired")]),
    );
    expect(run(s)?.confidence).toBe("low");
  });

  it("does not fire on the healthy scenarios", async () => {
    expect(run(await loadScenario("healthy--irsa"))).toBeNull();
    expect(run(await loadScenario("healthy--pod-identity"))).toBeNull();
  });
});
