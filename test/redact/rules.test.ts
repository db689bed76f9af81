// One case per credential form the hardening issue names, and the look-alikes the diagnosis quotes as
// evidence and that must stay readable. Each rule of src/redact/rules.ts must be exercised by a case here.

import { describe, expect, it } from "vitest";
import { RULES, redactDeepCounted, redactText, redactTextCounted } from "../../src/redact/index.js";

const SECRET_CASES: [string, string, string][] = [
  [
    "PEM private key block",
    "key:\n-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEAseeded\nabc\n-----END RSA PRIVATE KEY-----\nnext",
    "MIIEpAIBAAKCAQEAseeded",
  ],
  [
    "a PEM block cut short",
    "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ",
    "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ",
  ],
  ["base64 PEM private key", "client-key: LS0tLS1CRUdJTiBSU0EgUFJJVkFURSBLRVktLS0tLQpNSUlFcEFJQkFBS0NBUUVB", "LS0tLS1CRUdJTiBSU0Eg"],
  ["kubeconfig client-key-data", "    client-key-data: ZmFrZS1rZXktZGF0YS1zZWVkZWQ=", "ZmFrZS1rZXktZGF0YS1zZWVkZWQ="],
  ["JWT", "token=eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln", "eyJhbGciOiJSUzI1NiJ9"],
  ["EKS bearer token", `{"status":{"token":"k8s-aws-v1.aHR0cHM6Ly9zdHMuYW1hem9uYXdzLmNvbS8"}}`, "aHR0cHM6Ly9zdHMuYW1hem9uYXdzLmNvbS8"],
  ["kubeconfig static token", "    token: q9vX2mLp8RtZ4nBc7Hd1Jf6Gs0Ae5Uo9", "q9vX2mLp8RtZ4nBc7Hd1Jf6Gs0Ae5Uo9"],
  ["STS session token by prefix", "creds FwoGZXIvYXdzEJr//////////wEaDExampleTokenValue123", "FwoGZXIvYXdzEJr"],
  ["X-Amz-Security-Token", "?X-Amz-Security-Token=AQoDYXdzEPT%2F%2F%2F%2FwEXAMPLEtvSRyh0&X-Amz-Date=1", "AQoDYXdzEPT"],
  ["secret key after its name", "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "wJalrXUtnFEMI"],
  ["secret key in JSON", `{"SecretAccessKey":"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"}`, "wJalrXUtnFEMI"],
  [
    "bare secret key without / or +",
    "loaded key Zq8mN3pLx7Rt2VwKb9Yc4Hd6Jf1Gs5Ae0Uo8Ii3Q from config",
    "Zq8mN3pLx7Rt2VwKb9Yc4Hd6Jf1Gs5Ae0Uo8Ii3Q",
  ],
  ["secret on the next line", "AWS_SECRET_ACCESS_KEY:\n    N3xtL1neSecretVa1ue\nother: x", "N3xtL1neSecretVa1ue"],
  ["env entry in YAML", "- name: DB_PASSWORD\n  value: hunter2-db\n- name: REGION", "hunter2-db"],
  ["env entry in JSON", `{"name":"STATEMENTS_API_TOKEN","value":"s3cr3t-value"}`, "s3cr3t-value"],
  ["credential flag", `args: ["--token","q9vX2mLp8Rt"] and --password=hunter2x`, "q9vX2mLp8Rt"],
  ["credential flag value in YAML list", "- --token\n- q9vX2mLp8Rt\n", "q9vX2mLp8Rt"],
  ["authorization header", `Authorization: Bearer abc.def-ghi_123`, "abc.def-ghi_123"],
  ["bare bearer token", "retried with Bearer ya29.a0AfB_byC-bearer-token", "ya29.a0AfB_byC"],
  ["GitHub token", "GITHUB=gho_16C7e42F292c6912E7710c838347Ae178B4a", "gho_16C7e42F292c6912E7710c838347Ae178B4a"],
  ["SigV4 signature", "X-Amz-Signature=fe5f80f77d5fa3beca038a248ff027d0445342fe2855ddc963176630326f1024", "fe5f80f77d5fa3bec"],
  ["password after its name", "db connect user=app password=hunter2hunter2 host=db", "hunter2hunter2"],
  ["password in a URL", "HTTPS_PROXY=http://svc:pr0xyP4ss@proxy.internal:3128", "pr0xyP4ss"],
  ["access key id", "using key AKIAIOSFODNN7EXAMPLE for uploads", "IOSFODNN7EXAMPLE"],
  ["DER key in base64", "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7seeded", "MIIEvQIBADANBgkqhkiG9w0"],
  [
    "long base64 key material on a line of its own",
    "  Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MEFCQ0RFRkdISUpLTE1OT1BRUlNUVVZXWFla0123456789",
    "Zm9vYmFyYmF6cXV4MTIzNDU2",
  ],
];

const KEPT = [
  "User: arn:aws:sts::111122223333:assumed-role/orders-api/1700000000 (AROAEXAMPLEID1234567:1700000000) is not authorized",
  "AWS_WEB_IDENTITY_TOKEN_FILE=/var/run/secrets/eks.amazonaws.com/serviceaccount/token",
  "- name: AWS_WEB_IDENTITY_TOKEN_FILE\n  value: /var/run/secrets/eks.amazonaws.com/serviceaccount/token",
  "- name: AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE\n  value: /var/run/secrets/pods.eks.amazonaws.com/serviceaccount/eks-pod-identity-token",
  "ThumbprintList: 9e99a48a9960b14926bb7f3b02e22da2b0ab7280",
  "image: 111122223333.dkr.ecr.eu-west-1.amazonaws.com/app@sha256:4f53cda18c2baa0c0354bb5f9a3ecbe5ed12ab4d8e11ba873c2f11161202b945",
  "commit 2fed06a7c1d3e5b7a9f1e3d5c7b9a1f3e5d7c9b1",
  "serviceAccountToken:\n    audience: sts.amazonaws.com\n    expirationSeconds: 86400\n    path: token",
  "oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE",
  "arn:aws:iam::111122223333:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE",
  "An error occurred (InvalidIdentityToken) when calling the AssumeRoleWithWebIdentity operation: No OpenIDConnect provider found in your account for https://oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE",
  "eks.amazonaws.com/role-arn: arn:aws:iam::111122223333:role/payments-api-irsa",
  "tokenExpirationSeconds: 86400",
  "https response error StatusCode: 403, RequestID: 4GQ2ZK7V3M8XN1PB, HostID: qT3rF0bYwM1xL9sK2pJ8vH5nD7cA4eG6iU0oZ3yW1tR8qE5mN2bV7xC4lK9jH6gF3dS0aQ==, api error AccessDenied",
  // A path to a credentials file says where they are; its contents are the secret (velero's chart sets these).
  "- name: GOOGLE_APPLICATION_CREDENTIALS\n  value: /credentials/cloud",
  `{"name":"AWS_SHARED_CREDENTIALS_FILE","value":"/credentials/cloud"}`,
  "GOOGLE_APPLICATION_CREDENTIALS:\n    /var/secrets/google/key.json\n",
  "args: [--token, /var/run/secrets/kubernetes.io/serviceaccount/token]",
  "certificateAuthority:\n  data: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSURDekNDQWZPZ0F3SUJBZ0lVRkhQRDcvNGp4MnIyZmp5M090ZEg5UHNxRFprd0RRWUpLb1pJaHZjTkFRRUwK",
];

describe("redaction rules", () => {
  it.each(SECRET_CASES)("removes %s", (_form, text, secret) => {
    const r = redactTextCounted(text);
    expect(r.text).not.toContain(secret);
    expect(r.text).toContain("[REDACTED]");
    expect(r.count).toBeGreaterThan(0);
    expect(redactText(r.text), "idempotent").toBe(r.text);
  });

  it.each(KEPT)("keeps evidence the diagnosis quotes: %s", (text) => {
    expect(redactText(text)).toBe(text);
  });

  it("every rule is exercised by a case above", () => {
    const used = new Set<string>();
    for (const [, text] of SECRET_CASES) {
      for (const rule of RULES) if (rule.apply(text).count > 0) used.add(rule.form);
    }
    expect(RULES.map((r) => r.form).filter((f) => !used.has(f))).toEqual([]);
  });

  it("keeps what stands around a secret: the user and host of a URL, the key's name", () => {
    expect(redactText("HTTPS_PROXY=http://svc:pr0xyP4ss@proxy.internal:3128")).toBe(
      "HTTPS_PROXY=http://svc:[REDACTED]@proxy.internal:3128",
    );
    expect(redactText("AWS_SECRET_ACCESS_KEY:\n    N3xtL1neSecretVa1ue\nother: x")).toBe(
      "AWS_SECRET_ACCESS_KEY:\n    [REDACTED]\nother: x",
    );
  });

  it("counts each secret once and keeps labels", () => {
    const r = redactTextCounted("aws_access_key_id=AKIAIOSFODNN7EXAMPLE aws_secret_access_key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
    expect(r).toEqual({ text: "aws_access_key_id=AKIA[REDACTED] aws_secret_access_key=[REDACTED]", count: 2 });
  });

  it("finishes in bounded time on long hostile input", () => {
    const hostile = "token=".repeat(20_000) + "a".repeat(100_000) + "-----BEGIN RSA PRIVATE KEY-----" + "A".repeat(200_000);
    const started = performance.now();
    redactText(hostile);
    // A generous bound: the point is no catastrophic backtracking (seconds to minutes), not speed.
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});

describe("deep redaction of objects", () => {
  it("masks env values by name, credential fields, flag arguments and strings anywhere", () => {
    const pod = {
      spec: {
        containers: [
          {
            args: ["--token", "abc123def456", "--verbose"],
            env: [
              { name: "AWS_SECRET_ACCESS_KEY", value: "short-secret" },
              { name: "AWS_WEB_IDENTITY_TOKEN_FILE", value: "/var/run/secrets/eks.amazonaws.com/serviceaccount/token" },
              { name: "AWS_REGION", value: "eu-west-1" },
            ],
          },
        ],
      },
      status: { token: "opaque-value", message: "failed with Bearer ya29.a0AfB_byC-bearer-token" },
    };
    const r = redactDeepCounted(pod);
    const c = r.value.spec.containers[0]!;
    expect(c.args).toEqual(["--token", "[REDACTED]", "--verbose"]);
    expect(c.env.map((e) => e.value)).toEqual(["[REDACTED]", "/var/run/secrets/eks.amazonaws.com/serviceaccount/token", "eu-west-1"]);
    expect(r.value.status).toEqual({ token: "[REDACTED]", message: "failed with Bearer [REDACTED]" });
    expect(r.count).toBe(4);
  });

  // The capture writes what the deep pass kept and redacts the written text again: the two passes must agree
  // on every value, or a captured bundle differs from what live read.
  it("agrees with the text pass: a credentials file path is kept, a key that looks like a path is not", () => {
    const env = [
      { name: "GOOGLE_APPLICATION_CREDENTIALS", value: "/credentials/cloud" },
      { name: "AZURE_CREDENTIALS", value: "~/.azure/credentials.json" },
      { name: "AWS_SECRET_ACCESS_KEY", value: "/K7MDENGbPxRfiCYEXAMPLEKEYwJalrXUtnFEMI9" },
      { name: "DB_PASSWORD", value: "/hunter2" },
    ];
    const deep = redactDeepCounted({ env });
    expect(deep.value.env.map((e) => e.value)).toEqual(["/credentials/cloud", "~/.azure/credentials.json", "[REDACTED]", "[REDACTED]"]);
    expect(deep.count).toBe(2);
    for (const e of env) {
      const text = `- name: ${e.name}\n  value: ${e.value}\n`;
      const kept = deep.value.env.find((d) => d.name === e.name)!.value;
      expect(redactText(text), e.name).toBe(`- name: ${e.name}\n  value: ${kept}\n`);
    }
  });

  it("survives a pathologically deep object", () => {
    let deep: Record<string, unknown> = { leaf: "x" };
    for (let i = 0; i < 10_000; i++) deep = { next: deep };
    expect(() => redactDeepCounted(deep)).not.toThrow();
  });
});
