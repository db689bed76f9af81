// The directory scanner over a node's collected logs (fixtures/logs/node-bundle): Go, Python, Java and
// JavaScript applications, the Pod Identity agent, a journal export and a Go add-on's multi-line error.

import { describe, expect, it } from "vitest";
import { scanLogDir } from "../../src/logs/index.js";
import type { LogMatch } from "../../src/snapshot/types.js";

const BUNDLE = "fixtures/logs/node-bundle";
const pod = (name: string) => (m: LogMatch) => m.file.startsWith("var/log/pods/") && m.file.includes(`_${name}-`);
const ids = (ms: LogMatch[]) => ms.map((m) => `${m.line}:${m.patternId}`);

describe("scanLogDir on a node bundle", async () => {
  const { evidence, problems } = await scanLogDir(BUNDLE);

  it("lists every text file it read, relative to the root with POSIX separators, sorted", () => {
    expect(evidence.files).toHaveLength(7);
    expect(evidence.files).toEqual([...evidence.files].sort());
    expect(evidence.files).toContain("var/log/journal-export/kubelet.txt");
    for (const f of evidence.files) expect(f.startsWith("/") || f.includes("\\")).toBe(false);
    expect(problems).toEqual([]);
  });

  it("finds the Go v2 app's trust-policy refusals (the Go wrapper is superseded by the specific message)", () => {
    const orders = evidence.matches.filter(pod("orders-api"));
    expect(ids(orders)).toEqual([
      "3:sdk.version.go_v2",
      "4:sts.web_identity_access_denied",
      "6:sts.web_identity_access_denied",
      "8:sts.web_identity_access_denied",
    ]);
    expect(orders[1]!.time).toBe("2026-11-28T10:00:00.512Z");
    // Nowhere: the add-on's Go v1 wrapper has its reason on the next line of the same record, which supersedes it.
    expect(evidence.counts["sts.web_identity_exchange_failed"]).toBeUndefined();
  });

  it("finds the Python app's expired web identity token, with the epoch values captured", () => {
    const payments = evidence.matches.filter(pod("payments"));
    expect(ids(payments)).toEqual([
      "2:sdk.version.python_boto3",
      "2:sdk.version.python_botocore",
      "4:sdk.version.python_boto3",
      "4:sdk.version.python_botocore",
      "9:sts.web_identity_token_expired",
      "11:sts.expired_token",
    ]);
    expect(payments[4]!.captures).toEqual({ expiry: "1795860912", now: "1795864512" });
  });

  it("tells the Java app's node-role fallback from a permission gap, capturing the assumed role", () => {
    const cart = evidence.matches.filter(pod("cart"));
    expect(ids(cart)).toEqual(["2:sdk.version.java", "5:permissions.node_role_access_denied"]);
    expect(cart[1]!.captures["roleName"]).toBe("eksctl-prod-nodegroup-ng-1-NodeInstanceRole-1A2B3C4D5E6F");
    expect(cart[1]!.captures["action"]).toBe("dynamodb:PutItem");
    expect(evidence.counts["permissions.access_denied"]).toBeUndefined();
  });

  it("finds the JavaScript app's failures to reach the Pod Identity agent", () => {
    expect(ids(evidence.matches.filter(pod("inventory")))).toEqual([
      "2:sdk.version.js",
      "3:pod_identity.agent_connection_refused",
      "6:pod_identity.agent_timeout",
    ]);
  });

  it("reads the agent's JSON log: EKS Auth unreachable, a missing association, and a benign cache eviction kept low", () => {
    const agent = evidence.matches.filter(pod("eks-pod-identity-agent"));
    expect(ids(agent)).toEqual([
      "5:pod_identity_agent.eks_auth_unreachable",
      "6:pod_identity_agent.cache_expired_token",
      "7:pod_identity.association_not_found",
    ]);
    expect(evidence.counts["sts.expired_token"]).toBe(1); // the Python app's, not the agent's eviction
  });

  it("reads a multi-line Go v1 error as one record (its reason supersedes the wrapper) and infers klog's missing year", () => {
    const nth = evidence.matches.filter((m) => m.file === "var/log/node-termination-handler.txt");
    expect(ids(nth)).toEqual(["3:sts.no_oidc_provider", "6:creds.go_no_valid_providers"]);
    expect(nth[0]!.time).toBeNull(); // a continuation line carries no timestamp
    expect(nth[0]!.captures["issuer"]).toBe("https://oidc.eks.eu-west-1.amazonaws.com/id/0A1B2C3D4E5F60718293A4B5C6D7E8F9");
    expect(nth[1]!.time).toBe("2026-11-28T10:04:12.123Z"); // klog's header has no year: the file's line 2 gave it
  });

  it("redacts the session token, the temporary key id, the request signature and the service-account JWT", () => {
    const all = JSON.stringify(evidence);
    for (const secret of ["IQoJb3JpZ2lu", "ASIAZ7EXAMPLE4QWERTY", "0f1e2d3c4b5a6978", "eyJhbGciOiJSUzI1NiIs", "wJalrXUtnFEMI"])
      expect(all).not.toContain(secret);
    const header = evidence.matches.find((m) => m.file.includes("payments") && m.line === 4)!;
    expect(header.text).toContain("Credential=ASIA[REDACTED]/20261128");
    expect(header.text).toContain("'X-Amz-Security-Token': '[REDACTED]'");
  });

  it("sorts matches by file, line and pattern id and counts every match", () => {
    const keys = evidence.matches.map((m) => [m.file, m.line, m.patternId] as const);
    const sorted = [...keys].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] - b[1] || (a[2] < b[2] ? -1 : 1)));
    expect(keys).toEqual(sorted);
    const total = Object.values(evidence.counts).reduce((a, b) => a + b, 0);
    expect(total).toBe(evidence.matches.length);
    expect(Object.keys(evidence.counts)).toEqual(Object.keys(evidence.counts).sort());
  });

  it("gives the same output on a second scan", async () => {
    expect(JSON.stringify(await scanLogDir(BUNDLE))).toBe(JSON.stringify({ evidence, problems }));
  });
});
