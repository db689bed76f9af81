// The eks-pod-identity-agent's own log (kube-system DaemonSet): JSON lines whose "msg" carries the Go v2
// SDK's error from EKS Auth (AssumeRoleForPodIdentity). Texts follow the agent's sources
// (internal/cloud/eksauth/service.go, internal/credsretriever/refreshing_cache.go, pkg/errors/errors.go).

import type { LogPattern } from "../types.js";

const NETWORK_FAILURE = String.raw`(?:dial tcp|i/o timeout|no such host|deadline exceeded|context canceled|TLS handshake timeout|connection refused|connection reset|network is unreachable)`;

export const podIdentityAgentPatterns: LogPattern[] = [
  {
    id: "pod_identity_agent.eks_auth_unreachable",
    regex:
      String.raw`AssumeRoleForPodIdentity, https response error StatusCode: 0,` +
      String.raw`|unable to fetch credentials from EKS Auth[^\n]*?${NETWORK_FAILURE}` +
      String.raw`|eks-auth\.[a-z0-9-]+\.api\.aws[^\n]*?${NETWORK_FAILURE}`,
    prefilter: ["AssumeRoleForPodIdentity", "EKS Auth", "eks-auth."],
    severity: "high",
    meaning:
      "The Pod Identity agent got no answer from the EKS Auth endpoint: no route from the node (private cluster without the eks-auth VPC endpoint, security groups) or a proxy it does not know about.",
    suggests: ["pod_identity.agent_unreachable", "pod_identity.agent_proxy"],
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
    id: "pod_identity_agent.token_rejected",
    regex: String.raw`Service account token (?:cannot be parsed|failed basic claim validations|cannot be empty)|InvalidTokenException`,
    prefilter: ["Service account token", "InvalidTokenException"],
    severity: "medium",
    meaning:
      "The agent or EKS Auth rejected the token the SDK sent: empty, malformed (for example sent with a 'Bearer ' prefix), expired, or issued for the wrong audience (Pod Identity needs pods.eks.amazonaws.com).",
    suggests: ["token.audience_mismatch", "token.expired", "token.not_mounted_or_unreadable"],
    examples: {
      match: [
        {
          line: String.raw`{"client-addr":":","cluster-name":"prod","level":"error","msg":"Error fetching credentials: Service account token cannot be parsed: token is malformed: could not base64 decode header: illegal base64 data at input byte 6","time":"2025-12-23T14:16:38Z"}`,
          seenIn: "n8n-io/n8n#23584",
        },
        { line: "AssumeRoleForPodIdentity, https response error StatusCode: 400, RequestID: 7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d, InvalidTokenException: The token is not valid for this audience" },
      ],
      nearMiss: ["Service account token refreshed for default/orders-api"],
    },
  },
];
