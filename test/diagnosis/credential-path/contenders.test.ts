// A container carrying a shared credentials file next to its IRSA settings: which one its SDK takes depends
// on the SDK (JavaScript, Rust, C++ and .NET v3 read the file first) or on a profile the code names (Go), so
// what AWS recorded decides. Guards the Velero case (velero-io/velero#8240): "healthy" was said for a pod
// whose calls ran as the IAM user of a mounted credentials file.

import { describe, expect, it } from "vitest";
import { deriveFacts } from "../../../src/diagnosis/facts/index.js";
import { CHAINS, contendersOf } from "../../../src/diagnosis/credential-path/index.js";
import { canonicalPath, mountOf, samePath } from "../../../src/diagnosis/credential-path/mounts.js";
import { found } from "../../../src/snapshot/evidence.js";
import type { Snapshot } from "../../../src/snapshot/types.js";
import { diagnoseSnapshot, variant } from "../../support/scenarios.js";

const VELERO = "credential_chain.static_keys--velero-credentials-file-shadows-irsa";

function velero(p: Snapshot) {
  if (p.k8s.pod.status !== "found") throw new Error("no pod");
  return p.k8s.pod.value.spec.containers.find((c) => c.name === "velero")!;
}

describe("contenders of the selected provider", () => {
  it("an SDK not identified: a credentials file may come before web identity", () => {
    expect(contendersOf(CHAINS.unknown, new Set(["web_identity", "profile"]), "web_identity")).toEqual(["profile"]);
  });

  it("Go: a profile the code names comes first; Python and Java v2 read the file after web identity", () => {
    expect(contendersOf(CHAINS["go-v2"], new Set(["web_identity", "profile"]), "web_identity")).toEqual(["profile"]);
    expect(contendersOf(CHAINS.python, new Set(["web_identity", "profile"]), "web_identity")).toEqual([]);
    expect(contendersOf(CHAINS["java-v2"], new Set(["web_identity", "profile"]), "web_identity")).toEqual([]);
  });

  it("static keys in the environment: only .NET v3's profiles-first order puts anything before them", () => {
    expect(contendersOf(CHAINS.unknown, new Set(["env_static", "web_identity", "container"]), "env_static")).toEqual([]);
    expect(contendersOf(CHAINS.unknown, new Set(["env_static", "web_identity", "profile"]), "env_static")).toEqual(["profile"]);
  });
});

/** The bundle without its logs: their AccessDenied names the IAM user, which decides on its own (below). */
const noLogs = (x: Snapshot) => {
  x.logs = { status: "unavailable", reason: "not_collected", detail: "not collected" };
};

describe("what the pod's own logs say decides", () => {
  it("an AccessDenied naming an IAM user: the credentials file", async () => {
    const p = deriveFacts(await variant(VELERO, () => {})).credentialPaths.find((x) => x.container === "velero")!;
    expect(p.provider).toBe("profile");
    expect(p.decidedBy.map((d) => d.type)).toContain("credential_finding");
    expect(p.contenders).toEqual([]);
  });
});

describe("what AWS recorded decides", () => {
  it("no AssumeRoleWithWebIdentity and an empty RoleLastUsed while calls fail: the credentials file", async () => {
    const p = deriveFacts(await variant(VELERO, noLogs)).credentialPaths.find((x) => x.container === "velero")!;
    expect(p.provider).toBe("profile");
    expect(p.shadowed).toContain("web_identity");
    expect(p.decidedBy.map((d) => d.type)).toEqual(["cloudtrail", "event"]);
    expect(p.contenders).toEqual([]);
  });

  it("a successful AssumeRoleWithWebIdentity after the pod started: the web identity", async () => {
    const s = await variant(VELERO, (x) => {
      noLogs(x);
      x.aws.cloudTrail = found(
        [
          {
            EventId: "e1",
            EventName: "AssumeRoleWithWebIdentity",
            EventTime: "2024-10-14T08:20:30Z",
            CloudTrailEvent: { requestParameters: { roleArn: "arn:aws:iam::212121212121:role/ops-ldn-velero" } },
          },
        ],
        "aws/cloudtrail.json",
      );
    });
    const p = deriveFacts(s).credentialPaths.find((x) => x.container === "velero")!;
    expect(p.provider).toBe("web_identity");
    expect(p.decidedBy[0]?.what).toMatch(/succeeded at 2024-10-14T08:20:30Z/);
  });

  it("CloudTrail not collected: both stay open, and the verdict is not healthy", async () => {
    const s = await variant(VELERO, (x) => {
      noLogs(x);
      x.aws.cloudTrail = { status: "unavailable", reason: "not_collected", detail: "not collected" };
      x.k8s.events = found([], "k8s/");
    });
    const p = deriveFacts(s).credentialPaths.find((x) => x.container === "velero")!;
    expect(p.provider).toBe("web_identity");
    expect(p.contenders).toEqual(["profile"]);
    const { report } = await diagnoseSnapshot(s);
    expect(report.cause_id).not.toBe("healthy");
  });

  it("the credentials file mounted elsewhere but not named: still seen through AWS_SHARED_CREDENTIALS_FILE", async () => {
    const s = await variant(VELERO, (x) => {
      const c = velero(x);
      c.volumeMounts = c.volumeMounts!.map((m) => (m.name === "cloud-credentials" ? { ...m, mountPath: "/var/run/creds" } : m));
      c.env = c.env!.map((e) => (e.name === "AWS_SHARED_CREDENTIALS_FILE" ? { ...e, value: "/run/creds/cloud" } : e));
    });
    const p = deriveFacts(s).credentialPaths.find((x) => x.container === "velero")!;
    expect(p.sources.files.map((f) => f.mountPath)).toEqual(["/var/run/creds"]);
  });
});

describe("mount paths", () => {
  it("/run and /var/run name one file", () => {
    expect(canonicalPath("/var/run/secrets/x/")).toBe("/run/secrets/x");
    expect(samePath("/run/secrets/kubernetes.io/serviceaccount/token", "/var/run/secrets/kubernetes.io/serviceaccount/token")).toBe(true);
    expect(samePath("/var/runner/token", "/run/ner/token")).toBe(false);
    const hit = mountOf("/run/secrets/kubernetes.io/serviceaccount/token", [
      { mountPath: "/var/run/secrets/kubernetes.io/serviceaccount" },
      { mountPath: "/var/run" },
    ]);
    expect(hit).toEqual({ mount: { mountPath: "/var/run/secrets/kubernetes.io/serviceaccount" }, rel: "token" });
  });
});
