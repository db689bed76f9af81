// The credential path of each container: the provider selected from the settings it really carries, why,
// the identity it ends on, and the hops with their status. Built on the bundled healthy scenarios, changed
// the way real pods go wrong.

import { describe, expect, it } from "vitest";
import { deriveFacts } from "../../../src/diagnosis/facts/index.js";
import { found } from "../../../src/snapshot/evidence.js";
import type { LogMatch, Snapshot } from "../../../src/snapshot/types.js";
import { variant } from "../../support/scenarios.js";

const IRSA = "healthy--irsa";
const PI = "healthy--pod-identity";

function app(s: Snapshot) {
  if (s.k8s.pod.status !== "found") throw new Error("no pod");
  return s.k8s.pod.value.spec.containers[0]!;
}

function withLogs(s: Snapshot, matches: LogMatch[]): void {
  s.logs = found({ files: [...new Set(matches.map((m) => m.file))], matches, counts: {} }, "logs/");
}

describe("credential path", () => {
  it("healthy IRSA: web identity, ending on the annotated role, every configuration hop ok", async () => {
    const [p] = deriveFacts(await variant(IRSA, () => {})).credentialPaths;
    expect(p?.provider).toBe("web_identity");
    expect(p?.identity).toEqual({ kind: "role", name: "arn:aws:iam::111122223333:role/payments-api-irsa" });
    expect(p?.hops.map((h) => [h.name, h.status])).toEqual([
      ["token_file", "ok"],
      ["oidc_provider", "ok"],
      ["trust_policy", "ok"],
      ["permissions", "unknown"],
    ]);
  });

  it("healthy Pod Identity: the container provider through the agent and the association", async () => {
    const [p] = deriveFacts(await variant(PI, () => {})).credentialPaths;
    expect(p?.provider).toBe("container");
    expect(p?.hops.map((h) => h.name)).toEqual(["token_file", "agent", "association", "trust_policy", "permissions"]);
    expect(p?.hops.filter((h) => h.status === "broken")).toEqual([]);
  });

  it("static keys from a Secret shadow IRSA, and the IAM user an AccessDenied names is the identity", async () => {
    const s = await variant(IRSA, (x) => {
      app(x).env!.push(
        { name: "AWS_ACCESS_KEY_ID", valueFrom: { secretKeyRef: { name: "legacy-aws", key: "access-key" } } },
        { name: "AWS_SECRET_ACCESS_KEY", valueFrom: { secretKeyRef: { name: "legacy-aws", key: "secret-key" } } },
      );
      withLogs(x, [
        {
          patternId: "permissions.access_denied",
          file: "payments-api-7d9c8b6f5-x2k4q/payments-api.log",
          line: 3,
          text: "User: arn:aws:iam::111122223333:user/ci-deployer is not authorized to perform: s3:PutObject on resource: arn:aws:s3:::statements/x",
          time: "2024-05-14T09:06:00Z",
          captures: {},
        },
      ]);
    });
    const [p] = deriveFacts(s).credentialPaths;
    expect(p?.provider).toBe("env_static");
    expect(p?.shadowed).toEqual(["web_identity"]);
    expect(p?.why[0]).toBe(
      "static keys: AWS_ACCESS_KEY_ID (Secret legacy-aws key access-key), AWS_SECRET_ACCESS_KEY (Secret legacy-aws key secret-key)",
    );
    expect(p?.identity).toEqual({ kind: "iam_user", name: "arn:aws:iam::111122223333:user/ci-deployer" });
    expect(p?.hops.find((h) => h.name === "permissions")?.status).toBe("broken");
  });

  it("an envFrom Secret is named as uncertain: its keys could put static keys first", async () => {
    const s = await variant(IRSA, (x) => {
      app(x).envFrom = [{ secretRef: { name: "app-env" } }];
      // Nothing says the role was obtained since the pod started.
      for (const r of Object.values(x.aws.roles)) if (r.status === "found") delete (r.value as { RoleLastUsed?: unknown }).RoleLastUsed;
    });
    const [p] = deriveFacts(s).credentialPaths;
    expect(p?.provider).toBe("web_identity");
    expect(p?.uncertain).toEqual([
      "Secret app-env may define AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, which would come first: the keys of Secret app-env were not read (irsa-doctor never reads Secrets when it collects live, by design); list its key names, without values, with: kubectl get secret app-env -n payments -o go-template='{{range $k, $v := .data}}{{$k}}{{\"\\n\"}}{{end}}'",
    ]);
  });

  it("an envFrom Secret with unknown keys is ruled out when the role was obtained after the pod started", async () => {
    const s = await variant(IRSA, (x) => {
      app(x).envFrom = [{ secretRef: { name: "app-env" } }];
    });
    const [p] = deriveFacts(s).credentialPaths;
    expect(p?.uncertain).toEqual([]);
    expect(p?.decidedBy.map((d) => d.type)).toEqual(["iam_role"]);
  });

  it("both IRSA and Pod Identity env: web identity wins for an unidentified SDK, the container provider for JS v2", async () => {
    const s = await variant(IRSA, (x) => {
      app(x).env!.push(
        { name: "AWS_CONTAINER_CREDENTIALS_FULL_URI", value: "http://169.254.170.23/v1/credentials" },
        {
          name: "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE",
          value: "/var/run/secrets/pods.eks.amazonaws.com/serviceaccount/eks-pod-identity-token",
        },
      );
    });
    expect(deriveFacts(s).credentialPaths[0]?.provider).toBe("web_identity");
    expect(deriveFacts(s).credentialPaths[0]?.shadowed).toEqual(["container"]);
    withLogs(s, [
      {
        patternId: "sdk.version.js",
        file: "payments-api-7d9c8b6f5-x2k4q/payments-api.log",
        line: 1,
        text: "aws-sdk-nodejs/2.1500.0",
        time: null,
        captures: { version: "2.1500.0" },
      },
    ]);
    const js2 = deriveFacts(s).credentialPaths[0];
    expect(js2?.sdk.family).toBe("js-v2");
    expect(js2?.provider).toBe("container");
  });

  it("a container without any setting ends on the node's role", async () => {
    const s = await variant(IRSA, (x) => {
      app(x).env = [{ name: "AWS_REGION", value: "eu-west-1" }];
    });
    const [p] = deriveFacts(s).credentialPaths;
    expect(p?.provider).toBe("imds");
    expect(p?.identity.kind).toBe("node_role");
  });
});
