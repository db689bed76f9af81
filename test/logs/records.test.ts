// "Superseded by" across the lines of one log record: a wrapper printed on one line and its reason on the
// next (Go v1's awserr, Java's and .NET's stack traces, the container runtime's line headers) give the reason
// alone; lines of different records, or a reason the library does not know, leave the wrapper its say.

import { describe, expect, it } from "vitest";
import { scanLines } from "../../src/logs/index.js";
import { continuesRecord, MAX_RECORD_LINES, printedText } from "../../src/logs/records.js";

async function ids(lines: string[]): Promise<string[]> {
  const { evidence } = await scanLines("pod/shop/orders/app", lines);
  return evidence.matches.map((m) => `${m.line}:${m.patternId}`);
}

const DENIED = "caused by: AccessDenied: Not authorized to perform sts:AssumeRoleWithWebIdentity";

describe("one record over several lines", () => {
  it("Go v1: the wrapper's reason on the 'caused by:' line supersedes it", async () => {
    expect(
      await ids([
        "E0111 21:49:23.808922       1 aws_manager.go:265] Failed to regenerate ASG cache: WebIdentityErr: failed to retrieve credentials",
        DENIED,
        "\tstatus code: 403, request id: 67d0fad1-77e3-425c-b87f-c3def839dbad",
      ]),
    ).toEqual(["2:sts.web_identity_access_denied"]);
  });

  it("Java: the provider's stack frame under the exception that names the reason adds nothing", async () => {
    expect(
      await ids([
        "software.amazon.awssdk.services.sts.model.StsException: Not authorized to perform sts:AssumeRoleWithWebIdentity (Service: Sts, Status Code: 403, Request ID: d8ee3773-3046-41d0-9b95-373ec1ae7b07)",
        "\tat software.amazon.awssdk.core.internal.http.CombinedResponseHandler.handleErrorResponse(CombinedResponseHandler.java:125)",
        "\tat software.amazon.awssdk.services.sts.auth.StsAssumeRoleWithWebIdentityCredentialsProvider.getUpdatedCredentials(StsAssumeRoleWithWebIdentityCredentialsProvider.java:75)",
      ]),
    ).toEqual(["1:sts.web_identity_access_denied"]);
  });

  it(".NET: the inner exception (' ---> ') decides, the provider's frame below it does not add its family", async () => {
    expect(
      await ids([
        "Unhandled exception. Amazon.Runtime.AmazonClientException: Error calling AssumeRole for role arn:aws:iam::111122223333:role/orders-api",
        " ---> Amazon.SecurityToken.Model.InvalidIdentityTokenException: No OpenIDConnect provider found in your account for https://oidc.eks.eu-west-1.amazonaws.com/id/0A1B2C",
        "   at Amazon.Runtime.AssumeRoleWithWebIdentityCredentials.FetchCredentials()",
      ]),
    ).toEqual(["2:sts.no_oidc_provider"]);
  });

  it("JavaScript v3: the 403 in the error's $metadata adds nothing under the refusal that names its reason", async () => {
    expect(
      await ids([
        "AccessDenied: Not authorized to perform sts:AssumeRoleWithWebIdentity",
        "    at throwDefaultError (/app/node_modules/@smithy/smithy-client/dist-cjs/index.js:838:20) {",
        "  '$metadata': { httpStatusCode: 403, requestId: 'abc' }",
        "}",
      ]),
    ).toEqual(["1:sts.web_identity_access_denied"]);
    // Alone (a HEAD request's bodyless 403, "UnknownError"), it is the service's refusal.
    expect(
      await ids(["S3ServiceException [UnknownError]: UnknownError", "  '$metadata': { httpStatusCode: 403, requestId: undefined }"]),
    ).toEqual(["2:permissions.unattributed_access_denied"]);
  });

  it("the same record read from kubelet's CRI log file, each line under the runtime's header", async () => {
    expect(
      await ids([
        "2026-11-28T10:04:01.100000000Z stderr F E1128 10:04:01.100000       1 main.go:88] WebIdentityErr: failed to retrieve credentials",
        `2026-11-28T10:04:01.100100000Z stderr F ${DENIED}`,
        "2026-11-28T10:04:01.100200000Z stderr F \tstatus code: 403, request id: 1",
      ]),
    ).toEqual(["2:sts.web_identity_access_denied"]);
  });

  it("Go v1's verbose chain: its provider steps give way to the web identity provider's refusal; the summary that names the SDK stays", async () => {
    expect(
      await ids([
        'time="2024-03-15T08:14:40Z" level=error msg="sync failed" error="NoCredentialProviders: no valid providers in chain',
        "caused by: EnvAccessKeyNotFound: failed to find credentials in the environment.",
        "SharedCredsLoad: failed to load profile, .",
        "WebIdentityErr: failed to retrieve credentials",
        DENIED,
        '\tstatus code: 403, request id: 5c3f9ce5-ba7d-495e-98b1-ffcd5cf85133"',
      ]),
    ).toEqual(["1:creds.go_no_valid_providers", "5:sts.web_identity_access_denied"]);
  });

  it("Terraform: 'no valid credential sources' gives way to the web identity refusal printed in the same diagnostic box", async () => {
    expect(
      await ids([
        "╷",
        "│ Error: No valid credential sources found",
        "│ ",
        "│ Error: failed to refresh cached credentials, operation error STS: AssumeRoleWithWebIdentity, https response error StatusCode: 403, RequestID: 1, api error AccessDenied: Not authorized to perform sts:AssumeRoleWithWebIdentity",
        "╵",
      ]),
    ).toEqual(["4:sts.web_identity_access_denied"]);
  });

  it("keeps the wrapper when its reason is one the library does not know (it names what is left open)", async () => {
    expect(
      await ids([
        "E0416 12:40:46.016106       1 healthcheck.go:38] Controller health check failed: WebIdentityErr: failed to retrieve credentials",
        "caused by: ServiceUnavailable: Service is unavailable",
      ]),
    ).toEqual(["1:sts.web_identity_exchange_failed"]);
  });

  it("a reason in another entry (its own timestamp) does not supersede a wrapper", async () => {
    expect(
      await ids([
        "E0111 21:49:23.808922       1 aws_manager.go:265] WebIdentityErr: failed to retrieve credentials",
        "E0111 21:49:24.001000       1 aws_manager.go:270] AccessDenied: Not authorized to perform sts:AssumeRoleWithWebIdentity",
      ]),
    ).toEqual(["1:sts.web_identity_exchange_failed", "2:sts.web_identity_access_denied"]);
  });

  it("an AWS error code the net would report is explained by the specific refusal elsewhere in its XML body", async () => {
    expect(
      await ids([
        '<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">',
        "  <Error>",
        "    <Code>AccessDenied</Code>",
        "    <Message>User: arn:aws:sts::111122223333:assumed-role/log-writer/1700000000",
        "      is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::111122223333:role/other</Message>",
        "  </Error>",
        "</ErrorResponse>",
      ]),
    ).toEqual(["5:permissions.chained_assume_role_denied"]);
  });

  it("a medium wrapper does not explain an AWS error code the net reports: the record stays as severe as its error", async () => {
    expect(
      await ids([
        "E0111 21:49:23.808922       1 main.go:1] WebIdentityErr: failed to retrieve credentials",
        "caused by: AccessDenied: Cannot call GetSessionToken with session credentials",
      ]),
    ).toEqual(["1:sts.web_identity_exchange_failed", "2:aws.unexplained_error"]);
  });

  it("an SDK's version line explains nothing: the unexplained error code beside it stays", async () => {
    expect(
      await ids([
        "DEBUG request User-Agent: aws-sdk-go/1.44.122 (go1.19; linux; amd64)",
        "  AccessDenied: Cannot call GetSessionToken with session credentials",
      ]),
    ).toEqual(["1:sdk.version.go_v1", "2:aws.unexplained_error"]);
  });
});

describe("where a record ends", () => {
  it("continues on the forms emitters print after an error's first line", () => {
    for (const line of [
      "caused by: AccessDenied: x",
      "Caused by: software.amazon.awssdk.services.sts.model.StsException: x",
      "\tat com.example.Main.main(Main.java:3)",
      " ---> Amazon.SecurityToken.Model.InvalidIdentityTokenException: x",
      "│ Error: failed to refresh cached credentials",
      "Traceback (most recent call last):",
      "}",
    ])
      expect(continuesRecord(line, "error: something failed"), line).toBe(true);
    expect(
      continuesRecord("botocore.exceptions.ClientError: An error occurred", "    raise error_class(parsed_response, operation_name)"),
    ).toBe(true);
    expect(
      continuesRecord("Status Code: 403;", "com.amazonaws.services.s3.model.AmazonS3Exception: Access Denied (Service: Amazon S3;"),
    ).toBe(true);
  });

  it("starts anew on a line with its own timestamp, logfmt header or JSON object, and on an ordinary line", () => {
    for (const line of [
      "2024-11-06T15:54:55.727Z [INFO]  proxy environment",
      "2021/02/24 18:21:12 ??? There was a problem",
      "E0416 12:40:46.016106       1 healthcheck.go:38] failed",
      'time="2024-04-01T15:46:53Z" level=fatal msg="records retrieval failed"',
      '{"level":"error","msg":"reconcile failed"}',
      "ERROR could not list buckets",
    ])
      expect(continuesRecord(line, "\tstatus code: 403, request id: 1"), line).toBe(false);
    expect(continuesRecord("2024-11-06T15:54:55.727Z [INFO] x", "error:")).toBe(false);
  });

  it("reads the container's text under CRI and Docker json-file headers, and joins CRI's partial pieces", () => {
    expect(printedText("2026-11-28T10:00:00.1Z stdout F \tat x.y(Z.java:1)")).toBe("\tat x.y(Z.java:1)");
    expect(printedText(String.raw`{"log":"\tat x.y(Z.java:1)\n","stream":"stderr","time":"2026-11-28T10:00:00Z"}`)).toBe(
      "\tat x.y(Z.java:1)",
    );
    expect(continuesRecord("2026-11-28T10:00:00.2Z stdout F rest of the line", "2026-11-28T10:00:00.1Z stdout P first piece")).toBe(true);
    expect(continuesRecord("2026-11-28T10:00:00.2Z stdout F next line", "2026-11-28T10:00:00.1Z stdout F whole line")).toBe(false);
  });

  it(`cuts a record after ${MAX_RECORD_LINES} lines: a wrapper that far from its reason keeps its say`, async () => {
    const frames = Array.from({ length: MAX_RECORD_LINES }, (_, i) => `\tat com.example.Frame${i}.run(Frame.java:${i})`);
    expect(
      await ids(["E0111 21:49:23.808922       1 main.go:1] WebIdentityErr: failed to retrieve credentials", ...frames, DENIED]),
    ).toEqual(["1:sts.web_identity_exchange_failed", `${MAX_RECORD_LINES + 2}:sts.web_identity_access_denied`]);
  });
});
