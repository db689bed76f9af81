// Network failures on the way to STS (regional, global, FIPS, China or a VPC endpoint name) and through
// HTTP proxies. Each runtime words them differently and puts the host before or after the failure.

import type { LogPattern } from "../types.js";

// Docs and redacted pastes keep a placeholder for the region ("sts.<region>.amazonaws.com", "sts.${AWS_REGION}...").
const STS_HOST = String.raw`(?:[a-z0-9-]+\.)*sts(?:-fips)?(?:\.(?:[a-z0-9-]+|<[\w-]{1,20}>|\{[\w-]{1,20}\}|\$\{?\w{1,20}\}?)){0,2}\.amazonaws\.com(?:\.cn)?`;
const FAILURE_BEFORE_HOST = [
  "ENOTFOUND", // Node
  "EAI_AGAIN",
  "ETIMEDOUT",
  "ECONNREFUSED",
  "UnknownHostException:?", // Java
  "Unable to execute HTTP request:", // Java v1/v2, unknown host
  "Could not connect to the endpoint URL:", // botocore
  "Connect timeout on endpoint URL:",
  "Read timeout on endpoint URL:",
  "lookup", // Go resolver
  "Failed to open TCP connection to", // Ruby (Net::HTTP via Seahorse)
  "SSL validation failed for", // botocore: a name that does not match the certificate (a CNAME to a VPC endpoint)
  String.raw`error sending request for url \(`, // Rust's reqwest (object_store, reqsign): no answer at all
  "broken connection to", // Fluent Bit's own HTTP client (flb_http_client: "broken connection to HOST:PORT ?")
].join("|");
const FAILURE_AFTER_HOST = [
  "i/o timeout",
  "[Cc]onnection refused",
  "no such host",
  "connect timed out",
  "[Cc]onnection timed out",
  "network is unreachable",
  "Name or service not known",
  "Temporary failure in name resolution",
  "TLS handshake timeout",
  "deadline exceeded",
  String.raw`Client\.Timeout exceeded`,
  "Read timed out",
  "server misbehaving",
  "execution expired", // Ruby's Net::OpenTimeout
  String.raw`timed out after \d+`, // Fluent Bit's own client (flb_io: "connection #N to HOST:443 timed out after N seconds")
  // The TLS handshake with STS failed on trust: an image without a CA bundle (scratch, distroless) or a proxy
  // that re-signs TLS. Go's crypto/x509 and crypto/tls, OpenSSL's (Python, Ruby, njs) and Node's words, Java's PKIX.
  "x509: certificate",
  "tls: failed to verify certificate",
  "(?i:certificate verify failed)",
  "unable to get local issuer certificate",
  "self[- ]signed certificate in certificate chain",
  "PKIX path building failed",
].join("|");

export const networkPatterns: LogPattern[] = [
  {
    id: "network.sts_unreachable",
    regex:
      String.raw`(?:${FAILURE_BEFORE_HOST})\s*"?(?:https?://)?(?P<host>${STS_HOST})` +
      String.raw`|(?P<host_2>${STS_HOST})[^\n]*?(?:${FAILURE_AFTER_HOST})` +
      // NGINX S3 Gateway's njs fetch names no host, only its credential subrequest; of the sources that code
      // calls (STS, the Pod Identity agent, the ECS endpoint, IMDS) only STS is reached over TLS.
      String.raw`|(?i:certificate verify (?:error|failed))[^\n]*subrequest: \\?"/aws/credentials/retrieve`,
    prefilter: ["sts.", "sts-fips.", "/aws/credentials/retrieve"],
    severity: "high",
    meaning:
      "The pod could not reach STS to exchange its token: DNS, routing, security groups, a missing STS VPC endpoint in a private subnet, or an egress proxy.",
    suggests: ["network.sts_unreachable"],
    decides: "network.sts_unreachable",
    examples: {
      match: [
        {
          line: `2023/05/24 02:38:30 [error] 79#79: *1 js http fetch SSL certificate verify error: (20:unable to get local issuer certificate) while SSL handshaking to fetch target, client: 127.0.0.1, server: , request: "HEAD /a.txt HTTP/1.1", subrequest: "/aws/credentials/retrieve", host: "localhost:8080"`,
          seenIn: "nginx/nginx-s3-gateway (njs without a CA bundle calling STS)",
        },
        {
          line: `botocore.exceptions.SSLError: SSL validation failed for https://sts.amazonaws.com/ ("hostname 'sts.amazonaws.com' doesn't match either of 'sts.eu-west-1.amazonaws.com', '*.sts.eu-west-1.vpce.amazonaws.com'",)`,
          captures: { host: "sts.amazonaws.com" },
          seenIn: "boto/botocore (global STS endpoint from a VPC without internet access)",
        },
        {
          line: String.raw`failed to retrieve credentials, operation error STS: AssumeRoleWithWebIdentity, exceeded maximum number of attempts, 3, https response error StatusCode: 0, RequestID: , request send failed, Post "https://sts.us-east-1.amazonaws.com/": tls: failed to verify certificate: x509: certificate signed by unknown authority`,
          captures: { host: "sts.us-east-1.amazonaws.com" },
          seenIn: "Go crypto/tls and crypto/x509 error texts in Go v2's operation error (an image without CA certificates)",
        },
        {
          line: `botocore.exceptions.SSLError: SSL validation failed for https://sts.eu-west-1.amazonaws.com/ [SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: self-signed certificate in certificate chain (_ssl.c:1006)`,
          captures: { host: "sts.eu-west-1.amazonaws.com" },
          seenIn: "botocore SSLError over OpenSSL's verify error (a proxy that re-signs TLS)",
        },
        {
          line: `exceptions.ComputeError: Generic S3 error: response error "request error", after 0 retries: error sending request for url (https://sts.us-east-1.amazonaws.com/?Action=AssumeRoleWithWebIdentity&DurationSeconds=3600)`,
          captures: { host: "sts.us-east-1.amazonaws.com" },
          seenIn: "reqwest's Error Display (Rust object_store, as Polars relays it)",
        },
        {
          line: "[2025/10/01 10:00:00] [error] [http_client] broken connection to sts.us-east-1.amazonaws.com:443 ?",
          captures: { host: "sts.us-east-1.amazonaws.com" },
          seenIn: "fluent/fluent-bit src/flb_http_client.c",
        },
        {
          line: String.raw`caused by: RequestError: send request failed caused by: Post "https://sts.us-east-1.amazonaws.com/": dial tcp 52.94.0.12:443: i/o timeout`,
          captures: { host: "sts.us-east-1.amazonaws.com" },
          seenIn: "Go v1",
        },
        {
          line: String.raw`operation error STS: AssumeRoleWithWebIdentity, exceeded maximum number of attempts, 3, https response error StatusCode: 0, RequestID: , request send failed, Post "https://sts.eu-west-1.amazonaws.com/": dial tcp: lookup sts.eu-west-1.amazonaws.com on 172.20.0.10:53: no such host`,
          captures: { host: "sts.eu-west-1.amazonaws.com" },
          seenIn: "Go v2",
        },
        {
          line: String.raw`botocore.exceptions.EndpointConnectionError: Could not connect to the endpoint URL: "https://sts.us-west-2.amazonaws.com/"`,
          captures: { host: "sts.us-west-2.amazonaws.com" },
          seenIn: "Python",
        },
        {
          line: String.raw`{"level":"FATAL","time":"2024-02-29T14:28:34.392Z","logger":"controller","message":"Checking EC2 API connectivity, WebIdentityErr: failed to retrieve credentials\ncaused by: RequestError: send request failed\ncaused by: Post \"https://sts.<region>.amazonaws.com/\": dial tcp 54.239.32.126:443: i/o timeout","commit":"596ea97"}`,
          captures: { host: "sts.<region>.amazonaws.com" },
          seenIn: "aws/karpenter-provider-aws docs (troubleshooting, private clusters), region left as a placeholder",
        },
        {
          line: "[2023/01/01 00:00:00] [error] [io] connection #33 to sts.us-east-1.amazonaws.com:443 timed out after 10 seconds (connection timeout)",
          captures: { host: "sts.us-east-1.amazonaws.com" },
          seenIn: "fluent/fluent-bit src/flb_io.c (its own HTTP client)",
        },
        {
          line: "Error: getaddrinfo ENOTFOUND sts.ap-southeast-1.amazonaws.com",
          captures: { host: "sts.ap-southeast-1.amazonaws.com" },
          seenIn: "Node",
        },
        {
          line: "com.amazonaws.SdkClientException: Unable to execute HTTP request: Connect to sts.us-east-1.amazonaws.com:443 [sts.us-east-1.amazonaws.com/52.94.0.12] failed: connect timed out",
          captures: { host: "sts.us-east-1.amazonaws.com" },
          seenIn: "Java v1",
        },
        { line: "java.net.UnknownHostException: sts.amazonaws.com", captures: { host: "sts.amazonaws.com" } },
        {
          line: "Seahorse::Client::NetworkingError: Failed to open TCP connection to sts.eu-central-1.amazonaws.com:443 (execution expired)",
          captures: { host: "sts.eu-central-1.amazonaws.com" },
          seenIn: "aws-sdk-core (Ruby) networking error",
        },
        {
          line: String.raw`Post "https://vpce-0a1b2c3d4e5f60718-abcdefgh.sts.us-east-1.vpce.amazonaws.com/": dial tcp 10.0.1.25:443: connect: connection refused`,
          captures: { host: "vpce-0a1b2c3d4e5f60718-abcdefgh.sts.us-east-1.vpce.amazonaws.com" },
        },
      ],
      nearMiss: [
        "AWS_STS_REGIONAL_ENDPOINTS=regional",
        "resolved STS endpoint https://sts.us-east-1.amazonaws.com for region us-east-1",
        String.raw`Post "https://s3.us-east-1.amazonaws.com/": dial tcp 52.216.0.1:443: i/o timeout`,
        String.raw`Get "https://s3.us-east-1.amazonaws.com/b": x509: certificate signed by unknown authority`,
      ],
    },
  },
  {
    id: "network.credentials_request_canceled",
    // Go v2 resolves credentials inside each call ("get identity: get credentials: ..."); Go v1 says RequestCanceled.
    regex: String.raw`get credentials: (?:[^\n]{0,200}?)(?:request canceled|context deadline exceeded|context canceled)|RequestCanceled: request context canceled`,
    prefilter: ["get credentials: ", "RequestCanceled"],
    severity: "medium",
    meaning:
      "The SDK gave up waiting for credentials (the call's deadline passed while it was still exchanging the token with STS or asking the Pod Identity agent): slow or blocked egress, DNS, or an agent waiting on EKS Auth.",
    suggests: ["network.sts_unreachable", "pod_identity.agent_unreachable"],
    supersededBy: [
      "imds.credentials_unavailable",
      "pod_identity.agent_timeout",
      "pod_identity.container_provider_failed",
      "network.sts_unreachable",
    ],
    examples: {
      match: [
        {
          line: String.raw`"error": "operation error Secrets Manager: GetSecretValue, get identity: get credentials: request canceled, context canceled"`,
          seenIn: "kedacore/keda (Go v2)",
        },
        {
          line: "Failed fetching secret db-password: RequestCanceled: request context canceled",
          seenIn: "aws/secrets-store-csi-driver-provider-aws (Go v1)",
        },
      ],
      nearMiss: ["get credentials: ok (source WebIdentityCredentials)", "RequestCanceled by user"],
    },
  },
  {
    id: "network.mesh_answered_credential_request",
    // Envoy's local reply when it cannot reach the upstream ("upstream connect error or disconnect/reset
    // before headers. reset reason: connection failure"), in answer to a request for credentials: a service
    // mesh's sidecar (Istio, App Mesh) intercepted the call to the metadata service, the Pod Identity agent
    // or STS and could not pass it on (the link-local addresses are not excluded from its capture). SDKs
    // then parse Envoy's page as credentials (a role name, a JSON body) or report the status it gave.
    // Envoy's other local reply, "no healthy upstream" (no endpoint left in the cluster it routes the address
    // to), is the same capture; botocore's container provider ("Received non 200 response (503) from
    // container metadata: ...") relays either without the address, but only the container provider says it.
    regex:
      String.raw`(?:169\.254\.169\.254|169\.254\.170\.23|fd00:ec2::23|sts[.-][\w.-]*amazonaws\.com)[^
]{0,400}?(?:upstream(?: |%20)connect(?: |%20)error|no(?: |%20)healthy(?: |%20)upstream)` +
      String.raw`|(?:upstream connect error or disconnect/reset before headers|no healthy upstream)[^
]{0,400}?(?:169\.254\.169\.254|169\.254\.170\.23|fd00:ec2::23|sts[.-][\w.-]*amazonaws\.com)` +
      String.raw`|from container metadata: (?:upstream connect error|no healthy upstream)`,
    prefilter: ["upstream connect error", "upstream%20connect%20error", "no healthy upstream", "no%20healthy%20upstream"],
    severity: "medium",
    meaning:
      "A service mesh's sidecar (Envoy) answered the pod's request for credentials itself, unable to reach the metadata service, the Pod Identity agent or STS: the mesh captures traffic to those addresses.",
    suggests: ["network.sts_unreachable", "pod_identity.agent_proxy", "irsa_annotation.missing"],
    examples: {
      match: [
        {
          line: "Unable to fetch credentials from AWS metadata store: FetchError: invalid json response body at http://169.254.169.254/latest/meta-data/iam/security-credentials/upstream%20connect%20error%20or%20disconnect/reset%20before%20headers.%20reset%20reason:%20connection%20failure reason: Unexpected token u in JSON at position 0",
          seenIn: "Envoy's local reply (source/common/router/router.cc) read by a Node.js client as the instance's role name",
        },
        {
          line: `botocore.exceptions.CredentialRetrievalError: Error when retrieving credentials from container-role: Error retrieving metadata: Received non 200 response (503) from container metadata: upstream connect error or disconnect/reset before headers. reset reason: connection failure (http://169.254.170.23/v1/credentials)`,
          seenIn: "botocore's container provider relaying Envoy's local reply",
        },
      ],
      nearMiss: [
        "upstream connect error or disconnect/reset before headers. reset reason: connection failure",
        "route orders-api: 503 no healthy upstream",
        "GET http://169.254.169.254/latest/meta-data/iam/security-credentials/ 200",
      ],
    },
  },
  {
    id: "network.proxy_error",
    // A proxy that refuses or cannot open the CONNECT tunnel, in each runtime's words: Go's net/http
    // ("proxyconnect tcp"), botocore and requests/urllib3 ("Cannot connect to proxy."), Java's
    // HttpURLConnection ("Unable to tunnel through proxy. Proxy returns ...") and Apache HttpClient
    // (TunnelRefusedException "CONNECT refused by proxy"), Node's tunnel agent ("tunneling socket could not
    // be established"), curl (error 56: "Received HTTP code 403 from proxy after CONNECT", newer "CONNECT
    // tunnel failed, response 403"), Kotlin's "Unexpected response code for CONNECT".
    regex:
      String.raw`proxyconnect tcp|Proxy Authentication Required|Failed to connect to proxy URL|ProxyConnectionError|Unable to connect to proxy|Cannot connect to proxy` +
      String.raw`|Unexpected response code for CONNECT: \d+|Unable to tunnel through proxy|CONNECT refused by proxy|tunneling socket could not be established` +
      String.raw`|Received HTTP code \d+ from proxy after CONNECT|CONNECT tunnel failed, response \d+`,
    prefilter: [
      "proxyconnect",
      "Proxy Authentication Required",
      "proxy URL",
      "ProxyConnectionError",
      "to proxy",
      "for CONNECT",
      "through proxy",
      "by proxy",
      "tunneling socket",
      "from proxy after CONNECT",
      "CONNECT tunnel failed",
    ],
    severity: "high",
    meaning:
      "A request went through an HTTP proxy and failed there: in the Pod Identity agent, its proxy settings are missing or wrong; in an application, the proxy is blocking STS or needs 169.254.170.23 in NO_PROXY.",
    suggests: ["pod_identity.agent_proxy", "network.sts_unreachable"],
    examples: {
      match: [
        {
          line: "STS failed to assume role from web identity: Unexpected response code for CONNECT: 403",
          seenIn: "awslabs/aws-sdk-kotlin (an HTTP proxy refusing the tunnel to STS)",
        },
        {
          line: String.raw`{"level":"error","msg":"Error fetching credentials: error getting credentials to cache: unable to fetch credentials from EKS Auth: operation error EKS Auth: AssumeRoleForPodIdentity, exceeded maximum number of attempts, 3, https response error StatusCode: 0, RequestID: , request send failed, Post \"https://eks-auth.us-west-2.api.aws/clusters/prod/assume-role-for-pod-identity\": proxyconnect tcp: dial tcp 10.0.0.5:3128: connect: connection refused","time":"2025-02-10T11:02:33Z"}`,
          seenIn: "Go net/http proxy error wording in the agent's log format",
        },
        {
          line: String.raw`botocore.exceptions.ProxyConnectionError: Failed to connect to proxy URL: "http://proxy.corp.example:3128"`,
          seenIn: "Python",
        },
        { line: String.raw`Post "https://sts.us-east-1.amazonaws.com/": Proxy Authentication Required` },
      ],
      nearMiss: ["HTTPS_PROXY=http://proxy.corp.example:3128", "NO_PROXY=169.254.170.23,169.254.169.254,.svc,.cluster.local"],
    },
  },
];
