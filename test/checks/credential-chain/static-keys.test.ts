// credential_chain.static_keys: keys in the environment (spec, Secret, envFrom) or a credentials file that the
// container's chain reaches before IRSA / Pod Identity; high when the variables are named and the container
// fails or is the only one, medium for an envFrom Secret whose keys the bundle cannot show.

import { describe, expect, it } from "vitest";
import { check } from "../../../src/checks/credential-chain/static-keys.js";
import { deriveFacts } from "../../../src/diagnosis/facts/index.js";
import { found } from "../../../src/snapshot/evidence.js";
import type { LogMatch, Snapshot } from "../../../src/snapshot/types.js";
import { variant } from "../../support/scenarios.js";

const run = (s: Snapshot) => check.run(s, deriveFacts(s));
const app = (s: Snapshot) => {
  if (s.k8s.pod.status !== "found") throw new Error("no pod");
  return s.k8s.pod.value.spec.containers[0]!;
};
const secretKeys = [
  { name: "AWS_ACCESS_KEY_ID", valueFrom: { secretKeyRef: { name: "legacy-aws", key: "id" } } },
  { name: "AWS_SECRET_ACCESS_KEY", valueFrom: { secretKeyRef: { name: "legacy-aws", key: "secret" } } },
];
const userDenied: LogMatch = {
  patternId: "permissions.access_denied",
  file: "payments-api-7d9c8b6f5-x2k4q/payments-api.log",
  line: 9,
  text: "User: arn:aws:iam::111122223333:user/legacy-uploader is not authorized to perform: s3:PutObject on resource: arn:aws:s3:::statements/x",
  time: null,
  captures: {},
};

describe("credential_chain.static_keys", () => {
  it("does not fire on the healthy IRSA and Pod Identity scenarios", async () => {
    expect(run(await variant("healthy--irsa", () => {}))).toBeNull();
    expect(run(await variant("healthy--pod-identity", () => {}))).toBeNull();
  });

  it("fires high for keys read from a Secret in the only container, naming the Secret and the shadowed token", async () => {
    const f = run(await variant("healthy--irsa", (s) => app(s).env!.push(...secretKeys)));
    expect(f?.causeId).toBe("credential_chain.static_keys");
    expect(f?.confidence).toBe("high");
    expect(f?.detail).toContain("AWS_ACCESS_KEY_ID from Secret legacy-aws key id");
    expect(f?.detail).toContain("before the web identity token");
    expect(f?.actions[0]?.command).toBe(
      "kubectl set env deployment/payments-api -n payments -c payments-api AWS_ACCESS_KEY_ID- AWS_SECRET_ACCESS_KEY-",
    );
  });

  it("names the IAM user an AccessDenied shows as the identity really used", async () => {
    const f = run(
      await variant("healthy--irsa", (s) => {
        app(s).env!.push(...secretKeys);
        s.logs = found({ files: [userDenied.file], matches: [userDenied], counts: {} }, "logs/");
      }),
    );
    expect(f?.detail).toContain("calls AWS as arn:aws:iam::111122223333:user/legacy-uploader");
    expect(f?.evidence.some((e) => e.content.includes("IAM user arn:aws:iam::111122223333:user/legacy-uploader"))).toBe(true);
  });

  it("keys in a Pod Identity pod shadow the agent endpoint", async () => {
    const f = run(await variant("healthy--pod-identity", (s) => app(s).env!.push(...secretKeys)));
    expect(f?.confidence).toBe("high");
    expect(f?.detail).toContain("before the Pod Identity endpoint");
  });

  it("an envFrom Secret is only medium, and only when the container fails, with the command that shows its keys", async () => {
    expect(run(await variant("healthy--irsa", (s) => (app(s).envFrom = [{ secretRef: { name: "app-env" } }])))).toBeNull();
    const f = run(
      await variant("healthy--irsa", (s) => {
        app(s).envFrom = [{ secretRef: { name: "app-env" } }];
        s.logs = found({ files: [userDenied.file], matches: [userDenied], counts: {} }, "logs/");
      }),
    );
    expect(f?.confidence).toBe("medium");
    expect(f?.toConfirm?.[0]).toContain("Secret app-env");
  });
});
