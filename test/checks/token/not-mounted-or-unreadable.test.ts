// token.not_mounted_or_unreadable: a container told where its token is (AWS_WEB_IDENTITY_TOKEN_FILE or Pod
// Identity's AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE) without a token mounted there, or logs saying the file
// is missing or unreadable. Hand-written template variables get an exact patch; old kubelets and non-root
// users explain "permission denied"; a log without the pod spec is only a candidate.

import { describe, expect, it } from "vitest";
import { check } from "../../../src/checks/token/not-mounted-or-unreadable.js";
import { deriveFacts } from "../../../src/diagnosis/facts/index.js";
import { notCollected, valueOf } from "../../../src/snapshot/evidence.js";
import type { LogMatch, Pod, Snapshot } from "../../../src/snapshot/types.js";
import { loadScenario, variant } from "../../support/scenarios.js";

const SIDECAR = "token.not_mounted_or_unreadable--sidecar-env-copied";
const TOKEN = "/var/run/secrets/eks.amazonaws.com/serviceaccount/token";
const run = (s: Snapshot) => check.run(s, deriveFacts(s));
const pod = (s: Snapshot): Pod => valueOf(s.k8s.pod)!;

function withLog(s: Snapshot, patternId: string, text: string): void {
  const match: LogMatch = {
    patternId,
    file: "payments-api-7d9c8b6f5-x2k4q/payments-api.log",
    line: 4,
    text,
    time: "2024-05-14T09:31:02.216Z",
    captures: {},
  };
  const logs = valueOf(s.logs) ?? { files: [], matches: [], counts: {} };
  s.logs = {
    status: "found",
    value: { ...logs, matches: [...logs.matches, match], counts: { ...logs.counts, [patternId]: 1 } },
    source: "logs/",
  };
}

const denied = `caused by: open ${TOKEN}: permission denied`;

function runAs(user: number) {
  return (s: Snapshot): void => {
    pod(s).spec.containers[0]!["securityContext"] = { runAsNonRoot: true, runAsUser: user };
  };
}

function kubelet(version: string) {
  return (s: Snapshot): void => {
    const node = valueOf(s.k8s.node);
    if (node?.status?.nodeInfo) node.status.nodeInfo.kubeletVersion = version;
  };
}

describe("token.not_mounted_or_unreadable", () => {
  it("fires high on a sidecar with hand-written variables and no mount, with a guarded patch removing them", async () => {
    const finding = run(await loadScenario(SIDECAR));
    expect(finding?.causeId).toBe("token.not_mounted_or_unreadable");
    expect(finding?.confidence).toBe("high");
    expect(finding?.detail).toContain("container statements-sync");
    expect(finding?.detail).toContain("deployment/payments-api writes AWS_ROLE_ARN and AWS_WEB_IDENTITY_TOKEN_FILE");
    const patch = finding?.actions.find((a) => a.command.startsWith("kubectl patch"))?.command ?? "";
    expect(patch).toContain('{"op":"test","path":"/spec/template/spec/containers/1/env/4/name","value":"AWS_WEB_IDENTITY_TOKEN_FILE"}');
    expect(patch).toContain('{"op":"remove","path":"/spec/template/spec/containers/1/env/3"}');
    expect(finding?.evidence.some((e) => e.content.includes("FileNotFoundError"))).toBe(true);
  });

  it("fires high when the token mount was stripped from the main container, and says to define the volume in the template", async () => {
    const s = await variant("healthy--irsa", (x) => {
      const c = pod(x).spec.containers[0]!;
      c.volumeMounts = (c.volumeMounts ?? []).filter((m) => m.name !== "aws-iam-token");
    });
    const finding = run(s);
    expect(finding?.confidence).toBe("high");
    expect(finding?.detail).toContain("no volume is mounted at /var/run/secrets/eks.amazonaws.com/serviceaccount");
    expect(finding?.immediate).toContain("policy engine");
    expect(finding?.actions.map((a) => a.command)).toContain("kubectl edit deployment/payments-api -n payments");
  });

  it("is medium when only another container logs credential errors: the unmounted file may belong to one that never calls AWS", async () => {
    const s = await variant(SIDECAR, (x) => {
      const logs = valueOf(x.logs);
      if (!logs) throw new Error("no logs");
      // The sidecar's own error moved to the main container's log: the sidecar now logs nothing.
      for (const m of logs.matches) m.file = m.file.replace(/statements-sync\.log$/, "payments-api.log");
    });
    const finding = run(s);
    expect(finding?.confidence).toBe("medium");
    expect(finding?.toConfirm?.[0]).toMatch(
      /whether container statements-sync calls AWS at all: the credential errors in the logs are container payments-api's/,
    );
  });

  it("a Windows pod told a POSIX token path whose own log shows the error: medium, with the C:\\ form of the path", async () => {
    const windows = (x: Snapshot) => {
      pod(x).spec["nodeSelector"] = { "kubernetes.io/os": "windows" };
      withLog(x, "token.file_unreadable", `System.ArgumentException: The webIdentityTokenFile must be an absolute path.`);
    };
    const finding = run(await variant("healthy--irsa", windows));
    expect(finding?.confidence).toBe("medium");
    expect(finding?.detail).toMatch(
      /the pod runs on Windows, where \/var\/run\/secrets\/eks\.amazonaws\.com\/serviceaccount\/token has no drive letter/,
    );
    expect(finding?.actions[1]?.command).toContain(
      `AWS_WEB_IDENTITY_TOKEN_FILE='C:\\var\\run\\secrets\\eks.amazonaws.com\\serviceaccount\\token'`,
    );
    // Without an error of its own, a Windows pod on that path may work (Python resolves it against the drive).
    expect(run(await variant("healthy--irsa", (x) => (pod(x).spec["nodeSelector"] = { "kubernetes.io/os": "windows" })))).toBeNull();
  });

  it("names an init container, and a mount whose volume projects no token", async () => {
    const init = await variant("healthy--irsa", (x) => {
      pod(x).spec.initContainers = [{ name: "fetch-config", env: [{ name: "AWS_WEB_IDENTITY_TOKEN_FILE", value: TOKEN }] }];
    });
    expect(run(init)?.detail).toContain("init container fetch-config");
    const emptied = await variant("healthy--irsa", (x) => {
      const v = pod(x).spec.volumes!.find((vol) => vol.name === "aws-iam-token")!;
      v.projected = { sources: [{ configMap: { name: "kube-root-ca.crt" } }] };
    });
    expect(run(emptied)?.detail).toContain("projects no service account token at token");
  });

  it("fires on the Pod Identity token too", async () => {
    const s = await variant("healthy--pod-identity", (x) => {
      const c = pod(x).spec.containers[0]!;
      c.volumeMounts = (c.volumeMounts ?? []).filter((m) => m.name !== "eks-pod-identity-token");
    });
    expect(run(s)?.detail).toContain(
      "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE=/var/run/secrets/pods.eks.amazonaws.com/serviceaccount/eks-pod-identity-token",
    );
  });

  it("is high on 'permission denied' from a non-root user on a kubelet before 1.19, with an fsGroup patch", async () => {
    const s = await variant("healthy--irsa", (x) => {
      withLog(x, "token.file_unreadable", denied);
      runAs(10001)(x);
      kubelet("v1.18.20-eks-c9f1ce")(x);
    });
    const finding = run(s);
    expect(finding?.confidence).toBe("high");
    expect(finding?.detail).toContain("kubelet v1.18.20-eks-c9f1ce (before 1.19)");
    expect(finding?.actions[0]?.command).toBe(
      `kubectl patch deployment/payments-api -n payments --type merge -p '{"spec":{"template":{"spec":{"securityContext":{"fsGroup":65534}}}}}'`,
    );
  });

  it("is medium on 'permission denied' on a current kubelet, where the spec only hints at the user", async () => {
    const s = await variant("healthy--irsa", (x) => (withLog(x, "token.file_unreadable", denied), runAs(10001)(x)));
    const finding = run(s);
    expect(finding?.confidence).toBe("medium");
    expect(finding?.detail).toContain("user 10001");
  });

  it("is medium on 'no such file' when the spec mounts the token, and low without the pod spec", async () => {
    const missing = `caused by: open ${TOKEN}: no such file or directory`;
    const mounted = await variant("healthy--irsa", (x) => withLog(x, "token.file_unreadable", missing));
    expect(run(mounted)?.confidence).toBe("medium");
    expect(run(mounted)?.toConfirm?.join(" ")).toContain("ls -l");
    const noPod = await variant("healthy--irsa", (x) => {
      withLog(x, "token.file_unreadable", missing);
      x.k8s.pod = notCollected("pod payments/payments-api-7d9c8b6f5-x2k4q");
    });
    expect(run(noPod)?.confidence).toBe("low");
  });

  it("ignores an expired token, which also points here but says nothing about the mount", async () => {
    const s = await variant("healthy--irsa", (x) =>
      withLog(
        x,
        "sts.web_identity_token_expired",
        "caused by: ExpiredTokenException: Token expired: current date/time 1700003600 must be before the expiration date/time 1700000000",
      ),
    );
    expect(run(s)).toBeNull();
  });

  it("does not fire on the healthy scenarios", async () => {
    expect(run(await loadScenario("healthy--irsa"))).toBeNull();
    expect(run(await loadScenario("healthy--pod-identity"))).toBeNull();
  });

  // aws/aws-sdk-js#2848: the SDK reports "Missing credentials in config"; the spec and the node show why.
  const ROOT_ONLY = "token.not_mounted_or_unreadable--kes-non-root-token-0600-missing-credentials-in-config";

  it("fires medium without a token log line when the spec and an old kubelet prove the token root-only", async () => {
    const f = run(await variant(ROOT_ONLY, () => {}));
    expect(f?.confidence).toBe("medium");
    expect(f?.detail).toContain(
      "cannot read its web identity token file because container kubernetes-external-secrets runs as a non-root user without an fsGroup",
    );
    expect(f?.actions[0]?.command).toContain('"fsGroup":65534');
  });

  it("stays silent once the pod sets an fsGroup, or on a kubelet of 1.19 or later", async () => {
    expect(
      run(await variant(ROOT_ONLY, (s) => ((pod(s).spec["securityContext"] as Record<string, unknown>)["fsGroup"] = 65534))),
    ).toBeNull();
    expect(
      run(
        await variant(ROOT_ONLY, (s) => {
          const node = valueOf(s.k8s.node)!;
          node.status!.nodeInfo!.kubeletVersion = "v1.19.6-eks-49a6c0";
        }),
      ),
    ).toBeNull();
  });
});
