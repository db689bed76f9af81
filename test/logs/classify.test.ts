// classifyLogSignals: which causes the log evidence points to, and which SDK versions it shows.

import { describe, expect, it } from "vitest";
import { classifyLogSignals, scanLines, scanLogDir } from "../../src/logs/index.js";
import type { LogEvidence } from "../../src/snapshot/types.js";

const match = (patternId: string, line: number, captures: Record<string, string> = {}) => ({
  patternId,
  file: "pod/shop/app/app",
  line,
  text: "…",
  time: null,
  captures,
});

describe("classifyLogSignals", () => {
  it("groups matches under every cause their pattern suggests, counting all occurrences", () => {
    const evidence: LogEvidence = {
      files: ["pod/shop/app/app"],
      matches: [match("sts.web_identity_access_denied", 3), match("sts.web_identity_access_denied", 9), match("sts.no_oidc_provider", 12)],
      counts: { "sts.no_oidc_provider": 1, "sts.web_identity_access_denied": 40 },
    };
    const { causes } = classifyLogSignals(evidence);
    const subject = causes.find((c) => c.causeId === "trust_policy.subject_mismatch")!;
    expect(subject).toMatchObject({ severity: "high", count: 40, patternIds: ["sts.web_identity_access_denied"] });
    expect(subject.matches.map((m) => m.line)).toEqual([3, 9]);
    const issuer = causes.find((c) => c.causeId === "trust_policy.issuer_mismatch")!;
    expect(issuer.count).toBe(41);
    expect(causes.find((c) => c.causeId === "oidc_provider.missing")!.count).toBe(1);
  });

  it("orders causes by severity, then id, and ignores informational patterns", () => {
    const evidence: LogEvidence = {
      files: ["a"],
      matches: [
        match("pod_identity_agent.cache_expired_token", 1),
        match("pod_identity_agent.token_rejected", 2),
        match("network.sts_unreachable", 3, { host: "sts.eu-west-1.amazonaws.com" }),
      ],
      counts: { "network.sts_unreachable": 1, "pod_identity_agent.cache_expired_token": 1, "pod_identity_agent.token_rejected": 1 },
    };
    const { causes } = classifyLogSignals(evidence);
    expect(causes.map((c) => `${c.severity} ${c.causeId}`)).toEqual([
      "high network.sts_unreachable",
      "medium sdk.too_old",
      "medium token.audience_mismatch",
      "medium token.expired",
      "medium token.not_mounted_or_unreadable",
    ]);
  });

  it("flags an SDK too old for IRSA as sdk.too_old, and one too old only for Pod Identity when the pod uses it", async () => {
    const { evidence } = await scanLines("pod/shop/app/app", [
      "User-Agent: Boto3/1.9.200 Python/3.7.4 Botocore/1.12.190",
      "user-agent: aws-sdk-js/3.454.0 ua/2.0 os/linux lang/js",
    ]);
    const unknown = classifyLogSignals(evidence);
    expect(unknown.sdks.map((s) => [s.sdk, s.version, s.irsa.verdict, s.podIdentity.verdict])).toEqual([
      ["js", "3.454.0", "supported", "too_old"],
      ["python-boto3", "1.9.200", "too_old", "too_old"],
      ["python-botocore", "1.12.190", "too_old", "too_old"],
    ]);
    expect(unknown.causes.map((c) => [c.causeId, c.patternIds])).toEqual([
      ["sdk.too_old", ["sdk.version.python_boto3", "sdk.version.python_botocore"]],
    ]);
    const pod = classifyLogSignals(evidence, { mechanism: "pod_identity" });
    expect(pod.causes[0]!.patternIds).toEqual(["sdk.version.js", "sdk.version.python_boto3", "sdk.version.python_botocore"]);
    const irsa = classifyLogSignals(
      { ...evidence, matches: evidence.matches.filter((m) => m.patternId === "sdk.version.js") },
      { mechanism: "irsa" },
    );
    expect(irsa.causes).toEqual([]);
  });

  it("reads an SDK's version in the 'name version' shapes tools and issue templates print, not only its user agent", async () => {
    // One line per shape; each names a release older than its IRSA minimum, so each must come back too_old.
    const lines = [
      "SDK version: @aws-sdk/client-s3 3.20.0",
      "└── aws-sdk@2.500.0",
      "\t/go/pkg/mod/github.com/aws/aws-sdk-go@v1.23.0/aws/credentials/chain_provider.go:82 +0x1d4",
      "\tgithub.com/aws/aws-sdk-go v1.23.1 // indirect",
      "[INFO] |  +- software.amazon.awssdk:sts:jar:2.10.0:compile",
      "\tat com.amazonaws.auth.AWSCredentialsProviderChain.getCredentials(AWSCredentialsProviderChain.java:136) ~[aws-java-sdk-core-1.11.600.jar:?]",
      "Successfully installed boto3-1.9.100 botocore-1.12.100",
      "User-Agent: Boto3/1.9.210 md/Botocore#1.12.190 ua/2.0 os/linux#5.10.205",
      "    aws-sdk-core (3.50.0)",
      "  - Installing aws/aws-sdk-php (3.100.2): Extracting archive",
    ];
    const { evidence } = await scanLines("pod/shop/app/app", lines);
    const seen = classifyLogSignals(evidence).sdks.map((s) => `${s.sdk} ${s.version} ${s.irsa.verdict}`);
    expect(seen).toEqual([
      "go-v1 1.23.0 too_old",
      "go-v1 1.23.1 too_old",
      "java 1.11.600 too_old",
      "java 2.10.0 too_old",
      "js 2.500.0 too_old",
      "js 3.20.0 too_old",
      "php 3.100.2 too_old",
      "python-boto3 1.9.100 too_old",
      "python-boto3 1.9.210 too_old",
      "python-botocore 1.12.100 too_old",
      "python-botocore 1.12.190 too_old",
      "ruby-core 3.50.0 too_old",
    ]);
    // A range is not the version that runs, and a session named after botocore is not a version.
    const ranges = await scanLines("pod/shop/app/app", [
      '    "@aws-sdk/client-s3": "^3.20.0",',
      "boto3>=1.9.0",
      "User: arn:aws:sts::111122223333:assumed-role/app/botocore-session-1700000000 is not authorized to perform: s3:GetObject",
    ]);
    expect(classifyLogSignals(ranges.evidence).sdks).toEqual([]);
  });

  it("points the Java app's denied call as the node role to sdk.falls_back_to_node_role", async () => {
    const { evidence } = await scanLogDir("fixtures/logs/node-bundle");
    const signals = classifyLogSignals(evidence);
    const fallback = signals.causes.find((c) => c.causeId === "sdk.falls_back_to_node_role")!;
    expect(fallback.matches.map((m) => m.captures["roleName"])).toEqual(["eksctl-prod-nodegroup-ng-1-NodeInstanceRole-1A2B3C4D5E6F"]);
    // The node role's own permissions stay a candidate (a workload meant to run as the node), never from another line.
    expect(signals.causes.find((c) => c.causeId === "permissions.role_lacks_permission")?.patternIds).toEqual([
      "permissions.node_role_access_denied",
    ]);
    expect(signals.sdks.find((s) => s.sdk === "java")).toMatchObject({
      version: "1.11.600",
      irsa: { verdict: "too_old", minimum: "1.11.704" },
    });
    expect(signals.unknownPatternIds).toEqual([]);
  });

  it("reports pattern ids it does not know instead of dropping them silently", () => {
    const { causes, unknownPatternIds } = classifyLogSignals({
      files: ["a"],
      matches: [match("sts.retired_pattern", 1)],
      counts: { "sts.retired_pattern": 1 },
    });
    expect(causes).toEqual([]);
    expect(unknownPatternIds).toEqual(["sts.retired_pattern"]);
  });
});
