// The EC2 instance metadata service (169.254.169.254): the last step of every SDK's default chain. A pod
// that reaches it was not given IRSA or Pod Identity settings the SDK understood; if it gets credentials
// there, they are the node's role.

import type { LogPattern } from "../types.js";
import { NO_CREDENTIALS, SERVICE_REFUSED_NODE_ROLE } from "../families.js";
import { A_CONFIGURED_PROVIDER_FAILED } from "./creds.js";
import { INSTANCE_SESSION, NODE_ROLE_NAME, ROLE_SEG, SLASH } from "./permissions.js";

const IMDS_FAILURES = [
  String.raw`no EC2 IMDS role found`, // Go v2
  // Go v2's IMDS client names itself in every operation error (feature/ec2/imds: GetMetadata, GetToken,
  // GetIAMInfo, GetRegion, ...), whatever the caller wraps around it (credentials, a VPC id, a region).
  String.raw`operation error ec2imds: \w+`,
  String.raw`failed to get [\w+=,.@-]* ?EC2 IMDS role credentials`, // Go v2, the role listed but its credentials not served
  String.raw`could not communicate with IMDS|received 404 from IMDS|Error retrieving credentials from IMDS`, // Rust (aws-config)
  String.raw`failed to load IMDS session token|error response from IMDS|error occurred communicating with IMDS|IMDS is disabled or the caller has insufficient permissions`, // Rust imds client
  String.raw`Error retrieving instance profile credentials`, // Ruby (a warning, then MissingCredentialsError)
  String.raw`ec2metadata is not available`, // amazon-cloudwatch-agent, which then ignores IRSA unless told to use it
  String.raw`EC2RoleRequestError: no EC2 instance role found`, // Go v1
  String.raw`EC2MetadataError: failed to make EC2Metadata request`, // Go v1
  String.raw`EC2 Metadata roleName request returned error`, // JavaScript v2
  String.raw`Error retrieving credentials from the instance profile metadata (?:service|server)`, // PHP
  String.raw`Unable to get IAM security credentials from EC2 Instance Metadata Service`, // .NET
  String.raw`Unable to contact EC2 Metadata service`, // .NET, before it tries IMDSv1
  String.raw`Failed to load credentials from IMDS`, // Java v2
  String.raw`Unable to load credentials from (?:Amazon )?EC2 metadata service`, // Java v1
  String.raw`Unable to load credentials from service endpoint`, // Java v1 EC2CredentialsFetcher
  String.raw`Failed to connect to service endpoint`, // Java v1 EC2ResourceFetcher (IMDS or the container endpoint)
  String.raw`attempting to retrieve data from metadata service`, // botocore
  // JavaScript v3 (@smithy/credential-provider-imds httpRequest; older fromContainerMetadata shares it).
  String.raw`(?:Error response received from|TimeoutError from|Unable to connect to) instance metadata service`,
  String.raw`InstanceMetadataV1FallbackError`, // JavaScript v3: IMDSv2 token failed (hop limit) and v1 fallback is off
  String.raw`Error when retrieving credentials from iam-role`, // botocore InstanceMetadataProvider (method "iam-role")
  String.raw`EC2 Instance Metadata Service is disabled`, // Java v1 EC2ResourceFetcher, JavaScript v3, with AWS_EC2_METADATA_DISABLED
  String.raw`cannot obtain instance role credentials`, // VictoriaMetrics lib/awsapi: no keys, no token file, no container URI
  String.raw`Could not load EC2 task role credentials`, // nginx-s3-gateway awscredentials.js (its own IMDS client; "task" sic)
  // The address with a transport failure, in the words of the runtime that called it: Go's net errors, Node's
  // errno names, curl's "Failed to connect to 169.254.169.254 port 80 after 1000 ms: Timeout was reached",
  // urllib3's "HTTPConnectionPool(host='169.254.169.254', port=80): Max retries exceeded" (its reason ~200
  // characters on), Java's "connect timed out".
  String.raw`(?:timeout|timed out|refused|Failed to connect to|Could not connect to|Unable to connect to)[^\n]{0,80}169\.254\.169\.254`,
  String.raw`(?:ETIMEDOUT|EHOSTUNREACH|ECONNREFUSED|ENETUNREACH|ECONNRESET) 169\.254\.169\.254`, // Node's net errors (JavaScript v2/v3)
  // A client that reads IMDS itself and reports the status: 404 on the role listing (an instance without a
  // role), 401 or 403 on the token or the credentials (IMDSv2 required, the hop limit, IMDS turned off).
  String.raw`169\.254\.169\.254[^\n]{0,200}?(?:status(?: code)?:? ?|returned |got )40[134]\b`,
  String.raw`169\.254\.169\.254[^\n]{0,300}?(?:i/o timeout|timed out|Timeout was reached|connection refused|Connection refused|deadline exceeded|Max retries exceeded|no route to host|No route to host|network is unreachable|Network is unreachable|connection reset|Connection reset)`,
].join("|");

export const imdsPatterns: LogPattern[] = [
  {
    id: "imds.credentials_unavailable",
    regex: IMDS_FAILURES,
    prefilter: [
      "EC2 task role credentials",
      "instance role credentials",
      "IMDS",
      "EC2",
      "ec2metadata",
      "ec2imds",
      "instance profile",
      "metadata service",
      "service endpoint",
      "169.254.169.254",
      "InstanceMetadataV1FallbackError",
      "from iam-role",
    ],
    severity: "medium",
    meaning:
      "The SDK fell through to the node's instance metadata service and got no credentials there: the pod's IRSA or Pod Identity settings were absent or not understood by the SDK.",
    suggests: NO_CREDENTIALS,
    // A chain failure names the same fall-through; report the chain's message once. A configured provider's
    // reason in the same record says the chain never needed the node's metadata service.
    supersededBy: [
      ...A_CONFIGURED_PROVIDER_FAILED,
      "creds.dotnet_unresolved",
      "creds.go_no_valid_providers",
      "creds.java_v1_no_provider",
      "creds.java_v2_no_provider",
      "creds.js_v2_missing_credentials",
      "creds.js_v3_no_providers",
      "creds.python_unable_to_locate",
      "creds.ruby_missing_credentials",
      "network.mesh_answered_credential_request",
    ],
    examples: {
      match: [
        {
          line: String.raw`cannot get instanceRoleName: unexpected status code for "http://169.254.169.254/latest/meta-data/iam/security-credentials/"; got 404; want 200`,
          seenIn: "VictoriaMetrics lib/awsapi/config.go (its own IMDS client)",
        },
        {
          line: "[Amazon.Util.EC2InstanceMetadata:0] - Unable to contact EC2 Metadata service to obtain a metadata token. Attempting to access IMDS without a token.",
          seenIn: "aws/aws-sdk-net (a .NET pod falling through to the node's metadata service)",
        },
        {
          line: "failed to refresh cached credentials, no EC2 IMDS role found, operation error ec2imds: GetMetadata, request canceled, context deadline exceeded",
          seenIn: "Go v2 (AWS Load Balancer Controller migration reports)",
        },
        { line: "caused by: EC2RoleRequestError: no EC2 instance role found", seenIn: "Go v1" },
        {
          line: "com.amazonaws.SdkClientException: Unable to load credentials from service endpoint",
          seenIn: "aws-sdk-java EC2CredentialsFetcher (Java v1)",
        },
        {
          line: "failed to refresh cached credentials, failed to get eks-node-role EC2 IMDS role credentials, operation error ec2imds: GetMetadata, canceled, context deadline exceeded",
          seenIn: "aws-sdk-go-v2 credentials/ec2rolecreds/provider.go (Go v2)",
        },
        {
          line: "an error occurred while loading credentials: could not communicate with IMDS",
          seenIn: "smithy-rs aws-config imds/credentials.rs (Rust)",
        },
        {
          line: "failed to load IMDS session token: dispatch failure: timeout: error trying to connect: HTTP connect timeout occurred after 1s",
          seenIn: "smithy-rs aws-config imds/client/error.rs (Rust)",
        },
        { line: "2021/05/04 16:39:28 I! 2021/05/04 16:39:25 E! ec2metadata is not available", seenIn: "aws/amazon-cloudwatch-agent" },
        {
          line: "Error retrieving instance profile credentials: Failed to open TCP connection to 169.254.169.254:80 (execution expired)",
          seenIn: "aws-sdk-core instance_profile_credentials.rb (Ruby)",
        },
        {
          line: "Aws\\Exception\\CredentialsException: Error retrieving credentials from the instance profile metadata service. (cURL error 28: Connection timed out after 1001 milliseconds (see https://curl.haxx.se/libcurl/c/libcurl-errors.html))",
          seenIn: "PHP",
        },
        {
          line: "Amazon.Runtime.AmazonServiceException: Unable to get IAM security credentials from EC2 Instance Metadata Service.",
          seenIn: ".NET",
        },
        { line: "message: 'EC2 Metadata roleName request returned error'", seenIn: "JavaScript v2" },
        {
          line: "2020-07-02 07:05:26,669 botocore.utils [DEBUG] Max number of attempts exceeded (1) when attempting to retrieve data from metadata service.",
          seenIn: "boto/boto3#2496 (Python)",
        },
        {
          line: String.raw`botocore.exceptions.ConnectTimeoutError: Connect timeout on endpoint URL: "http://169.254.169.254/latest/api/token"`,
        },
        { line: 'Get "http://169.254.169.254/latest/meta-data/iam/security-credentials/": dial tcp 169.254.169.254:80: i/o timeout' },
        {
          line: String.raw`{"level":"error","logger":"setup","msg":"unable to initialize AWS cloud","error":"failed to get VPC ID: failed to fetch VPC ID from instance metadata: error in fetching vpc id through ec2 metadata: get mac metadata: operation error ec2imds: GetMetadata, canceled, context deadline exceeded"}`,
          seenIn:
            "aws-sdk-go-v2 feature/ec2/imds operation error, as a controller wraps it (aws-load-balancer-controller pkg/aws/cloud.go)",
        },
        { line: "Error: connect ETIMEDOUT 169.254.169.254:80", seenIn: "Node.js net error (JavaScript v2/v3 IMDS provider)" },
        {
          line: "ProviderError: Error response received from instance metadata service",
          seenIn: "smithy-typescript packages/credential-provider-imds/src/remoteProvider/httpRequest.ts (JavaScript v3)",
        },
        {
          line: "InstanceMetadataV1FallbackError: AWS SDK Instance Metadata Service credentials provider is disabled for IMDSv1 fallback",
          seenIn: "smithy-typescript credential-provider-imds fromInstanceMetadata (JavaScript v3)",
        },
        {
          line: "botocore.exceptions.CredentialRetrievalError: Error when retrieving credentials from iam-role: Credential refresh failed, response did not contain: access_key, secret_key, token, expiry_time",
          seenIn: "botocore credentials.py InstanceMetadataProvider",
        },
        {
          line: "com.amazonaws.AmazonClientException: EC2 Instance Metadata Service is disabled",
          seenIn: "aws-sdk-java internal/InstanceMetadataServiceResourceFetcher.java (Java v1)",
        },
        {
          line: "curl: (28) Failed to connect to 169.254.169.254 port 80 after 1001 ms: Timeout was reached",
          seenIn: "curl, as an entrypoint script that reads the instance's role itself prints it",
        },
        {
          line: "requests.exceptions.ConnectionError: HTTPConnectionPool(host='169.254.169.254', port=80): Max retries exceeded with url: /latest/api/token (Caused by ConnectTimeoutError(<urllib3.connection.HTTPConnection object at 0x7f>, 'Connection to 169.254.169.254 timed out. (connect timeout=1)'))",
          seenIn: "requests/urllib3 (an application reading IMDS itself)",
        },
        {
          line: "com.amazonaws.SdkClientException: Failed to connect to service endpoint: ",
          seenIn: "aws-sdk-java internal/EC2ResourceFetcher.java (Java v1)",
        },
      ],
      nearMiss: [
        "IMDSv2 token acquired, hop limit 2",
        'Get "http://169.254.170.23/v1/credentials": dial tcp 169.254.170.23:80: i/o timeout',
        'http://169.254.169.254:80 "GET /latest/meta-data/iam/security-credentials/ HTTP/1.1" 200 23',
      ],
    },
  },
  {
    id: "imds.caller_is_node_role",
    // `aws sts get-caller-identity` (JSON or text) or an SDK's GetCallerIdentity printed by the application.
    regex:
      // Also as a JSON value inside an escaped string (\"Arn\": \"arn:...\") and with escaped slashes.
      String.raw`"?Arn\\?"?\s*[:=]\s*\\?"?(?P<callerArn>arn:aws[a-z-]*:sts::[^:\s"\\]{0,40}:assumed-role\\?/` +
      String.raw`(?:(?P<roleName>[\w+=,.@-]*(?:NodeInstanceRole|[Nn]ode[-_]?[Gg]roup|NodeRole|[Nn]ode[-_]role|[Ww]orker[-_]?[Nn]ode)[\w+=,.@-]*)\\?/[\w+=,.@-]+|(?P<roleName_2>[\w+=,.@-]+)\\?/i-[0-9a-f]{8,17}\b))`,
    prefilter: ["assumed-role"],
    severity: "medium",
    meaning:
      "The identity the pod's SDK resolved is the node's instance role (a node-group role, or a session named after an EC2 instance): the pod is not using its IRSA role or Pod Identity association.",
    suggests: SERVICE_REFUSED_NODE_ROLE,
    examples: {
      match: [
        {
          line: `    "Arn": "arn:aws:sts::111122223333:assumed-role/eksctl-prod-nodegroup-ng-1-NodeInstanceRole-1A2B3C4D5E6F/i-0abc123def4567890"`,
          captures: { roleName: "eksctl-prod-nodegroup-ng-1-NodeInstanceRole-1A2B3C4D5E6F" },
          seenIn: "aws sts get-caller-identity run in the pod",
        },
        {
          line: "caller identity: Arn=arn:aws:sts::111122223333:assumed-role/prod-workers/i-0fedcba9876543210",
          captures: { roleName: "prod-workers" },
        },
        {
          line: String.raw`{"msg":"caller identity","identity":"{\"Account\": \"111122223333\", \"Arn\": \"arn:aws:sts::111122223333:assumed-role\/prod-workers\/i-0fedcba9876543210\"}"}`,
          captures: { roleName: "prod-workers" },
          seenIn: "get-caller-identity output logged inside a JSON string",
        },
      ],
      nearMiss: [`    "Arn": "arn:aws:sts::111122223333:assumed-role/orders-api-irsa/botocore-session-1700000000"`],
    },
  },
  {
    id: "imds.node_session_named",
    // Whatever the sentence around it (a service's "Access denied for principal ...", a tool's "using identity
    // ...", `aws sts get-caller-identity --output text`, a 403 logged with "principal=..."), an assumed-role
    // session named after an EC2 instance, or of a node-group role, is the node's instance profile: EC2 names
    // that session after the instance id, while the SDKs name a web identity session after themselves
    // (botocore-session-*, aws-go-sdk-*, aws-sdk-java-*, aws-sdk-js-session-*) and EKS Auth a Pod Identity one
    // eks-<cluster>-<pod>-*. The caller's unique id "AROA...:i-..." says the same.
    regex:
      String.raw`(?P<sessionArn>arn:aws[a-z-]*:sts::?[^\s:/]{0,40}:?assumed-role${SLASH}` +
      String.raw`(?:(?P<roleName>${NODE_ROLE_NAME})${SLASH}${ROLE_SEG}+|(?P<roleName_2>${ROLE_SEG}+)${SLASH}${INSTANCE_SESSION}))` +
      String.raw`|\bAROA[A-Z0-9]{8,21}:i-[0-9a-f]{8,17}\b`,
    prefilter: ["assumed-role", "AROA"],
    severity: "medium",
    meaning:
      "The identity named here is the node's instance role (a session named after an EC2 instance, or a node-group role): the pod's calls are made as the node, not with its IRSA role or Pod Identity association.",
    suggests: SERVICE_REFUSED_NODE_ROLE,
    // The patterns that read the same principal in a sentence they know say more (what was denied, or that the
    // Pod Identity agent itself, which rightly runs as the node, was refused).
    supersededBy: [
      "imds.caller_is_node_role",
      "permissions.chained_assume_role_denied",
      "permissions.node_role_access_denied",
      "permissions.vault_login_as_node_role",
      "pod_identity.node_role_denied",
    ],
    examples: {
      match: [
        {
          line: "org.apache.kafka.common.errors.SaslAuthenticationException: [8f1c2d3e-0a1b-4c5d-9e8f-7a6b5c4d3e2f]: Access denied for principal arn:aws:sts::111122223333:assumed-role/prod-workers/i-0fedcba9876543210",
          captures: { roleName: "prod-workers" },
          seenIn: "Amazon MSK IAM authentication (aws-msk-iam-auth) naming the client's principal",
        },
        {
          line: "AROA3XFRBF23EXAMPLE:i-0123456789abcdef0\t111122223333\tarn:aws:sts::111122223333:assumed-role/custom-nodes/i-0123456789abcdef0",
          seenIn: "aws sts get-caller-identity --output text",
        },
        {
          line: 'level=info msg="using AWS identity" arn=arn:aws:sts::111122223333:assumed-role/eksctl-prod-nodegroup-ng-1-NodeInstanceRole-1A2B3C4D5E6F/i-0abc123def4567890',
          captures: { roleName: "eksctl-prod-nodegroup-ng-1-NodeInstanceRole-1A2B3C4D5E6F" },
        },
        { line: '    "UserId": "AROA3XFRBF23EXAMPLE:i-0123456789abcdef0",', seenIn: "aws sts get-caller-identity (JSON)" },
      ],
      nearMiss: [
        "using AWS identity arn:aws:sts::111122223333:assumed-role/orders-api-irsa/botocore-session-1700000000",
        "Access denied for principal arn:aws:sts::111122223333:assumed-role/orders-api/eks-prod-orders-api-6b1e2a3c",
        '    "UserId": "AROA3XFRBF23EXAMPLE:botocore-session-1700000000",',
      ],
    },
  },
  {
    id: "imds.using_instance_role",
    regex: String.raw`Found credentials from IAM Role: (?P<roleName>[\w+=,.@-]+)`,
    prefilter: ["Found credentials from IAM Role"],
    severity: "medium",
    meaning: "botocore took credentials from the instance metadata service: the pod is running as the node's role, not as its own.",
    suggests: SERVICE_REFUSED_NODE_ROLE,
    examples: {
      match: [
        {
          line: "2024-05-02 08:31:07,114 - MainThread - botocore.credentials - INFO - Found credentials from IAM Role: eksctl-prod-nodegroup-ng-1-NodeInstanceRole-1A2B3C4D5E6F",
          captures: { roleName: "eksctl-prod-nodegroup-ng-1-NodeInstanceRole-1A2B3C4D5E6F" },
        },
        {
          line: "INFO:botocore.credentials:Found credentials from IAM Role: todo-ec2-cloudwatch-role",
          captures: { roleName: "todo-ec2-cloudwatch-role" },
        },
      ],
      nearMiss: [
        "INFO:botocore.credentials:Found credentials from assume-role-with-web-identity",
        "INFO:botocore.credentials:Found credentials in environment variables.",
      ],
    },
  },
];
