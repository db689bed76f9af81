// EKS Pod Identity as the application sees it: the SDK's container provider calls the node-local agent at
// 169.254.170.23 (IPv6 fd00:ec2::23), which answers with credentials or relays EKS Auth's refusal as
// "[request-id]: (ErrorCode): message, fault: client" (eks-pod-identity-agent pkg/errors/errors.go).

import type { LogPattern } from "../types.js";

const AGENT = String.raw`(?:169\.254\.170\.23|fd00:ec2::23)`;
const REFUSED = String.raw`(?:connection refused|econnrefused|ehostunreach|enetunreach|could not connect to the endpoint url|failed to connect to)`;
const TIMEOUT = String.raw`(?:read timeout|connect timeout|read timed out|timed out|i/o timeout|deadline exceeded|client\.timeout exceeded|etimedout)`;

// A container provider that got nothing from the agent (Go v2's and the other SDKs' wordings): which hop of
// Pod Identity failed is not in the message, and a line that says why is the more specific match.
const AGENT_GAVE_NOTHING = [
  "pod_identity.agent_unreachable",
  "pod_identity.agent_not_running",
  "pod_identity.association_missing",
  "pod_identity.trust_policy",
  "pod_identity.agent_proxy",
] as const;
const AGENT_SAID_WHY = [
  "pod_identity.agent_connection_refused",
  "pod_identity.agent_timeout",
  "pod_identity.association_not_found",
  "pod_identity.eks_auth_access_denied",
  "pod_identity.eks_auth_trust_denied",
] as const;

export const podIdentityPatterns: LogPattern[] = [
  {
    id: "pod_identity.agent_connection_refused",
    ignoreCase: true,
    // "No route" / "unreachable": the agent also owns the link-local address; without it the node has no route there.
    // Node's errno names (EHOSTUNREACH, ENETUNREACH) and urllib3's "HTTPConnectionPool(host='...'): Max retries
    // exceeded ... (Caused by NewConnectionError(... [Errno 111] Connection refused'))", which puts ~200
    // characters between the address and the reason.
    regex: String.raw`${AGENT}[^\n]{0,300}?(?:connection refused|no route to host|network is unreachable|ehostunreach|enetunreach)|${REFUSED}[^\n]{0,160}?${AGENT}`,
    prefilter: ["169.254.170.23", "fd00:ec2::23"],
    severity: "high",
    meaning:
      "Nothing answered at the Pod Identity agent's address on this node: the eks-pod-identity-agent pod is not running (or not ready) there.",
    suggests: ["pod_identity.agent_not_running"],
    decides: "pod_identity.agent_not_running",
    examples: {
      match: [
        {
          line: String.raw`failed to refresh cached credentials, failed to load credentials, exceeded maximum number of attempts, 3, request send failed, Get "http://169.254.170.23/v1/credentials": dial tcp 169.254.170.23:80: connect: connection refused`,
          seenIn: "Go v2 container provider",
        },
        { line: "CredentialsProviderError: connect ECONNREFUSED 169.254.170.23:80", seenIn: "JavaScript v3" },
        {
          line: String.raw`Get "http://[fd00:ec2::23]/v1/credentials": dial tcp [fd00:ec2::23]:80: connect: network is unreachable`,
          seenIn: "Go net/http, IPv6 agent address",
        },
        {
          line: `Seahorse::Client::NetworkingError: Failed to open TCP connection to 169.254.170.23:80 (Connection refused - connect(2) for "169.254.170.23" port 80)`,
          seenIn: "aws-sdk-core (Ruby)",
        },
        {
          line: String.raw`botocore.exceptions.CredentialRetrievalError: Error when retrieving credentials from container-role: Error retrieving metadata: Received error when attempting to retrieve container metadata: Could not connect to the endpoint URL: "http://169.254.170.23/v1/credentials"`,
          seenIn: "Python (botocore ContainerProvider)",
        },
        {
          line: "software.amazon.awssdk.core.exception.SdkClientException: Failed to load credentials from metadata service. Failed to connect to 169.254.170.23/169.254.170.23:80 Connection refused",
          seenIn: "Java v2",
        },
        {
          line: "urllib3.exceptions.MaxRetryError: HTTPConnectionPool(host='169.254.170.23', port=80): Max retries exceeded with url: /v1/credentials (Caused by NewConnectionError('<urllib3.connection.HTTPConnection object at 0x7f3a2c1d5e50>: Failed to establish a new connection: [Errno 111] Connection refused'))",
          seenIn: "urllib3 connectionpool (an application calling the agent itself, as requests/urllib3 word it)",
        },
        { line: "Error: connect EHOSTUNREACH 169.254.170.23:80", seenIn: "Node's net module (JavaScript v2/v3)" },
      ],
      nearMiss: [
        "AWS_CONTAINER_CREDENTIALS_FULL_URI=http://169.254.170.23/v1/credentials",
        String.raw`{"bind-addr":"169.254.170.23:80","level":"info","msg":"Starting server...","time":"2024-10-07T12:13:53Z"}`,
        "dial tcp 10.0.4.17:443: connect: connection refused",
      ],
    },
  },
  {
    id: "pod_identity.agent_timeout",
    ignoreCase: true,
    regex: String.raw`${AGENT}[^\n]{0,200}?${TIMEOUT}|${TIMEOUT}[^\n]{0,120}?${AGENT}`,
    prefilter: ["169.254.170.23", "fd00:ec2::23"],
    severity: "high",
    meaning:
      "The Pod Identity agent did not answer in time: it is waiting on the EKS Auth endpoint (unreachable from the node, missing eks-auth VPC endpoint in a private cluster, or a proxy in the way).",
    suggests: ["pod_identity.agent_unreachable", "pod_identity.agent_proxy", "pod_identity.agent_not_running"],
    // Every candidate is a Pod Identity one: the message settles the category; an agent that is up but slow is the usual case.
    decides: "pod_identity.agent_unreachable",
    examples: {
      match: [
        {
          line: String.raw`botocore.exceptions.CredentialRetrievalError: Error when retrieving credentials from container-role: Error retrieving metadata: Received error when attempting to retrieve container metadata: Read timeout on endpoint URL: "http://169.254.170.23/v1/credentials"`,
          seenIn: "runbook trigger text (botocore ContainerProvider wording)",
        },
        {
          line: String.raw`W0527 16:24:25.831530       1 pod_identity_credential_provider.go:142] IPv4 endpoint attempt failed: HTTP request to pod identity agent failed: Get "http://169.254.170.23/v1/credentials": context deadline exceeded (Client.Timeout exceeded while awaiting headers)`,
          seenIn: "aws/secrets-store-csi-driver-provider-aws#465",
        },
        { line: String.raw`Get "http://[fd00:ec2::23]/v1/credentials": dial tcp [fd00:ec2::23]:80: i/o timeout` },
      ],
      nearMiss: [
        "AWS_CONTAINER_CREDENTIALS_FULL_URI=http://169.254.170.23/v1/credentials",
        String.raw`Get "http://169.254.169.254/latest/api/token": context deadline exceeded`,
      ],
    },
  },
  {
    id: "pod_identity.association_not_found",
    ignoreCase: true,
    regex:
      String.raw`(?:AssumeRoleForPodIdentity|EKS Auth|eks-auth|pod identity)[^\n]{0,400}?ResourceNotFound` +
      String.raw`|ResourceNotFound(?:Exception)?[^\n]{0,300}?(?:pod identity association|AssumeRoleForPodIdentity|fault: client)`,
    prefilter: ["resourcenotfound"],
    severity: "high",
    meaning: "EKS Auth found no Pod Identity association for the pod's cluster, namespace and service account.",
    suggests: ["pod_identity.association_missing"],
    decides: "pod_identity.association_missing",
    examples: {
      match: [
        {
          line: String.raw`{"client-addr":"10.0.12.7:51234","cluster-name":"prod","level":"error","msg":"Error fetching credentials: error getting credentials to cache: unable to fetch credentials from EKS Auth: operation error EKS Auth: AssumeRoleForPodIdentity, https response error StatusCode: 400, RequestID: 6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f, ResourceNotFoundException: No pod identity association found for the service account","operation":"AssumeRoleForPodIdentity","request-id":"6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f","service":"EKS Auth","time":"2025-03-02T09:14:55Z"}`,
          seenIn: "agent log format from eks-pod-identity-agent pkg/errors/errors.go; the service's message text varies",
        },
        {
          line: "failed to refresh cached credentials, failed to load credentials, [6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f]: (ResourceNotFoundException): No pod identity association found for the service account, fault: client",
          seenIn: "Go v2 container provider relaying the agent's error body",
        },
      ],
      nearMiss: [
        "An error occurred (ResourceNotFoundException) when calling the GetSecretValue operation: Secrets Manager can't find the specified secret.",
        "ResourceNotFoundException: Requested resource not found: Table: carts not found",
      ],
    },
  },
  {
    id: "pod_identity.eks_auth_trust_denied",
    regex: String.raw`EKS does not have permissions to assume the associated role`,
    prefilter: ["EKS does not have permissions to assume the associated role"],
    severity: "high",
    meaning:
      "EKS Auth could not assume the associated role: its trust policy does not let pods.eks.amazonaws.com call sts:AssumeRole and sts:TagSession.",
    suggests: ["pod_identity.trust_policy"],
    decides: "pod_identity.trust_policy",
    examples: {
      match: [
        {
          line: "failed to refresh cached credentials, failed to load credentials, Unauthorized Exception! EKS does not have permissions to assume the associated role., fault: client",
          seenIn: "aws/eks-pod-identity-agent#139",
        },
      ],
      nearMiss: ["Successfully fetched credentials from EKS Auth"],
    },
  },
  {
    id: "pod_identity.association_trust_invalid",
    // EKS validates the role when an association is created (CreatePodIdentityAssociation, or an add-on's
    // podIdentityAssociations through Terraform, CDK or eksctl) and refuses one it cannot assume.
    regex: String.raw`Trust policy of the role provided is invalid`,
    prefilter: ["Trust policy of the role provided is invalid"],
    severity: "high",
    meaning:
      "EKS refused to create the Pod Identity association: the role's trust policy does not let pods.eks.amazonaws.com call sts:AssumeRole and sts:TagSession (often an IRSA trust policy reused as is), so no association exists.",
    suggests: ["pod_identity.trust_policy", "pod_identity.association_missing"],
    decides: "pod_identity.trust_policy",
    examples: {
      match: [
        {
          line: "CreatePodIdentityAssociation: InvalidParameterException: Trust policy of the role provided is invalid",
          seenIn: "hashicorp/terraform-provider-aws (aws_eks_pod_identity_association)",
        },
        {
          line: "Trust policy of the role provided is invalid. Follow the official documentation to resolve the issue. Service: AWSWesleyFrontend",
          seenIn: "aws/aws-cdk (EKS add-on with Pod Identity)",
        },
      ],
      nearMiss: ["Trust policy of the role updated for pods.eks.amazonaws.com"],
    },
  },
  {
    id: "pod_identity.association_rejected",
    regex:
      String.raw`"?eks-pod-identity-agent"? addon must be installed` +
      String.raw`|Pod Identity feature is not supported for addon version|in pod identity configuration is not supported for addon`,
    prefilter: ["eks-pod-identity-agent", "Pod Identity feature is not supported", "pod identity configuration is not supported"],
    severity: "high",
    meaning:
      "The tool or EKS refused to create the Pod Identity association (the agent add-on is not installed, or the add-on version or service account does not support Pod Identity): the workload has no association to use.",
    suggests: ["pod_identity.association_missing", "pod_identity.agent_not_running"],
    decides: "pod_identity.association_missing",
    examples: {
      match: [
        {
          line: 'Error: the "eks-pod-identity-agent" addon must be installed to create pod identity associations; please enable it using `eksctl create addon`',
          seenIn: "eksctl-io/eksctl",
        },
        {
          line: "updating EKS Add-On (prod:cert-manager): operation error EKS: UpdateAddon, https response error StatusCode: 400, RequestID: REDACTED, InvalidParameterException: Pod Identity feature is not supported for addon version: v1.18.2-eksbuild.2",
          seenIn: "hashicorp/terraform-provider-aws (aws_eks_addon)",
        },
      ],
      nearMiss: ["the eks-pod-identity-agent addon is installed (v1.3.0-eksbuild.1)"],
    },
  },
  {
    id: "pod_identity.association_not_created",
    // EKS's CreatePodIdentityAssociation refused (Terraform's aws_eks_pod_identity_association, eksctl, the
    // CLI): whatever the reason (a role it cannot find yet, a bad parameter, a missing permission), no
    // association exists, so the service account's pods get no Pod Identity credentials. The wordings that
    // say the reason is the role's trust or the add-on are the patterns that supersede this one.
    regex:
      String.raw`CreatePodIdentityAssociation, https response error StatusCode: [45]\d\d` +
      String.raw`|creating (?:Amazon )?EKS (?:\(Elastic Kubernetes\) )?Pod Identity Association[^\n]{0,200}?(?:error|Exception)` +
      String.raw`|An error occurred \(\w+\) when calling the CreatePodIdentityAssociation operation`,
    prefilter: ["CreatePodIdentityAssociation", "Pod Identity Association"],
    severity: "high",
    meaning:
      "EKS refused to create the Pod Identity association, so none exists for the service account: its pods get no Pod Identity credentials until it is created.",
    suggests: ["pod_identity.association_missing"],
    supersededBy: ["pod_identity.association_trust_invalid", "pod_identity.association_rejected"],
    examples: {
      match: [
        {
          line: "│ Error: creating Amazon EKS (Elastic Kubernetes) Pod Identity Association (<unknown>): operation error EKS: CreatePodIdentityAssociation, https response error StatusCode: 400, RequestID: d6e83266-9c1c-4c47-a975-19d4e27a3f7d, InvalidParameterException: Role provided in the request does not exist.",
          seenIn:
            "hashicorp/terraform-provider-aws internal/service/eks/pod_identity_association.go (create error) over Go v2's operation error",
        },
        {
          line: "An error occurred (ResourceNotFoundException) when calling the CreatePodIdentityAssociation operation: No cluster found for name: prod.",
          seenIn: "AWS CLI (botocore ClientError)",
        },
      ],
      nearMiss: ["Created Pod Identity Association a-abcdefghijklmnop1", "aws eks create-pod-identity-association --cluster-name prod"],
    },
  },
  {
    id: "pod_identity.node_role_denied",
    regex: String.raw`not authorized to perform:? eks-auth:AssumeRoleForPodIdentity`,
    prefilter: ["eks-auth:AssumeRoleForPodIdentity"],
    severity: "high",
    meaning:
      "The node's role (used by the Pod Identity agent) lacks eks-auth:AssumeRoleForPodIdentity, so no pod on the node can get Pod Identity credentials.",
    suggests: ["permissions.role_lacks_permission"],
    decides: "permissions.role_lacks_permission",
    examples: {
      match: [
        {
          line: String.raw`{"level":"error","msg":"Error fetching credentials: error getting credentials to cache: unable to fetch credentials from EKS Auth: operation error EKS Auth: AssumeRoleForPodIdentity, https response error StatusCode: 403, RequestID: 0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e, AccessDeniedException: User: arn:aws:sts::111122223333:assumed-role/eks-node-group-role/i-0abc123def4567890 is not authorized to perform: eks-auth:AssumeRoleForPodIdentity on resource: arn:aws:eks:eu-west-1:111122223333:cluster/prod","time":"2025-03-02T09:20:01Z"}`,
          seenIn: "agent log format (eks-pod-identity-agent); IAM's standard AccessDenied wording",
        },
      ],
      nearMiss: [`        "Action": "eks-auth:AssumeRoleForPodIdentity",`],
    },
  },
  {
    id: "pod_identity.eks_auth_access_denied",
    // EKS Auth's AccessDeniedException on AssumeRoleForPodIdentity (its API reference: the caller lacks a
    // permission), as the agent logs it (Go v2's "AssumeRoleForPodIdentity, https response error ...
    // AccessDeniedException: ...") or relays it to the SDK ("(AccessDeniedException): ..., fault: client").
    // Two mechanisms give it: the node role the agent calls with, and EKS assuming the associated role; the
    // wordings that say which are the patterns that supersede this one.
    regex:
      String.raw`AssumeRoleForPodIdentity[^\n]{0,300}?AccessDenied(?:Exception)?\b` +
      String.raw`|\(AccessDeniedException\): [^\n]{0,300}?, fault: client`,
    prefilter: ["AccessDenied"],
    severity: "high",
    meaning:
      "EKS Auth refused the Pod Identity agent's AssumeRoleForPodIdentity: either the node's role lacks eks-auth:AssumeRoleForPodIdentity, or EKS could not assume the role associated with the service account (its trust policy).",
    suggests: ["pod_identity.trust_policy", "permissions.role_lacks_permission"],
    supersededBy: [
      "pod_identity.node_role_denied",
      "pod_identity.eks_auth_trust_denied",
      "pod_identity_agent.called_through_other_address",
    ],
    examples: {
      match: [
        {
          line: String.raw`{"client-addr":"10.0.12.34:51234","cluster-name":"prod","level":"error","msg":"Error fetching credentials: unable to fetch credentials from EKS Auth: operation error EKS Auth: AssumeRoleForPodIdentity, https response error StatusCode: 400, RequestID: 1b2c3d4e-5f60-4718-9a2b-3c4d5e6f7a8b, AccessDeniedException: You don't have permissions to perform the requested operation.","time":"2024-03-01T10:00:00Z"}`,
          seenIn: "eks-pod-identity-agent pkg/errors/errors.go log line; message from the EKS Auth API reference (AccessDeniedException)",
        },
        {
          line: "failed to refresh cached credentials, failed to load credentials, [1b2c3d4e-5f60-4718-9a2b-3c4d5e6f7a8b]: (AccessDeniedException): You don't have permissions to perform the requested operation., fault: client",
          seenIn: "the agent's error body as pkg/errors/errors.go writes it, relayed by Go v2's container provider",
        },
      ],
      nearMiss: [
        "AccessDeniedException: User: arn:aws:sts::111122223333:assumed-role/orders-api/x is not authorized to perform: dynamodb:GetItem",
        "Calling EKS Auth to fetch credentials: AssumeRoleForPodIdentity",
      ],
    },
  },
  {
    id: "pod_identity.container_provider_failed",
    regex: String.raw`(?:^|credentials,\s*)failed to load credentials, (?:exceeded maximum number of attempts|request send failed|failed to|deserialization failed|https response error|resolve auth token)`,
    prefilter: ["failed to load credentials, "],
    severity: "medium",
    meaning:
      "The Go v2 SDK's container credentials provider (the one Pod Identity's AWS_CONTAINER_CREDENTIALS_FULL_URI selects) got no credentials from the agent; the cause is in the rest of the message or in the agent's log.",
    suggests: AGENT_GAVE_NOTHING,
    supersededBy: AGENT_SAID_WHY,
    examples: {
      match: [
        {
          line: "failed to load credentials, exceeded maximum number of attempts, 3, : []",
          seenIn: "aws/secrets-store-csi-driver-provider-aws (Go v2 endpointcreds, wrapped by kubelet)",
        },
        {
          line: "get identity: get credentials: failed to refresh cached credentials, failed to load credentials, exceeded maximum number of attempts, 3, request send failed",
        },
      ],
      nearMiss: [
        "failed to refresh cached credentials, no EC2 IMDS role found, operation error ec2imds: GetMetadata",
        "successfully loaded credentials from container provider",
      ],
    },
  },
  {
    id: "pod_identity.container_metadata_failed",
    regex:
      String.raw`Error (?:when )?retrieving (?:credentials from container[- ](?:role|metadata)|container metadata|credentials? from ECS|ECS Credentials)` +
      String.raw`|ContainerCredentialsProvider(?:\(\))?: Failed to load credentials from metadata service` +
      // Rust aws-config's HTTP credential provider (the one the ECS / Pod Identity variables select).
      String.raw`|Non-success status from HTTP credential provider|failed to load credentials \[` +
      // aws-c-auth's container provider (CRT: Mountpoint for S3), source/credentials_provider_ecs.c.
      String.raw`|ECS credentials provider (?:failed to query instance role credentials|query received http status code [45]\d\d)` +
      // Any client that calls the agent itself and reports its error status with the address (VictoriaMetrics'
      // lib/awsapi: "unexpected status code for \"http://169.254.170.23/v1/credentials\"; got 400"; Guzzle's
      // "resulted in a `400 Bad Request` response"): the agent answered, with EKS Auth's refusal or its own.
      String.raw`|${AGENT}[^\n]{0,200}?(?:status(?: code)?:? ?|returned |got |resulted in a \W?)[45]\d\d\b`,
    prefilter: [
      "169.254.170.23",
      "fd00:ec2::23",
      "retrieving credentials from container",
      "retrieving container metadata",
      "credential from ECS",
      "credentials from ECS",
      "ECS Credentials",
      "Failed to load credentials from metadata service",
      "HTTP credential provider",
      "failed to load credentials [",
      "ECS credentials provider",
    ],
    severity: "medium",
    meaning:
      "The SDK's container credentials provider (what Pod Identity's AWS_CONTAINER_CREDENTIALS_FULL_URI selects) got no credentials from the agent; the reason follows in the message or in the agent's log.",
    suggests: AGENT_GAVE_NOTHING,
    supersededBy: [...AGENT_SAID_WHY, "pod_identity_agent.called_through_other_address", "sdk.container_host_rejected"],
    examples: {
      match: [
        {
          line: String.raw`cannot obtain new EC2 API credentials: unexpected status code for "http://169.254.170.23/v1/credentials"; got 400; want 200; response body: ""`,
          seenIn: "VictoriaMetrics lib/awsapi/config.go (its own container credentials client)",
        },
        {
          line: "Aws\\Exception\\CredentialsException: Error retrieving credentials from container metadata after attempt 3/3 (Error creating resource)",
          seenIn: "aws/aws-sdk-php EcsCredentialProvider",
        },
        {
          line: "botocore.exceptions.CredentialRetrievalError: Error when retrieving credentials from container-role: Error retrieving metadata: Received non 200 response (400) from container metadata: association not found",
        },
        {
          line: "an error occurred while loading credentials: failed to load credentials [ResourceNotFoundException]: No pod identity association found",
          seenIn: "smithy-rs aws-config http_credential_provider.rs (Rust)",
        },
        {
          line: "Non-success status from HTTP credential provider: 500",
          seenIn: "smithy-rs aws-config http_credential_provider.rs (Rust)",
        },
        {
          line: "Error retrieving ECS Credentials: Net::ReadTimeout with #<TCPSocket:(closed)>",
          seenIn: "aws-sdk-core ecs_credentials.rb (Ruby warning)",
        },
        {
          line: "Aws\\Exception\\CredentialsException: Error retrieving credential from ECS (Client error: `GET http://169.254.170.23/v1/credentials` resulted in a `400 Bad Request` response)",
          seenIn: "aws-sdk-php EcsCredentialProvider",
        },
        {
          line: "[ERROR] [2024-03-01T10:00:00Z] [00007f] [AuthCredentialsProvider] - (id=0x55d0c8a0) ECS credentials provider query received http status code 400",
          seenIn: "awslabs/aws-c-auth source/credentials_provider_ecs.c (CRT log line)",
        },
      ],
      nearMiss: [
        "Found credentials from container-role",
        "ContainerCredentialsProvider(): Cannot fetch credentials from container - neither AWS_CONTAINER_CREDENTIALS_FULL_URI or AWS_CONTAINER_CREDENTIALS_RELATIVE_URI environment variables are set.",
      ],
    },
  },
];
