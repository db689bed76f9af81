// The service-account issuer of a self-managed cluster: the kube-apiserver's FIRST --service-account-issuer
// (the one it signs tokens with) wins over the discovery document; either alone is enough.

import { describe, expect, it } from "vitest";
import { serviceAccountIssuer } from "../../src/snapshot/load/issuer.js";
import type { K8sObject } from "../../src/snapshot/types.js";

const apiServer = (flags: string[]): { value: K8sObject; source: string } => ({
  value: {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: "kube-apiserver-cp-1", namespace: "kube-system" },
    spec: { containers: [{ name: "kube-apiserver", command: ["kube-apiserver", "--secure-port=6443", ...flags] }] },
  } as K8sObject,
  source: "k8s/kube-apiserver.yaml",
});

describe("service-account issuer of a self-managed cluster", () => {
  it("takes the first --service-account-issuer of the kube-apiserver pod", () => {
    const e = serviceAccountIssuer(
      [{ value: "https://bucket.s3.eu-west-1.amazonaws.com/cluster", source: "k8s/openid-configuration.json" }],
      [
        apiServer([
          "--service-account-issuer=https://kubernetes.default.svc.cluster.local",
          "--service-account-issuer=https://bucket.s3.eu-west-1.amazonaws.com/cluster",
        ]),
      ],
    );
    expect(e).toEqual({
      status: "found",
      value: "https://kubernetes.default.svc.cluster.local",
      source: "k8s/kube-apiserver.yaml (first --service-account-issuer)",
    });
  });

  it("falls back to the discovery document, and is null with neither", () => {
    expect(serviceAccountIssuer([{ value: "https://oidc.example.com/c", source: "k8s/openid-configuration.json" }], [])?.status).toBe(
      "found",
    );
    expect(serviceAccountIssuer([], [apiServer([])])).toBeNull();
  });
});
