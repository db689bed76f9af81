// redactSecrets: what counts as a secret (keys, tokens, JWTs, signatures, passwords) and what must stay
// readable for the diagnosis (role ARNs, account ids, role unique ids).

import { describe, expect, it } from "vitest";
import { redactSecrets } from "../../src/logs/redact.js";

describe("redactSecrets", () => {
  it("redacts an AKIA access key id and keeps its prefix", () => {
    expect(redactSecrets("using key AKIAIOSFODNN7EXAMPLE for uploads")).toBe("using key AKIA[REDACTED] for uploads");
  });

  it("redacts a temporary ASIA key id inside a SigV4 Credential= and the request signature", () => {
    const line =
      "Authorization: AWS4-HMAC-SHA256 Credential=ASIAZ7EXAMPLE4QWERTY/20261128/eu-west-1/s3/aws4_request, SignedHeaders=host, Signature=fe5f80f77d5fa3beca038a248ff027d0445342fe2855ddc963176630326f1024";
    expect(redactSecrets(line)).toBe(
      "Authorization: AWS4-HMAC-SHA256 Credential=ASIA[REDACTED]/20261128/eu-west-1/s3/aws4_request, SignedHeaders=host, Signature=[REDACTED]",
    );
  });

  it("redacts secret access keys in env, ini, JSON and Java toString forms", () => {
    expect(redactSecrets("AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")).toBe("AWS_SECRET_ACCESS_KEY=[REDACTED]");
    expect(redactSecrets("aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")).toBe("aws_secret_access_key = [REDACTED]");
    expect(redactSecrets(`{"AccessKeyId":"ASIAZ7EXAMPLE4QWERTY","SecretAccessKey": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"}`)).toBe(
      `{"AccessKeyId":"ASIA[REDACTED]","SecretAccessKey": "[REDACTED]"}`,
    );
    expect(
      redactSecrets("AwsSessionCredentials(accessKeyId=ASIAZ7EXAMPLE4QWERTY, secretAccessKey=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY)"),
    ).toBe("AwsSessionCredentials(accessKeyId=ASIA[REDACTED], secretAccessKey=[REDACTED])");
  });

  it("redacts session tokens by key name and by their STS prefix", () => {
    expect(redactSecrets("AWS_SESSION_TOKEN=FwoGZXIvYXdzEJr//////////wEaDExampleTokenValue123")).toBe("AWS_SESSION_TOKEN=[REDACTED]");
    expect(redactSecrets(`{"Token":"IQoJb3JpZ2luX2VjEJr//////////wEaCWV1LXdlc3QtMSJHMEUCIQD","Expiration":"2026-11-28T11:00:00Z"}`)).toBe(
      `{"Token":"[REDACTED]","Expiration":"2026-11-28T11:00:00Z"}`,
    );
    expect(redactSecrets("?X-Amz-Security-Token=IQoJb3JpZ2luX2VjEJr%2F%2F%2F%2FwEaCWV1&X-Amz-Date=20261128T100000Z")).toBe(
      "?X-Amz-Security-Token=[REDACTED]&X-Amz-Date=20261128T100000Z",
    );
  });

  it("redacts a service-account JWT wherever it appears, and bearer headers", () => {
    const jwt = "eyJhbGciOiJSUzI1NiIsImtpZCI6IjFhMmIzYyJ9.eyJhdWQiOlsic3RzLmFtYXpvbmF3cy5jb20iXX0.c2lnbmF0dXJl-_x";
    expect(redactSecrets(`WebIdentityToken=${jwt}&Version=2011-06-15`)).toBe("WebIdentityToken=[REDACTED]&Version=2011-06-15");
    expect(redactSecrets(`curl -H "Authorization: Bearer abc.def-ghi_123" http://169.254.170.23/v1/credentials`)).toBe(
      `curl -H "Authorization: Bearer [REDACTED]" http://169.254.170.23/v1/credentials`,
    );
  });

  it("keeps what the diagnosis needs: ARNs, account ids, role unique ids and ordinary text", () => {
    const line =
      "User: arn:aws:sts::111122223333:assumed-role/orders-api/1700000000 (AROAEXAMPLEID1234567:1700000000) is not authorized to perform: s3:GetObject";
    expect(redactSecrets(line)).toBe(line);
    expect(redactSecrets("AWS_WEB_IDENTITY_TOKEN_FILE=/var/run/secrets/eks.amazonaws.com/serviceaccount/token")).toBe(
      "AWS_WEB_IDENTITY_TOKEN_FILE=/var/run/secrets/eks.amazonaws.com/serviceaccount/token",
    );
  });

  it("redacts passwords and is idempotent", () => {
    const once = redactSecrets("db connect user=app password=hunter2hunter2 host=db");
    expect(once).toBe("db connect user=app password=[REDACTED] host=db");
    expect(redactSecrets(once)).toBe(once);
  });

  it("finishes on long hostile input", () => {
    const evil = `secret_access_key=${"=".repeat(50_000)} ${"eyJ".repeat(20_000)} ${"AKIA".repeat(20_000)}`;
    expect(redactSecrets(evil).length).toBeGreaterThan(0);
  });
});
