// The eks-pod-identity-agent's own log (kube-system DaemonSet): JSON lines whose "msg" carries the Go v2
// SDK's error from EKS Auth (AssumeRoleForPodIdentity). Texts follow the agent's sources
// (internal/cloud/eksauth/service.go, internal/credsretriever/refreshing_cache.go, pkg/errors/errors.go).

import type { LogPattern } from "../types.js";

const NETWORK_FAILURE = String.raw`(?:dial tcp|i/o timeout|no such host|deadline exceeded|context canceled|TLS handshake timeout|connection refused|connection reset|network is unreachable|x509: certificate|tls: failed to verify certificate)`;

export const podIdentityAgentPatterns: LogPattern[] = [
  {
    id: "pod_identity_agent.eks_auth_unreachable",
    regex:
      String.raw`AssumeRoleForPodIdentity, (?:exceeded maximum number of attempts, \d+, )?https response error StatusCode: 0,` +
      String.raw`|unable to fetch credentials from EKS Auth[^\n]*?${NETWORK_FAILURE}` +
      String.raw`|eks-auth\.[a-z0-9-]+\.api\.aws[^\n]*?${NETWORK_FAILURE}`,
    prefilter: ["AssumeRoleForPodIdentity", "EKS Auth", "eks-auth."],
    severity: "high",
    meaning:
      "The Pod Identity agent got no answer from the EKS Auth endpoint: no route from the node (private cluster without the eks-auth VPC endpoint, security groups) or a proxy it does not know about.",
    suggests: ["pod_identity.agent_unreachable", "pod_identity.agent_proxy"],
    decides: "pod_identity.agent_unreachable",
    supersededBy: ["network.proxy_error"],
    examples: {
      match: [
        {
          line: String.raw`{"client-addr":"10.10.5.179:53244","cluster-name":"eks-cluster-qa","level":"error","msg":"Error fetching credentials: error getting credentials to cache: unable to fetch credentials from EKS Auth: operation error EKS Auth: AssumeRoleForPodIdentity, https response error StatusCode: 0, RequestID: , canceled, context canceled","operation":"AssumeRoleForPodIdentity","request-id":"","service":"EKS Auth","time":"2025-07-09T02:52:10Z"}`,
          seenIn: "aws/eks-pod-identity-agent#50",
        },
        {
          line: String.raw`{"level":"error","msg":"Error fetching credentials: error getting credentials to cache: unable to fetch credentials from EKS Auth: operation error EKS Auth: AssumeRoleForPodIdentity, exceeded maximum number of attempts, 3, https response error StatusCode: 0, RequestID: , request send failed, Post \"https://eks-auth.eu-west-1.api.aws/clusters/prod/assume-role-for-pod-identity\": dial tcp 10.0.32.14:443: i/o timeout","time":"2025-03-02T09:31:44Z"}`,
        },
      ],
      nearMiss: [
        String.raw`{"client-addr":"10.10.5.179:53244","cluster-name":"eks-cluster-qa","level":"info","msg":"Calling EKS Auth to fetch credentials","time":"2025-07-09T02:52:10Z"}`,
        String.raw`{"level":"info","msg":"Successfully fetched credentials from EKS Auth","time":"2025-07-09T02:52:11Z"}`,
      ],
    },
  },
  {
    id: "pod_identity_agent.cache_expired_token",
    regex: String.raw`Removing credentials from cache, got non recoverable error:[^\n]*ExpiredTokenException`,
    prefilter: ["Removing credentials from cache"],
    severity: "low",
    meaning:
      "The agent evicted cached credentials because the pod's previous token had expired; its maintainers describe this as expected during token rotation (aws/eks-pod-identity-agent#89), not a failure.",
    suggests: [],
    examples: {
      match: [
        {
          line: "Removing credentials from cache, got non recoverable error: error getting credentials to cache: unable to fetch credentials from EKS Auth: operation error EKS Auth: AssumeRoleForPodIdentity, https response error StatusCode: 400, RequestID: 3c5a77b1-e68d-44fe-8b54-4a6c9bbcb057, ExpiredTokenException: The token included in the request is expired: current date/time 2025-07-06T07:02:09.314833331Z must be before the expiration date/time 2025-07-06T04:16:18Z.",
          seenIn: "aws/eks-pod-identity-agent#89",
        },
      ],
      nearMiss: [
        "Removing credentials from cache, got non recoverable error: error getting credentials to cache: unable to fetch credentials from EKS Auth: operation error EKS Auth: AssumeRoleForPodIdentity, https response error StatusCode: 400, RequestID: 1d2e3f4a-5b6c-4d7e-8f9a-0b1c2d3e4f5a, ResourceNotFoundException: No pod identity association found",
      ],
    },
  },
  {
    id: "pod_identity_agent.eks_auth_throttled",
    regex: String.raw`AssumeRoleForPodIdentity[^\n]{0,300}?(?:ThrottlingException|TooManyRequests|Rate exceeded)|Rate limited! Will try to keep creds locally`,
    prefilter: ["AssumeRoleForPodIdentity", "Rate limited!"],
    severity: "medium",
    meaning:
      "EKS Auth (or the agent's own limiter, --max-service-qps) throttled the agent's AssumeRoleForPodIdentity calls: pods on the node wait for credentials or get none while it lasts.",
    suggests: ["pod_identity.agent_unreachable"],
    examples: {
      match: [
        {
          line: "unable to fetch credentials from EKS Auth: operation error EKS Auth: AssumeRoleForPodIdentity, https response error StatusCode: 429, RequestID: 1a2b, ThrottlingException: Rate exceeded",
          seenIn: "eks-pod-identity-agent log format (Go v2 error)",
        },
        {
          line: String.raw`{"level":"info","msg":"Rate limited! Will try to keep creds locally","time":"2025-01-01T00:00:00Z"}`,
          seenIn: "eks-pod-identity-agent internal/credsretriever/refreshing_cache.go",
        },
      ],
      nearMiss: ["Calling EKS Auth to fetch credentials", "AssumeRoleForPodIdentity succeeded in 120ms"],
    },
  },
  {
    id: "pod_identity_agent.token_rejected",
    regex: String.raw`Service account token (?:cannot be parsed|failed basic claim validations|cannot be empty)|InvalidTokenException`,
    prefilter: ["Service account token", "InvalidTokenException"],
    severity: "medium",
    meaning:
      "The agent or EKS Auth rejected the token the SDK sent: empty, malformed (for example sent with a 'Bearer ' prefix), expired, or issued for the wrong audience (Pod Identity needs pods.eks.amazonaws.com).",
    // "cannot be parsed" is also a client that sends something other than the bare token (a "Bearer " prefix): its SDK side.
    suggests: ["token.audience_mismatch", "token.expired", "token.not_mounted_or_unreadable", "sdk.too_old"],
    examples: {
      match: [
        {
          line: String.raw`{"client-addr":":","cluster-name":"prod","level":"error","msg":"Error fetching credentials: Service account token cannot be parsed: token is malformed: could not base64 decode header: illegal base64 data at input byte 6","time":"2025-12-23T14:16:38Z"}`,
          seenIn: "n8n-io/n8n#23584",
        },
        {
          line: "AssumeRoleForPodIdentity, https response error StatusCode: 400, RequestID: 7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d, InvalidTokenException: The token is not valid for this audience",
        },
      ],
      nearMiss: ["Service account token refreshed for default/orders-api"],
    },
  },
  {
    id: "pod_identity_agent.called_through_other_address",
    // internal/validation/request.go: the agent serves only requests addressed to its link-local addresses.
    // A request that reaches it under another Host (a proxy or service mesh that rewrites it, a client that
    // builds its own URL instead of AWS_CONTAINER_CREDENTIALS_FULL_URI) is refused as "Access Denied.".
    regex: String.raw`Called agent through invalid address`,
    prefilter: ["Called agent through invalid address"],
    severity: "medium",
    meaning:
      "The Pod Identity agent refused a request that reached it under another address than 169.254.170.23 / fd00:ec2::23: a proxy or mesh in the pod's path rewrites it, or the client does not use the injected AWS_CONTAINER_CREDENTIALS_FULL_URI as it is.",
    suggests: ["pod_identity.agent_proxy", "sdk.too_old"],
    examples: {
      match: [
        {
          line: String.raw`botocore.exceptions.CredentialRetrievalError: Error when retrieving credentials from container-role: Error retrieving metadata: Received non 200 response (403) from container metadata: {"message":"Access Denied. Called agent through invalid address, please use either [169.254.170.23 fd00:ec2::23] address not 127.0.0.1"}`,
          seenIn: "eks-pod-identity-agent internal/validation/request.go, relayed by botocore's container provider",
        },
      ],
      nearMiss: ["Called agent at 169.254.170.23"],
    },
  },
  {
    id: "pod_identity_agent.not_running",
    regex:
      // kubectl get pods: "eks-pod-identity-agent-x2k4q   0/1   CrashLoopBackOff   7   12m"
      String.raw`eks-pod-identity-agent-[a-z0-9]{5}\s+\d+/\d+\s+(?P<state>CrashLoopBackOff|Error|OOMKilled|ImagePullBackOff|ErrImagePull|CreateContainerConfigError|Init:\S+|Pending)` +
      String.raw`|Back-off restarting failed container[^\n]{0,80}?eks-pod-identity-agent` +
      // The agent binding its link-local addresses (IPv6 disabled on the node, another process on the port).
      String.raw`|listen tcp (?:169\.254\.170\.23|\[fd00:ec2::23\]):\d+: bind:` +
      // Its probes (port 2703) failing.
      String.raw`|(?:Readiness|Liveness|Startup) probe failed: Get "?https?://[^/[:space:]"]+:2703/` +
      // Not installed at all: kubectl's NotFound on the DaemonSet, EKS's on the add-on.
      String.raw`|daemonsets?(?:\.apps)? "eks-pod-identity-agent" not found|No addon: eks-pod-identity-agent found` +
      // Its init container and server failing (cmd/init.go, pkg/initalizer/executor.go, cmd/server.go; "initalize" is theirs).
      String.raw`|Unable to initalize (?:agent|executor)|Stopping execution, unable to configure required family|Unable to initialize aws configuration, exiting` +
      // Its executor setting up the pod-id-link0 interface that carries the link-local addresses (pkg/initalizer/executor.go).
      String.raw`|Cannot setup link: |Error bringing up link: `,
    // "probe failed: Get", not ":2703/": a six-byte literal slows the errors tool's byte gate by a fifth.
    prefilter: [
      "eks-pod-identity-agent",
      "169.254.170.23",
      "fd00:ec2::23",
      "probe failed: Get",
      "Unable to initalize",
      "Stopping execution",
      "Unable to initialize aws configuration",
      "Cannot setup link",
      "Error bringing up link",
    ],
    severity: "high",
    meaning:
      "The eks-pod-identity-agent is not running (or not healthy) on the node: it crashes, cannot start, cannot bind its link-local address or fails its probes, so nothing serves Pod Identity credentials there.",
    suggests: ["pod_identity.agent_not_running"],
    decides: "pod_identity.agent_not_running",
    examples: {
      match: [
        {
          line: "kube-system   eks-pod-identity-agent-x2k4q   0/1     CrashLoopBackOff   7 (2m ago)   14m",
          captures: { state: "CrashLoopBackOff" },
          seenIn: "kubectl get pods -n kube-system",
        },
        {
          line: "Warning  BackOff  3m (x25 over 8m)  kubelet  Back-off restarting failed container eks-pod-identity-agent in pod eks-pod-identity-agent-x2k4q_kube-system(5c1e2d3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f)",
        },
        {
          line: String.raw`{"level":"fatal","msg":"listen tcp [fd00:ec2::23]:80: bind: cannot assign requested address","time":"2024-02-01T10:00:00Z"}`,
          seenIn: "EKS user guide: the agent cannot start when IPv6 is disabled on the node",
        },
        {
          line: `Warning  Unhealthy  2m (x9 over 4m)  kubelet  Readiness probe failed: Get "http://localhost:2703/readyz": dial tcp 127.0.0.1:2703: connect: connection refused`,
        },
        { line: `Error from server (NotFound): daemonsets.apps "eks-pod-identity-agent" not found` },
        {
          line: "An error occurred (ResourceNotFoundException) when calling the DescribeAddon operation: No addon: eks-pod-identity-agent found in cluster: prod",
        },
        {
          line: "2024/02/01 10:00:00 Unable to initalize agent: failed to add address fd00:ec2::23/128 to link pod-id-link0: permission denied",
          seenIn: "eks-pod-identity-agent cmd/init.go (its init container)",
        },
        {
          line: String.raw`{"ip":"fd00:ec2::23","level":"fatal","link":"pod-id-link0","msg":"Stopping execution, unable to configure required family 0a: permission denied","time":"2024-02-01T10:00:00Z"}`,
          seenIn: "eks-pod-identity-agent pkg/initalizer/executor.go",
        },
        {
          line: String.raw`{"level":"error","msg":"Cannot setup link: unable to create interface pod-id-link0: operation not permitted","time":"2024-02-01T10:00:00Z"}`,
          seenIn: "eks-pod-identity-agent pkg/initalizer/executor.go (setupLink)",
        },
      ],
      nearMiss: [
        "kube-system   eks-pod-identity-agent-x2k4q   1/1     Running   0   14m",
        String.raw`{"bind-addr":"169.254.170.23:80","level":"info","msg":"Starting server...","time":"2024-10-07T12:13:53Z"}`,
      ],
    },
  },
];
