// credential_chain.role_arn_override, the token-file form: the spec sets AWS_WEB_IDENTITY_TOKEN_FILE by hand
// at the default service-account token (written /run/secrets/..., mounted at /var/run/secrets/...: one file,
// since /var/run links to /run), so STS gets the API server's token. Guards
// external-secrets/kubernetes-external-secrets#290, once diagnosed token.not_mounted_or_unreadable (high).

import { describe, expect, it } from "vitest";
import { check } from "../../src/checks/credential-chain/role-arn-override.js";
import { check as notMounted } from "../../src/checks/token/not-mounted-or-unreadable.js";
import { deriveFacts } from "../../src/diagnosis/facts/index.js";
import type { Snapshot } from "../../src/snapshot/types.js";
import { variant } from "../support/scenarios.js";

const HELM = "credential_chain.role_arn_override--helm-values-point-token-file-at-default-sa-token";
const run = (s: Snapshot) => check.run(s, deriveFacts(s));

function setTokenFile(s: Snapshot, file: string): void {
  if (s.k8s.pod.status !== "found") throw new Error("no pod");
  s.k8s.pod.value.spec.containers[0]!.env!.find((e) => e.name === "AWS_WEB_IDENTITY_TOKEN_FILE")!.value = file;
}

describe("credential_chain.role_arn_override (token file)", () => {
  it("fires high, naming the variable, where it is set and the token it really reads", async () => {
    const f = run(await variant(HELM, () => {}));
    expect(f?.confidence).toBe("high");
    expect(f?.detail).toMatch(
      /AWS_WEB_IDENTITY_TOKEN_FILE=\/run\/secrets\/kubernetes.io\/serviceaccount\/token in its spec \(the pod template of Deployment external-secrets\)/,
    );
    expect(f?.detail).toMatch(/kube-api-access-t8n2c for audience https:\/\/kubernetes.default.svc/);
    expect(f?.evidence.some((e) => e.type === "credential_path" && e.source?.startsWith("k8s/pod-"))).toBe(true);
  });

  it("the /run spelling is not taken for a missing mount", async () => {
    const s = await variant(HELM, () => {});
    expect(notMounted.run(s, deriveFacts(s))).toBeNull();
  });

  it("a token file under no mount is token.not_mounted_or_unreadable's, not an override", async () => {
    const s = await variant(HELM, (x) => setTokenFile(x, "/var/run/secrets/eks.amazonaws.com/serviceaccount/token"));
    expect(run(s)).toBeNull();
    expect(notMounted.run(s, deriveFacts(s))?.causeId).toBe("token.not_mounted_or_unreadable");
  });
});
