// kOps / kubeadm: the service-account issuer comes from the API server's discovery document when the
// cluster is not EKS, read live through the collector's client from the emulator over real HTTP, and the
// capture keeps it so the reloaded bundle knows the issuer too. An EKS cluster's issuer is in
// describe-cluster: no discovery read is made there.

import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { collectLive } from "../../src/collect/index.js";
import { ISSUER_DISCOVERY_PATH, parseIssuerDiscovery, readIssuerDiscovery } from "../../src/kube/issuer-discovery.js";
import { loadSnapshotDir } from "../../src/snapshot/load/index.js";
import { writeSnapshotDir } from "../../src/snapshot/write/index.js";
import { liveTargetOf, scenarioDir, withEmulator } from "../collect/helpers.js";
import { diagnoseSnapshot } from "../support/scenarios.js";

const KOPS = "healthy--kops-irsa-zero-configuration";
const KUBEADM = "oidc_provider.missing--kubeadm-token-issuer-is-first-service-account-issuer";

async function live(name: string) {
  const offline = await loadSnapshotDir(scenarioDir(name));
  return withEmulator(scenarioDir(name), {}, async (e) => {
    const got = await collectLive(liveTargetOf(offline.target), { cluster: offline.target.cluster ?? undefined, timeoutMs: 5000 });
    return { offline, got, requests: e.requests() };
  });
}

describe("service-account issuer discovery", () => {
  it("the emulator serves the document over HTTP, with the bundle's issuer", async () => {
    const offline = await loadSnapshotDir(scenarioDir(KUBEADM));
    await withEmulator(scenarioDir(KUBEADM), {}, async (e) => {
      const doc = await readIssuerDiscovery(async (path) => {
        const res = await fetch(`${e.url}${path}`);
        expect(res.status).toBe(200);
        return res.text();
      });
      expect(doc.issuer).toBe(offline.k8s.serviceAccountIssuer?.status === "found" ? offline.k8s.serviceAccountIssuer.value : "?");
      expect(doc.jwks_uri).toMatch(/\/openid\/v1\/jwks$/);
    });
  });

  it("a kOps cluster: read live when describe-cluster has no such cluster, and the report names the issuer", async () => {
    const { offline, got, requests } = await live(KOPS);
    expect(requests.some((r) => r.service === "k8s" && r.path === ISSUER_DISCOVERY_PATH)).toBe(true);
    const issuer = got.snapshot.k8s.serviceAccountIssuer;
    expect(issuer?.status).toBe("found");
    expect(issuer?.status === "found" && issuer.value).toBe(
      offline.k8s.serviceAccountIssuer?.status === "found" ? offline.k8s.serviceAccountIssuer.value : "?",
    );
    const { report } = await diagnoseSnapshot(got.snapshot);
    expect(report.evidence.map((e) => e.content).join("\n")).toContain(
      `its service-account issuer is ${issuer?.status === "found" ? issuer.value : "?"}`,
    );
  });

  it("a kOps cluster: the issuer is read before the OIDC provider is looked up, so the provider is described live (once each)", async () => {
    const name = "oidc_provider.audience_mismatch--kops-provider-amazonaws-com-helm-webhook-sts-audience";
    const { offline, got } = await live(name);
    const round = (action: string) => got.calls.filter((c) => c.action === action).map((c) => c.round);
    const discovery = round(`get ${ISSUER_DISCOVERY_PATH}`);
    const described = round("GetOpenIDConnectProvider");
    expect({ discovery: discovery.length, described: described.length }).toEqual({ discovery: 1, described: 1 });
    expect(discovery[0]).toBeGreaterThan(round("DescribeCluster")[0]!);
    expect(described[0]).toBeGreaterThan(discovery[0]!);
    const arns = Object.keys(offline.aws.oidcProviders);
    expect(arns.length).toBeGreaterThan(0);
    for (const arn of arns) expect(got.snapshot.aws.oidcProviders[arn]?.status).toBe("found");
  });

  it("the capture writes the document, and the reloaded bundle has the issuer", async () => {
    const { got } = await live(KOPS);
    const dir = await mkdtemp(join(tmpdir(), "irsa-issuer-"));
    try {
      const files = await writeSnapshotDir(got.snapshot, got.captured, join(dir, "b"));
      expect(files).toContain("k8s/openid-configuration.json");
      const doc = parseIssuerDiscovery(await readFile(join(dir, "b", "k8s/openid-configuration.json"), "utf8"));
      const reloaded = await loadSnapshotDir(join(dir, "b"));
      expect(reloaded.k8s.serviceAccountIssuer?.status === "found" && reloaded.k8s.serviceAccountIssuer.value).toBe(doc.issuer);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("an EKS cluster: its issuer is in describe-cluster, so the discovery document is not read", async () => {
    const { requests } = await live("healthy--irsa");
    expect(requests.some((r) => r.path === ISSUER_DISCOVERY_PATH)).toBe(false);
  });

  it("a body that is not a discovery document is refused with what is wrong", () => {
    expect(() => parseIssuerDiscovery("<html>")).toThrow(/did not answer JSON/);
    expect(() => parseIssuerDiscovery('{"issuer":"https://x"}')).toThrow(/without "issuer" and "jwks_uri"/);
  });
});
