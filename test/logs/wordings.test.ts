// A mechanism is recognised in the words of every runtime that reports it, not only the SDK wording a corpus
// entry happened to show: the node's instance session quoted in any sentence, the token file in every
// runtime's file error, the agent's and IMDS's addresses with every transport failure. Each line here is one
// that the library did not recognise before the sixth round, written as its runtime prints it.

import { describe, expect, it } from "vitest";
import { recogniseMessages } from "../../src/logs/recognise.js";

const TOKEN = "/var/run/secrets/eks.amazonaws.com/serviceaccount/token";

const CASES: [string, string, string][] = [
  // An EC2 instance's session (or the caller's unique id "AROA...:i-...") is the node's instance profile.
  [
    "imds.node_session_named",
    "MSK IAM auth naming the principal",
    "org.apache.kafka.common.errors.SaslAuthenticationException: [abc]: Access denied for principal arn:aws:sts::111122223333:assumed-role/custom/i-0123456789abcdef0",
  ],
  [
    "imds.node_session_named",
    "a tool's own identity line",
    "using AWS identity arn:aws:sts::111122223333:assumed-role/eks-worker-role/i-0123456789abcdef0",
  ],
  [
    "imds.node_session_named",
    "get-caller-identity --output text",
    "AROA3XFRBF23EXAMPLE:i-0123456789abcdef0\t111122223333\tarn:aws:sts::111122223333:assumed-role/custom/i-0123456789abcdef0",
  ],
  [
    "imds.node_session_named",
    "a 403 logged with its principal",
    "ERROR 403 principal=arn:aws:sts::111122223333:assumed-role/custom/i-0123456789abcdef0 action=s3:PutObject",
  ],
  // STS's refusal of the web identity exchange, in an application's own wrapper or cut after its status.
  ["sts.web_identity_access_denied", "a wrapper naming the exchange and the code", "failed to assume role with web identity: AccessDenied"],
  [
    "sts.web_identity_access_denied",
    "Go v2 cut after the request id",
    "operation error STS: AssumeRoleWithWebIdentity, https response error StatusCode: 403, RequestID: 0e2f3a4b-5c6d-4e7f-8091-a2b3c4d5e6f7",
  ],
  // ECR's registry refusing the registry token a tool presented, or getting none (go-containerregistry, Docker).
  [
    "ecr.registry_token_refused",
    "ECR's body relayed by go-containerregistry",
    "GET https://111122223333.dkr.ecr.eu-central-1.amazonaws.com/v2/app/tags/list?n=1000: DENIED: Your Authorization Token is invalid.",
  ],
  [
    "ecr.registry_token_refused",
    "Docker's push with a stale login",
    "denied: Your authorization token has expired. Reauthenticate and try again.",
  ],
  [
    "ecr.registry_unauthenticated",
    "go-containerregistry without an ECR keychain",
    "GET https://111122223333.dkr.ecr.eu-west-1.amazonaws.com/v2/app/manifests/latest: unexpected status code 401 Unauthorized: Not Authorized",
  ],
  // A service's refusal in a tool's own mapping (goofys: S3's 403 as EACCES), or a denial wrapped after its principal.
  ["permissions.unattributed_access_denied", "goofys", "main.ERROR Unable to access 'orders-archive': permission denied"],
  [
    "permissions.unattributed_access_denied",
    "a denial wrapped after its principal",
    "could not get secret data from provider: User: arn:aws:sts::ACCOUNT:assumed-role/app-role/...",
  ],
  [
    "permissions.unattributed_access_denied",
    "its wrapped tail",
    "is not authorized to perform: secretsmanager:GetSecretValue on resource: prod/db",
  ],
  // A client that speaks STS's and IMDS's query APIs itself (VictoriaMetrics lib/awsapi), and an extension's
  // wrapper for an empty default chain (the OpenTelemetry sigv4auth extension).
  [
    "sts.web_identity_exchange_failed",
    "VictoriaMetrics' STS client",
    'cannot obtain new EC2 API credentials: unexpected status code for "https://sts.us-east-1.amazonaws.com/?Action=AssumeRoleWithWebIdentity&Version=2011-06-15&RoleArn=arn:aws:iam::111122223333:role/m"; got 403; want 200',
  ],
  [
    "imds.credentials_unavailable",
    "VictoriaMetrics' instance-role fallback",
    "cannot obtain instance role credentials: cannot get instanceRoleName: unexpected status code 404",
  ],
  ["aws.unexplained_no_credentials", "sigv4auth", 'extension "sigv4auth" has invalid configuration: bad AWS credentials'],
  // NGINX S3 Gateway's own credential code (njs, no SDK): nginx tags the errors of its credential subrequest.
  [
    "creds.nginx_s3_gateway_retrieve_failed",
    "an njs exception in the credential subrequest",
    '[error] 59#59: *396 js exception: Error: read timed out, client: 127.0.0.1, server: , request: "GET /a HTTP/1.1", subrequest: "/aws/credentials/retrieve", host: "127.0.0.1:7000"',
  ],
  [
    "network.sts_unreachable",
    "its TLS fetch (only STS is called over TLS)",
    '[error] 79#79: *1 js http fetch SSL certificate verify error: (20:unable to get local issuer certificate) while SSL handshaking to fetch target, client: 127.0.0.1, subrequest: "/aws/credentials/retrieve", host: "localhost"',
  ],
  ["imds.credentials_unavailable", "its IMDS client", "js: Could not load EC2 task role credentials: Error: read timed out"],
  // A bodyless 403 in Ruby's and .NET's words; OpenSearch naming the caller "anonymous" or the role it mapped.
  ["permissions.unattributed_access_denied", "Ruby's error class for a HEAD's 403", "Aws::S3::Errors::Forbidden"],
  [
    "permissions.unattributed_access_denied",
    ".NET's HEAD 403",
    "Amazon.S3.AmazonS3Exception: Error making request with Error Code Forbidden and Http Status Code Forbidden. No further error information was returned by the service.",
  ],
  [
    "permissions.unattributed_access_denied",
    "OpenSearch's security plugin, a role without a mapping",
    '{"type":"security_exception","reason":"no permissions for [indices:data/write/bulk] and User [name=arn:aws:iam::111122223333:role/logging-irsa, backend_roles=[]]"}',
  ],
  [
    "sts.unsigned_request",
    "OpenSearch's access policy, an unsigned caller",
    '{"Message":"User: anonymous is not authorized to perform: es:ESHttpGet"}',
  ],
  // A client that calls the agent or IMDS itself and reports the status it got, with the address.
  [
    "pod_identity.container_metadata_failed",
    "the agent's error status",
    'unexpected status code for "http://169.254.170.23/v1/credentials"; got 400; want 200; response body: ""',
  ],
  [
    "imds.credentials_unavailable",
    "IMDS's 404 on the role listing",
    'unexpected status code for "http://169.254.169.254/latest/meta-data/iam/security-credentials/"; got 404; want 200',
  ],
  // The token file in .NET's, java.io's and a tool's own words.
  ["token.file_unreadable", ".NET FileNotFoundException", `System.IO.FileNotFoundException: Could not find file '${TOKEN}'.`],
  [
    "token.file_unreadable",
    ".NET UnauthorizedAccessException",
    `System.UnauthorizedAccessException: Access to the path '${TOKEN}' is denied.`,
  ],
  ["token.file_unreadable", "java.io FileNotFoundException", `java.io.FileNotFoundException: ${TOKEN} (No such file or directory)`],
  ["token.file_unreadable", "a tool's 'Error reading'", `Error reading web identity token file ${TOKEN}`],
  // The agent's and IMDS's addresses with the transport failure in urllib3's, Node's and curl's words.
  [
    "pod_identity.agent_connection_refused",
    "urllib3's MaxRetryError",
    "HTTPConnectionPool(host='169.254.170.23', port=80): Max retries exceeded with url: /v1/credentials (Caused by NewConnectionError('<urllib3.connection.HTTPConnection object at 0x7f3a2c1d5e50>: Failed to establish a new connection: [Errno 111] Connection refused'))",
  ],
  ["pod_identity.agent_connection_refused", "Node's EHOSTUNREACH", "Error: connect EHOSTUNREACH 169.254.170.23:80"],
  [
    "imds.credentials_unavailable",
    "curl's timeout",
    "curl: (28) Failed to connect to 169.254.169.254 port 80 after 1001 ms: Timeout was reached",
  ],
  [
    "imds.credentials_unavailable",
    "urllib3's MaxRetryError",
    "HTTPConnectionPool(host='169.254.169.254', port=80): Max retries exceeded with url: /latest/api/token (Caused by ConnectTimeoutError(<urllib3.connection.HTTPConnection object at 0x7f>, 'Connection to 169.254.169.254 timed out. (connect timeout=1)'))",
  ],
];

describe("a mechanism in every runtime's words", () => {
  it.each(CASES)("%s: %s", (id, _what, line) => {
    expect(recogniseMessages(line).map((m) => m.patternId)).toEqual([id]);
  });

  it("leaves a proxy's 403 on the way to STS to the proxy, whatever the wrapper says", () => {
    expect(
      recogniseMessages("STS failed to assume role from web identity: Unexpected response code for CONNECT: 403").map((m) => m.patternId),
    ).toEqual(["network.proxy_error"]);
  });

  it("leaves a success line that quotes a principal alone, and git's own 'unable to access'", () => {
    for (const line of [
      "GET http://169.254.170.23/v1/credentials status 200 in 3ms",
      "Assumed role: User: arn:aws:sts::111122223333:assumed-role/vault-storage/1700000000",
      "warning: unable to access '/root/.config/git/attributes': Permission denied",
      "GET https://ghcr.io/v2/org/app/manifests/latest: unexpected status code 401 Unauthorized",
    ])
      expect(recogniseMessages(line)).toEqual([]);
  });

  it("does not take a web identity or Pod Identity session for the node's", () => {
    for (const line of [
      "Access denied for principal arn:aws:sts::111122223333:assumed-role/orders-api/botocore-session-1700000000",
      "using AWS identity arn:aws:sts::111122223333:assumed-role/orders-api/eks-prod-orders-api-6b1e2a3c",
      '"UserId": "AROA3XFRBF23EXAMPLE:aws-go-sdk-1700000000000000000"',
    ])
      expect(recogniseMessages(line)).toEqual([]);
  });
});
