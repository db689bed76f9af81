// network.sts_unreachable: STS connection failures in the logs, high when the IRSA trust admits the pod,
// lower when the configuration is also wrong or unknown; names the host, the kind of failure and, for the
// global endpoint, the regional-endpoint fix.

import { describe, expect, it } from "vitest";
import { check } from "../../../src/checks/network/sts-unreachable.js";
import { deriveFacts } from "../../../src/diagnosis/facts/index.js";
import { found, notCollected } from "../../../src/snapshot/evidence.js";
import type { LogMatch, Snapshot } from "../../../src/snapshot/types.js";
import { variant } from "../../support/scenarios.js";

const PI = "healthy--pod-identity";
const IRSA = "healthy--irsa";
const LOG = "payments-api-7d9c8b6f5-x2k4q/payments-api.log";

const run = (s: Snapshot) => check.run(s, deriveFacts(s));

const line = (text: string, host: string | null, patternId = "network.sts_unreachable"): LogMatch => ({
  patternId,
  file: LOG,
  line: 3,
  text,
  time: null,
  captures: host ? { host } : {},
});
const regionalTimeout = line(
  'operation error STS: AssumeRoleWithWebIdentity, exceeded maximum number of attempts, 3, https response error StatusCode: 0, RequestID: , request send failed, Post "https://sts.eu-west-1.amazonaws.com/": dial tcp 67.220.226.38:443: i/o timeout',
  "sts.eu-west-1.amazonaws.com",
);

function withLogs(s: Snapshot, matches: LogMatch[]): void {
  s.logs = found({ files: [LOG], matches, counts: Object.fromEntries(matches.map((m) => [m.patternId, 1])) }, "logs/");
}

function unsetEnv(s: Snapshot, name: string): void {
  if (s.k8s.pod.status !== "found") throw new Error("no pod");
  for (const c of s.k8s.pod.value.spec.containers) c.env = (c.env ?? []).filter((e) => e.name !== name);
}

describe("network.sts_unreachable", () => {
  it("does not fire on the healthy IRSA and Pod Identity scenarios", async () => {
    expect(run(await variant(IRSA, () => {}))).toBeNull();
    expect(run(await variant(PI, () => {}))).toBeNull();
  });

  it("fires high on an STS timeout when the trust policy admits the pod, naming the host and the STS endpoint fix", async () => {
    const finding = run(await variant(IRSA, (x) => withLogs(x, [regionalTimeout])));
    expect(finding?.causeId).toBe("network.sts_unreachable");
    expect(finding?.confidence).toBe("high");
    expect(finding?.detail).toBe(
      "Pod payments-api-7d9c8b6f5-x2k4q cannot reach sts.eu-west-1.amazonaws.com to exchange its token: connections to it time out",
    );
    expect(finding?.actions.map((a) => a.command).join("\n")).toContain(
      "--service-name com.amazonaws.eu-west-1.sts --subnet-ids subnet-0a1b2c3d4e5f60718",
    );
  });

  it("reads an SDK wrapper's 'caused by' chain: a reset on a plain-HTTP STS URL is STS unreachable, with TLS turned off named", async () => {
    const wrapped = line(
      'WebIdentityErr: failed to retrieve credentials\ncaused by: RequestError: send request failed\ncaused by: Post "http://sts.us-east-1.amazonaws.com/": read tcp 100.64.15.129:48714->67.220.245.46:80: read: connection reset by peer',
      null,
      "creds.go_web_identity_err",
    );
    const f = run(await variant(IRSA, (x) => withLogs(x, [wrapped])));
    expect(f?.causeId).toBe("network.sts_unreachable");
    expect(f?.detail).toMatch(/its connections are reset/);
    expect(f?.detail).toMatch(/over plain HTTP \(port 80\), which STS does not serve/);
    expect(f?.immediate).toMatch(/^Operator: make the application call sts\.us-east-1\.amazonaws\.com over HTTPS/);
    // An STS refusal is not a network failure, whatever pattern recognised the line.
    const denied = line(
      'WebIdentityErr: failed to retrieve credentials\ncaused by: AccessDenied: Not authorized to perform sts:AssumeRoleWithWebIdentity\n\tstatus code: 403, request id: x, Post "https://sts.us-east-1.amazonaws.com/"',
      null,
      "creds.go_web_identity_err",
    );
    expect(run(await variant(IRSA, (x) => withLogs(x, [denied])))).toBeNull();
  });

  it("points at the regional endpoint when the SDK calls the global sts.amazonaws.com", async () => {
    const s = await variant(IRSA, (x) => {
      unsetEnv(x, "AWS_STS_REGIONAL_ENDPOINTS");
      withLogs(x, [line("java.net.UnknownHostException: sts.amazonaws.com", "sts.amazonaws.com")]);
    });
    const finding = run(s);
    expect(finding?.detail).toContain("its name does not resolve (DNS)");
    expect(finding?.detail).toContain("the SDK calls the global endpoint sts.amazonaws.com (AWS_STS_REGIONAL_ENDPOINTS is not set)");
    expect(finding?.actions.map((a) => a.command)).toContain(
      "kubectl annotate serviceaccount payments-api -n payments eks.amazonaws.com/sts-regional-endpoints=true --overwrite",
    );
  });

  it("counts a proxy error that names STS, and ignores one that does not", async () => {
    const viaProxy = line('Post "https://sts.eu-west-1.amazonaws.com/": Proxy Authentication Required', null, "network.proxy_error");
    const finding = run(await variant(IRSA, (x) => withLogs(x, [viaProxy])));
    expect(finding?.detail).toContain("the HTTP proxy in the way fails");
    const other = line(
      'botocore.exceptions.ProxyConnectionError: Failed to connect to proxy URL: "http://proxy.corp.example:3128"',
      null,
      "network.proxy_error",
    );
    expect(run(await variant(IRSA, (x) => withLogs(x, [other])))).toBeNull();
  });

  it("is medium when the trust policy also refuses the pod", async () => {
    const s = await variant(IRSA, (x) => {
      const role = x.aws.roles["payments-api-irsa"];
      if (role?.status !== "found") throw new Error("no role");
      role.value.AssumeRolePolicyDocument = {
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }],
      };
      withLogs(x, [regionalTimeout]);
    });
    const finding = run(s);
    expect(finding?.confidence).toBe("medium");
    expect(finding?.toConfirm?.[0]).toContain("the role's trust policy also refuses the pod (implicit_deny)");
  });

  it("is medium when the role's trust policy could not be read", async () => {
    const s = await variant(IRSA, (x) => {
      x.aws.roles["payments-api-irsa"] = notCollected("role payments-api-irsa");
      withLogs(x, [regionalTimeout]);
    });
    const finding = run(s);
    expect(finding?.confidence).toBe("medium");
    expect(finding?.toConfirm?.[0]).toContain("the trust policy of role payments-api-irsa is not available");
  });

  it("is medium for a Pod Identity pod, whose credentials do not come from STS", async () => {
    // The line must be the Pod Identity pod's own: another pod's log file is not its evidence.
    const own = { ...regionalTimeout, file: "orders-worker-5f8d9c7b4-m7z9p/orders-worker.log" };
    const finding = run(await variant(PI, (x) => withLogs(x, [own])));
    expect(finding?.confidence).toBe("medium");
  });

  it("is low when the pod has no identity configured at all", async () => {
    const s = await variant(IRSA, (x) => {
      if (x.k8s.serviceAccount.status !== "found") throw new Error("no SA");
      x.k8s.serviceAccount.value.metadata.annotations = {};
      unsetEnv(x, "AWS_ROLE_ARN");
      unsetEnv(x, "AWS_WEB_IDENTITY_TOKEN_FILE");
      withLogs(x, [regionalTimeout]);
    });
    expect(run(s)?.confidence).toBe("low");
  });
});
