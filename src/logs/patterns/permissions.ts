// IAM's "User: <assumed-role ARN> is not authorized to perform: <action> on resource: <arn>" as every
// service returns it. The assumed role tells whose credentials the pod really used: its own role means
// the role lacks a permission; the node's role means the SDK never used IRSA or Pod Identity at all.

import type { LogPattern } from "../types.js";
import { SERVICE_REFUSED_NODE_ROLE, SERVICE_REFUSED_UNNAMED } from "../families.js";

const ROLE_CHARS = String.raw`[\w+=,.@*-]`;
// Sources paste accounts redacted ("ACCOUNT_ID", "xxxxxxxxxxxx", "**ACCOUNT_ID**", even a dropped colon):
// the account is whatever sits between "sts:" and "assumed-role/", captured only when it is 12 digits.
// Redactions with spaces: "<my account_id>", "{worker node role}", "{instance id}"; GitLab's job logs print a
// masked CI variable as "[MASKED]".
const PLACEHOLDER = String.raw`(?:<[^<>\n]{1,40}>|\{[^{}\n]{1,40}\}|\[MASKED\])`;
export const ROLE_SEG = String.raw`(?:${ROLE_CHARS}|${PLACEHOLDER})`;
// JSON encoders that escape "/" (PHP's json_encode, some Java and .NET loggers) print the ARN as
// "assumed-role\/name\/session": its slashes may carry a backslash.
export const SLASH = String.raw`\\?/`;
const SESSION_ARN_HEAD = String.raw`arn:aws[a-z-]*:sts::?(?:(?P<account>\d{12}):|${PLACEHOLDER}:?|[^[:space:]:/]{0,40}:?)assumed-role${SLASH}`;
const ACTION_TAIL =
  String.raw` is not authorized to perform:? (?P<action>[A-Za-z0-9-]+:[A-Za-z0-9*]+)` +
  String.raw`(?: on resource:? \\?"?(?P<resource>[^\s"\\,]+))?`;
// Role names the usual node-group tooling gives (eksctl, EKS console, Terraform modules, Karpenter), in kebab,
// camel or snake case (Terraform resource names: "eks_node_group", "worker_node_role").
// A redacted name still says what it was: "<node role>", "{worker node role}", "<INSTANCE_ROLE_NAME>", and in the
// square brackets redactions also come in ("[MASKED]", "[REDACTED]"): "[REDACTED_EKS_NODE_GROUP_IAM_USER]".
export const NODE_ROLE_NAME =
  String.raw`${ROLE_SEG}*(?:NodeInstanceRole|[Nn]ode[-_]?[Gg]roup|NodeRole|[Nn]ode[-_]role|[Nn]odes[-_]role|[Ww]orker[-_]?[Nn]ode)${ROLE_SEG}*` +
  String.raw`|[<{][^<>{}\n]{0,30}(?i:node|instance|worker)[^<>{}\n]{0,30}[>}]` +
  String.raw`|\[[^\[\]\n]{0,30}(?i:node|instance|worker)[^\[\]\n]{0,30}\]`;
// EC2 names an instance profile's session after the instance id.
// Redacted ids keep the "i-": "i-XXXXXXXX", "i-***", "i-REDACTED", "i-..." (a cut or elided id).
export const INSTANCE_SESSION = String.raw`(?:i-(?:[0-9a-f]{8,17}\b|[Xx*#]{3,17}|REDACTED\b|redacted\b|\.{3})|i-${PLACEHOLDER}|[<{](?i:instance)[ _-]?(?i:id)[>}])`;

export const permissionPatterns: LogPattern[] = [
  {
    id: "permissions.access_denied",
    regex:
      String.raw`User: (?P<assumedRoleArn>${SESSION_ARN_HEAD}(?P<roleName>${ROLE_CHARS}+)${SLASH}(?P<sessionName>${ROLE_CHARS}+))` +
      ACTION_TAIL,
    prefilter: ["is not authorized to perform"],
    severity: "high",
    meaning:
      "The pod's credentials work but the role they belong to is not allowed this action on this resource (no Allow in its policies, or an explicit Deny, SCP or boundary).",
    suggests: ["permissions.role_lacks_permission"],
    decides: "permissions.role_lacks_permission",
    supersededBy: [
      "permissions.chained_assume_role_denied",
      "permissions.node_role_access_denied",
      "pod_identity.node_role_denied",
      "sts.web_identity_access_denied",
    ],
    examples: {
      match: [
        {
          line: String.raw`AccessDenied: User: arn:aws:sts::111122223333:assumed-role/orders-api-irsa/1700000000123456789 is not authorized to perform: s3:GetObject on resource: "arn:aws:s3:::orders-archive/2024/01/manifest.json" because no identity-based policy allows the s3:GetObject action`,
          captures: {
            assumedRoleArn: "arn:aws:sts::111122223333:assumed-role/orders-api-irsa/1700000000123456789",
            roleName: "orders-api-irsa",
            sessionName: "1700000000123456789",
            action: "s3:GetObject",
            resource: "arn:aws:s3:::orders-archive/2024/01/manifest.json",
            account: "111122223333",
          },
          seenIn: "Go v1 (session named by the SDK's clock)",
        },
        {
          line: String.raw`{"error":"AccessDeniedException: User: arn:aws:sts::XXXXXXXXXXXX:assumed-role\/app-irsa\/aws-sdk-php-1700000000 is not authorized to perform: dynamodb:GetItem on resource: \"arn:aws:dynamodb:us-east-1:XXXXXXXXXXXX:table\/carts\""}`,
          captures: { roleName: "app-irsa", action: "dynamodb:GetItem" },
          seenIn: "PHP json_encode (escaped slashes and quotes)",
        },
        {
          line: "botocore.exceptions.ClientError: An error occurred (AccessDeniedException) when calling the GetSecretValue operation: User: arn:aws:sts::111122223333:assumed-role/payments-irsa/botocore-session-1700000000 is not authorized to perform: secretsmanager:GetSecretValue on resource: prod/payments/db because no identity-based policy allows the secretsmanager:GetSecretValue action",
          captures: { roleName: "payments-irsa", action: "secretsmanager:GetSecretValue", resource: "prod/payments/db" },
        },
        {
          line: "com.amazonaws.services.dynamodbv2.model.AmazonDynamoDBException: User: arn:aws:sts::111122223333:assumed-role/cart-irsa/aws-sdk-java-1700000000000 is not authorized to perform: dynamodb:PutItem on resource: arn:aws:dynamodb:eu-west-1:111122223333:table/carts (Service: AmazonDynamoDBv2; Status Code: 400; Error Code: AccessDeniedException; Request ID: 0QK2ONE7V1S1B3RJ5A3L8M4GFVVV4KQNSO5AEMVJF66Q9ASUAAJG)",
          captures: { roleName: "cart-irsa", action: "dynamodb:PutItem", resource: "arn:aws:dynamodb:eu-west-1:111122223333:table/carts" },
        },
        {
          line: String.raw`{"level":"error","error":"AccessDeniedException: User: arn:aws:sts::111122223333:assumed-role/inventory-pod-identity/eks-prod-inventory-5f7d9c-6b1e2a3c is not authorized to perform: kms:Decrypt on resource: arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab because no identity-based policy allows the kms:Decrypt action"}`,
          captures: { roleName: "inventory-pod-identity", action: "kms:Decrypt" },
        },
      ],
      nearMiss: [
        "User: arn:aws:iam::111122223333:user/ci-deployer is not authorized to perform: s3:PutObject on resource: arn:aws:s3:::artifacts/app.zip",
        String.raw`policy grants s3:GetObject on arn:aws:s3:::orders-archive/*`,
      ],
    },
  },
  {
    id: "permissions.iam_user_access_denied",
    regex:
      String.raw`User: (?P<userArn>arn:aws[a-z-]*:iam::(?:(?P<account>\d{12})|[^[:space:]:/]{0,40}):user${SLASH}(?P<userName>[\w+=,.@/-]+))` +
      ACTION_TAIL +
      // The same principal in `aws sts get-caller-identity` output; botocore finding half a key pair in the environment.
      String.raw`|"?Arn"?\s*[:=]\s*"?(?P<userArn_2>arn:aws[a-z-]*:iam::[^:\s"]{0,40}:user/[\w+=,.@/-]+)|Partial credentials found in env`,
    prefilter: ["is not authorized to perform", ":user/", "Partial credentials found in env"],
    severity: "high",
    meaning:
      "The denied call was signed with an IAM user's long-term keys, not with a role: the container carries static keys (environment variables, a mounted credentials file or profile) that the SDK's chain prefers over IRSA and Pod Identity.",
    suggests: ["credential_chain.static_keys"],
    // A pod on IRSA or Pod Identity only ever calls as an assumed role: a user principal settles the chain.
    decides: "credential_chain.static_keys",
    examples: {
      match: [
        {
          line: "User: arn:aws:iam::111122223333:user/ci-deployer is not authorized to perform: s3:PutObject on resource: arn:aws:s3:::artifacts/app.zip",
          captures: { userName: "ci-deployer", action: "s3:PutObject", account: "111122223333" },
          seenIn: "IAM's standard AccessDenied wording with an IAM user principal",
        },
        {
          line: "An error occurred (AccessDenied) when calling the AssumeRoleWithWebIdentity operation: User: arn:aws:iam::XXXXXXXXXXXX:user/legacy-app is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::XXXXXXXXXXXX:role/app",
          captures: { userName: "legacy-app", action: "sts:AssumeRole" },
        },
        {
          line: `    "Arn": "arn:aws:iam::111122223333:user/ci-deployer"`,
          captures: { userArn: "arn:aws:iam::111122223333:user/ci-deployer" },
          seenIn: "aws sts get-caller-identity run in the pod",
        },
        {
          line: "botocore.exceptions.PartialCredentialsError: Partial credentials found in env, missing: AWS_SECRET_ACCESS_KEY",
          seenIn: "botocore EnvProvider",
        },
      ],
      nearMiss: [
        "User: arn:aws:sts::111122223333:assumed-role/orders-api-irsa/1700000000123456789 is not authorized to perform: s3:GetObject on resource: arn:aws:s3:::orders-archive/x",
        "created access key for arn:aws:iam::111122223333:user/ci-deployer",
      ],
    },
  },
  {
    id: "permissions.node_role_access_denied",
    regex:
      String.raw`User: (?P<assumedRoleArn>${SESSION_ARN_HEAD}` +
      String.raw`(?:(?P<roleName>${NODE_ROLE_NAME})(?:${SLASH}(?P<sessionName>${ROLE_SEG}+))?|(?P<roleName_2>${ROLE_SEG}+)${SLASH}(?P<sessionName_2>${INSTANCE_SESSION})))` +
      // Cut sources stop after "perform ...": the principal alone is what this pattern is about.
      String.raw`\s+is not authorized to perform(?::? (?P<action>[A-Za-z0-9-]+:[A-Za-z0-9*]+)(?: on resource:? \\?"?(?P<resource>[^\s"\\,]+))?)?` +
      // OpenSearch's (and Open Distro's) security plugin names the IAM role it mapped the signed request to:
      // "no permissions for [<action>] and User [name=arn:aws:iam::<account>:role/<role>, backend_roles=[...]]"
      // (PrivilegesEvaluator): a node-group role there is the node's instance profile signing the request.
      String.raw`|no permissions for \[[^\]\n]{1,200}\] and User \[name=arn:aws[a-z-]*:iam::[^:\s]{0,20}:role/(?P<roleName_3>${NODE_ROLE_NAME})[,\]]`,
    prefilter: ["is not authorized to perform", "no permissions for ["],
    severity: "high",
    meaning:
      "The denied call was made with the node's instance role (a node-group role name, or a session named after an EC2 instance): the SDK never used the pod's IRSA or Pod Identity credentials and fell back to the instance profile.",
    suggests: SERVICE_REFUSED_NODE_ROLE,
    // The Pod Identity agent itself rightly runs as the node's role.
    supersededBy: ["pod_identity.node_role_denied"],
    examples: {
      match: [
        {
          line: String.raw`{"error":{"root_cause":[{"type":"security_exception","reason":"no permissions for [indices:data/write/bulk] and User [name=arn:aws:iam::111122223333:role/eksctl-prod-nodegroup-ng-1-NodeInstanceRole-1A2B3C4D5E6F, backend_roles=[arn:aws:iam::111122223333:role/eksctl-prod-nodegroup-ng-1-NodeInstanceRole-1A2B3C4D5E6F], requestedTenant=null]"}],"status":403}`,
          captures: { roleName: "eksctl-prod-nodegroup-ng-1-NodeInstanceRole-1A2B3C4D5E6F" },
          seenIn: "OpenSearch security plugin PrivilegesEvaluator (Fluent Bit's es output signing with the node's role)",
        },
        {
          line: 'An error occurred (AccessDenied) when calling the ListObjectsV2 operation: User: arn:aws:sts::111122223333:assumed-role/eksctl-prod-nodegroup-ng-1-NodeInstanceRole-1A2B3C4D5E6F/i-0abc123def4567890 is not authorized to perform: s3:ListBucket on resource: "arn:aws:s3:::orders-archive" because no identity-based policy allows the s3:ListBucket action',
          captures: {
            roleName: "eksctl-prod-nodegroup-ng-1-NodeInstanceRole-1A2B3C4D5E6F",
            sessionName: "i-0abc123def4567890",
            action: "s3:ListBucket",
            resource: "arn:aws:s3:::orders-archive",
          },
        },
        {
          line: "AccessDeniedException: User: arn:aws:sts::111122223333:assumed-role/general-eks-node-group-20240101120000000000000001/i-0123456789abcdef0 is not authorized to perform: sqs:receivemessage on resource: arn:aws:sqs:eu-west-1:111122223333:orders",
          captures: { roleName: "general-eks-node-group-20240101120000000000000001", action: "sqs:receivemessage" },
        },
        {
          // A Terraform resource name in snake case, with a session that is not an instance id.
          line: "User: arn:aws:sts::111122223333:assumed-role/prod_eks_node_group/aws-go-sdk-1700000000 is not authorized to perform: s3:GetObject on resource: arn:aws:s3:::orders-archive/x",
          captures: { roleName: "prod_eks_node_group" },
        },
        {
          line: "User: arn:aws:sts::111122223333:assumed-role/prod-workers/i-0fedcba9876543210 is not authorized to perform: secretsmanager:GetSecretValue on resource: prod/db",
          captures: { roleName: "prod-workers", sessionName: "i-0fedcba9876543210" },
          seenIn: "custom node role name, recognised by its instance-id session",
        },
        {
          line: "message: User: arn:aws:sts::{accountId}:assumed-role/eksctl-{clusterName}-nodegroup-24b3-NodeInstanceRole-{hash}/i-{instanceId} is not authorized to perform: secretsmanager:GetSecretValue on resource: x",
          captures: { sessionName: "i-{instanceId}", action: "secretsmanager:GetSecretValue" },
          seenIn: "a source's own redaction placeholders",
        },
        {
          line: "AccessDeniedException: User: arn:aws:sts::XXXXXXXXXXX:assumed-role/{worker node role}/{instance id} is not authorized to perform: kms:DescribeKey",
          captures: { roleName: "{worker node role}" },
        },
        {
          line: "User: arn:aws:sts::<account-id>:assumed-role/<node role> is not authorized to perform: secretsmanager:GetSecretValue on resource: <secret-name>",
          captures: { roleName: "<node role>" },
        },
        {
          line: "An error occurred (AccessDenied) when calling the PutObject operation: User: arn:aws:sts::ACCOUNT_ID:assumed-role/platform-workers/i-REDACTED is not authorized to perform: s3:PutObject on resource: arn:aws:s3:::b/k",
          captures: { roleName: "platform-workers", sessionName: "i-REDACTED", action: "s3:PutObject" },
          seenIn: "an instance id redacted as a word",
        },
        {
          line: String.raw`{"message":"User: arn:aws:sts::111122223333:assumed-role\/prod-workers\/i-0fedcba9876543210 is not authorized to perform: sqs:ReceiveMessage on resource: arn:aws:sqs:eu-west-1:111122223333:orders"}`,
          captures: { roleName: "prod-workers", sessionName: "i-0fedcba9876543210", action: "sqs:ReceiveMessage" },
          seenIn: "a JSON encoder that escapes slashes (PHP json_encode)",
        },
        {
          line: "AccessDeniedException: User: arn:aws:sts::1234567890:assumed-role/EKS_ManagedNodegroup_Role/i-0f00bar1b14ed35035 is not authorized to perform ...",
          captures: { roleName: "EKS_ManagedNodegroup_Role" },
        },
      ],
      nearMiss: [
        "User: arn:aws:sts::111122223333:assumed-role/orders-api-irsa/1700000000123456789 is not authorized to perform: s3:GetObject on resource: arn:aws:s3:::orders-archive/x",
        "Found credentials from IAM Role: eksctl-prod-nodegroup-ng-1-NodeInstanceRole-1A2B3C4D5E6F",
      ],
    },
  },
  {
    id: "permissions.vault_login_as_node_role",
    // Vault's AWS auth method (builtin/credential/aws, iam login) names the principal that signed the pod's
    // GetCallerIdentity request when no bound_iam_principal_arn matches it: "IAM Principal \"<arn>\" does not
    // belong to the role \"<vault role>\"". A node-group role or an instance session there is the node's
    // instance profile signing for the pod, as in a service's denial.
    regex:
      String.raw`IAM Principal \\*"(?P<principalArn>arn:aws[a-z-]*:sts::?[^\s:/]{0,40}:?assumed-role${SLASH}` +
      String.raw`(?:(?P<roleName>${NODE_ROLE_NAME})(?:${SLASH}${ROLE_SEG}+)?|${ROLE_SEG}+${SLASH}${INSTANCE_SESSION}))\\*" does not belong to the role`,
    prefilter: ["does not belong to the role"],
    severity: "high",
    meaning:
      "Vault's AWS auth saw the pod's login signed by the node's instance role: the pod's Vault agent or client never used IRSA or Pod Identity credentials.",
    suggests: SERVICE_REFUSED_NODE_ROLE,
    examples: {
      match: [
        {
          line: String.raw`* IAM Principal "arn:aws:sts::111122223333:assumed-role/eks-prod-nodegroup-ng-1-NodeInstanceRole-1A2B/i-0abc123def4567890" does not belong to the role "orders"`,
          captures: { roleName: "eks-prod-nodegroup-ng-1-NodeInstanceRole-1A2B" },
          seenIn: "hashicorp/vault builtin/credential/aws/path_login.go (iam login)",
        },
      ],
      nearMiss: [
        String.raw`* IAM Principal "arn:aws:sts::111122223333:assumed-role/orders-irsa/1700000000" does not belong to the role "orders"`,
      ],
    },
  },
  {
    id: "permissions.chained_assume_role_denied",
    regex:
      String.raw`User: (?P<assumedRoleArn>${SESSION_ARN_HEAD}(?P<roleName>${ROLE_CHARS}+)${SLASH}(?P<sessionName>${ROLE_CHARS}+))` +
      String.raw` is not authorized to perform:? sts:AssumeRole(?:$|[^A-Za-z])(?:on resource:? (?P<resource>[^[:space:]"\\,<]+))?` +
      // STS's XML error body, pretty-printed, puts the caller's ARN and the denial on lines of their own.
      String.raw`|^\s*is not authorized to perform:? sts:AssumeRole(?:$|[^A-Za-z])(?:on resource:? (?P<resource_2>[^[:space:]"\\,<]+))?`,
    prefilter: ["sts:AssumeRole"],
    severity: "high",
    meaning:
      "The pod's credentials worked, then the application (or its configured role_arn / aws.role setting) chained an sts:AssumeRole that the target role's trust policy, or the caller's own policy, does not allow.",
    suggests: ["trust_policy.wrong_operator_or_action", "permissions.role_lacks_permission"],
    examples: {
      match: [
        {
          line: "software.amazon.awssdk.services.sts.model.StsException: User: arn:aws:sts::111122223333:assumed-role/metrics-exporter-irsa/aws-sdk-java-1689878154487 is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::111122223333:role/metrics-exporter-irsa (Service: Sts, Status Code: 403, Request ID: a48ec4c1-8a5d-44c4-9f0e-1b2c3d4e5f60)",
          captures: {
            roleName: "metrics-exporter-irsa",
            sessionName: "aws-sdk-java-1689878154487",
            resource: "arn:aws:iam::111122223333:role/metrics-exporter-irsa",
          },
          seenIn: "Java v2, an exporter configured with a role to assume on top of IRSA",
        },
        {
          line: "An error occurred (AccessDenied) when calling the AssumeRole operation: User: arn:aws:sts::ACCOUNT_ID:assumed-role/ci-runner/botocore-session-1700000000 is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::444455556666:role/deployer",
          captures: { roleName: "ci-runner", resource: "arn:aws:iam::444455556666:role/deployer" },
        },
        {
          line: "      is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::111122223333:role:cloudwatch-log-event-writer</Message>",
          captures: { resource: "arn:aws:iam::111122223333:role:cloudwatch-log-event-writer" },
          seenIn: "aws/aws-for-fluent-bit (STS ErrorResponse XML as Fluent Bit prints it)",
        },
      ],
      nearMiss: [
        "User: arn:aws:sts::111122223333:assumed-role/orders-api-irsa/1700000000 is not authorized to perform: sts:AssumeRoleWithWebIdentity",
        "  policy note: the CI role is not authorized to perform sts:AssumeRole on prod",
        "User: arn:aws:sts::111122223333:assumed-role/orders-api-irsa/1700000000 is not authorized to perform: s3:GetObject on resource: arn:aws:s3:::b/k",
      ],
    },
  },
  {
    id: "permissions.unattributed_access_denied",
    regex:
      // S3's message as clients relay it, whatever wraps it: "Error: Access Denied.", "error='Access Denied.'",
      // "object storage: Access Denied;", "AmazonS3Exception: Access Denied (Service: Amazon S3; ...", or alone.
      // Go v1's "\n\tstatus code: 403" also comes flattened onto the line ("Access Denied status code: 403").
      String.raw`(?:^\s*|[:='">]\s*)Access Denied(?:\s*$|[.;,'"\])\r\n\\\x1b]| \(Service|\s+status code: 403)` +
      // botocore's ClientError names the code before the message: enough when the message is cut off (issue titles).
      String.raw`|An error occurred \(AccessDenied(?:Exception)?\) when calling the \w+ operation` +
      // Ruby's error class; Amazon MSK's IAM authentication (aws-msk-iam-auth) refusing the client's credentials.
      String.raw`|Errors::(?:AccessDenied|Forbidden)\b|SaslAuthenticationException: Access denied` +
      // .NET's words for a bodyless 403 (aws-sdk-net HttpErrorResponseExceptionHandler).
      String.raw`|Error making request with Error Code Forbidden and Http Status Code Forbidden` +
      // OpenSearch's security plugin naming the IAM role a signed request mapped to, when it is not a node
      // role (those are the node-role pattern's): the pod's role got in, and whether it lacks a role mapping or
      // is not the pod's at all is the unnamed refusal's question.
      String.raw`|no permissions for \[[^\]\n]{1,200}\] and User \[name=arn:aws[a-z-]*:iam::[^:\s]{0,20}:role/` +
      // A HEAD request's 403 has no body: botocore "(403) when calling the HeadObject operation: Forbidden",
      // Go "api error Forbidden: Forbidden" / "Forbidden: Forbidden", Java v1 "Error Code: 403 Forbidden".
      String.raw`|\(403\) when calling the [A-Za-z0-9]+ operation: Forbidden|\bForbidden: Forbidden\b|Error Code: 403 Forbidden` +
      // The same bodyless 403 in the other SDKs: Java v2 "S3Exception: null (Service: S3, Status Code: 403, ...",
      // which later 2.x releases fill with the status text ("S3Exception: Forbidden (Service: S3, ..."),
      // Rust's ErrorMetadata { code: Some("Forbidden") }, PHP's Guzzle "resulted in a `403 Forbidden` response",
      // JavaScript v3's "$metadata: { httpStatusCode: 403" under its UnknownError (inspected or as JSON).
      String.raw`|Exception: (?:null|Forbidden) \(Service: [\w ]+, Status Code: 403\b|code: Some\("Forbidden"\)` +
      String.raw`|AWS HTTP error: Client error: [^\n]{0,300}?resulted in a .403 Forbidden. response` +
      String.raw`|\$metadata['"]?:\s*\{\s*['"]?httpStatusCode['"]?:\s*403\b` +
      String.raw`|Status Code: 403; Error Code: AccessDenied(?:Exception)?;|UnauthorizedOperation: You are not authorized to perform this operation` +
      // Fluent Bit's outputs: "CreateLogGroup API responded with error='AccessDeniedException'".
      String.raw`|API responded with error='AccessDenied(?:Exception)?'` +
      // Rust prints the error's Debug form: ErrorMetadata { code: Some("AccessDenied"), message: Some("Access Denied") }.
      String.raw`|code: Some\("AccessDenied(?:Exception)?"\)` +
      // Apache OpenDAL's error Display ("<kind> (<status>) at <operation>, context: { uri: ..."): a 403 from an
      // AWS endpoint (the uri names amazonaws.com) is S3 refusing the call.
      String.raw`|PermissionDenied \((?:permanent|temporary|persistent)\) at \w+, context: \{[^\n]{0,300}amazonaws\.com` +
      // A denial cut after its principal ("AccessDeniedException: User: arn:aws:sts::...:assumed-role/NAME/SESS"
      // and nothing more): whose role it is cannot be told without the action (the whole line is matched above).
      // A line that ends with the principal is such a denial too, wrapped after it by the emitter or the source
      // ("could not get secret data from provider: User: arn:aws:sts::ACCOUNT:assumed-role/NAME/..."), and so is
      // the wrapped tail that starts its own line ("is not authorized to perform: secretsmanager:GetSecretValue ...").
      String.raw`|(?:AccessDenied(?:Exception)?:? |(?i:error|fail|could not|couldn't|cannot|unable|denied|forbidden)[^\n]{0,80}?)User: ${SESSION_ARN_HEAD}${ROLE_CHARS}+/${ROLE_CHARS}*\s*$` +
      String.raw`|^[\s│|]*is not authorized to perform:? [a-z0-9-]+:[A-Za-z0-9*]+` +
      // goofys maps S3's 403 to EACCES and says "Unable to access '<bucket>': permission denied" (internal/goofys.go).
      String.raw`|Unable to access '[^'\n]{1,255}': permission denied` +
      // A principal cut after the role's name, the session left out ("User: arn:aws:sts::<acct>:assumed-role/NAME
      // is not authorized to perform: ..."): without the session an instance profile cannot be told from the pod's role.
      String.raw`|User: ${SESSION_ARN_HEAD.replace("(?P<account>", "(?P<account_2>")}${ROLE_CHARS}+ is not authorized to perform` +
      // A service that leaves the caller out of its own denial (Amazon Managed Prometheus' remote write:
      // "User:  is not authorized to perform: aps:RemoteWrite"): the same question of whose role it was.
      String.raw`|User:\s+is not authorized to perform`,
    prefilter: [
      "': permission denied",
      "Access Denied",
      "(AccessDenied",
      "Error Code: AccessDenied",
      "UnauthorizedOperation",
      "error='AccessDenied",
      'Some("AccessDenied',
      "Errors::AccessDenied",
      "Errors::Forbidden",
      "Error Code Forbidden",
      "no permissions for [",
      "SaslAuthenticationException",
      "Forbidden",
      "Status Code: 403",
      "httpStatusCode",
      "PermissionDenied (",
      "User: arn:aws",
      "is not authorized to perform",
    ],
    severity: "medium",
    meaning:
      "An AWS service refused the call without naming the caller (S3's bare Access Denied, EC2's encoded message): either the role lacks the permission, or the call was not made with the pod's role at all (no IRSA environment, so the node's role was used).",
    suggests: SERVICE_REFUSED_UNNAMED,
    // The same status words follow STS's own refusals (Java's "(Service: AWSSecurityTokenService; ... Error Code: AccessDenied"), which say more.
    supersededBy: [
      "permissions.access_denied",
      "permissions.chained_assume_role_denied",
      "permissions.iam_user_access_denied",
      "permissions.node_role_access_denied",
      "imds.node_session_named",
      "pod_identity.node_role_denied",
      "pod_identity_agent.called_through_other_address",
      "sts.unsigned_request",
      "sts.web_identity_access_denied",
      "sts.web_identity_exchange_failed",
    ],
    examples: {
      match: [
        { line: "Aws::S3::Errors::Forbidden", seenIn: "aws-sdk-ruby (a HEAD request's 403, no body)" },
        {
          line: "Amazon.S3.AmazonS3Exception: Error making request with Error Code Forbidden and Http Status Code Forbidden. No further error information was returned by the service.",
          seenIn: "aws-sdk-net (a HEAD request's 403, no body)",
        },
        {
          line: String.raw`{"error":{"root_cause":[{"type":"security_exception","reason":"no permissions for [indices:data/write/bulk] and User [name=arn:aws:iam::111122223333:role/logging-irsa, backend_roles=[arn:aws:iam::111122223333:role/logging-irsa], requestedTenant=null]"}],"status":403}`,
          seenIn: "OpenSearch security plugin PrivilegesEvaluator, a role without a mapping",
        },
        {
          line: "could not get secret data from provider: User: arn:aws:sts::ACCOUNT:assumed-role/external-secrets-sa-role/...",
          seenIn: "a denial wrapped after its principal (an ExternalSecret status pasted over lines)",
        },
        {
          line: "is not authorized to perform: secretsmanager:GetSecretValue on resource: prod/db",
          seenIn: "the same denial's wrapped tail",
        },
        {
          line: "2022/06/03 23:57:53.359249 main.ERROR Unable to access 'orders-archive': permission denied",
          seenIn: "kahing/goofys internal/goofys.go (S3's 403 mapped to EACCES)",
        },
        {
          line: `Errors: Request failed with 500 , {"error":"User: arn:aws:sts::0000001:assumed-role/platform-backstage is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::0000002:role/my-role"}`,
          seenIn: "a principal whose session the source left out (an HTTP error body relayed by a plugin)",
        },
        {
          line: "software.amazon.awssdk.services.s3.model.S3Exception: null (Service: S3, Status Code: 403, Request ID: 8Q2K1V0C5B7N3M4X, Extended Request ID: abc=)",
          seenIn: "aws-sdk-java-v2 AwsServiceException message for a bodyless answer (a HEAD request)",
        },
        {
          line: "  '$metadata': { httpStatusCode: 403, requestId: undefined, extendedRequestId: 'abc=', cfId: undefined }",
          seenIn: "aws-sdk-js-v3 S3ServiceException [UnknownError] for a bodyless 403, as util.inspect prints it",
        },
        {
          line: 'Aws\\S3\\Exception\\S3Exception: Error executing "HeadObject" on "https://b.s3.amazonaws.com/k"; AWS HTTP error: Client error: `HEAD https://b.s3.amazonaws.com/k` resulted in a `403 Forbidden` response',
          seenIn: "aws-sdk-php over Guzzle's RequestException",
        },
        {
          line: 'Error: ServiceError(ServiceError { source: Unhandled(Unhandled { source: ErrorMetadata { code: Some("Forbidden"), message: None, extras: None } }) })',
          seenIn: "aws-sdk-rust ErrorMetadata Debug form",
        },
        {
          line: String.raw`server returned HTTP status 403 Forbidden: {"Message":"User:  is not authorized to perform: aps:RemoteWrite on resource: arn:aws:aps:us-east-1:111122223333:workspace/ws-0a1b2c3d"}`,
          seenIn: "Prometheus remote write to Amazon Managed Prometheus (the service leaves the user empty)",
        },
        {
          line: String.raw`time="2020-09-29T11:37:27Z" level=error msg="Error listing backups in backup store" backupLocation=default controller=backup-sync error="rpc error: code = Unknown desc = AccessDenied: Access Denied
	status code: 403, request id: D2D87E673B947D97"`,
          seenIn: "vmware-tanzu/velero-plugin-for-aws (Go v1, S3)",
        },
        { line: "botocore.exceptions.ClientError: An error occurred (AccessDenied) when calling the GetObject operation: Access Denied" },
        {
          line: "UnauthorizedOperation: You are not authorized to perform this operation. Encoded authorization failure message: 4z9Yh1bExample",
        },
        {
          line: "[2021/05/12 19:36:11] [error] [output:cloudwatch_logs:cloudwatch_logs.0] CreateLogGroup API responded with error='AccessDeniedException'",
          seenIn: "aws/aws-for-fluent-bit",
        },
        {
          line: "F1212 15:29:30.317281       7 client_manager.go:500] Failed to check if Minio bucket exists. Error: Access Denied.",
          seenIn: "minio-go against S3 (Kubeflow Pipelines)",
        },
        { line: "Access Denied" },
        {
          line: "An error occurred (AccessDeniedException) when calling the GetSecretValue operation",
          seenIn: "botocore ClientError with its message cut (an issue title)",
        },
        {
          line: "\x1b[31mERROR\x1b[0m An error occurred (AccessDenied) when calling the GetObject operation: Access Denied\x1b[0m",
          seenIn: "coloured console output",
        },
        {
          line: "failed to create new S3 client: AccessDenied: Access Denied status code: 403, request id: 1",
          seenIn: "aws-sdk-go awserr format, flattened",
        },
        {
          line: "Read 49152 tail bytes of s3://bucket/file.parquet failed: com.amazonaws.services.s3.model.AmazonS3Exception: Access Denied (Service: Amazon S3; ",
          seenIn: "Java v1 S3 client, message wrapped over lines",
        },
        {
          line: `Unable to list objects in bucket {:exception=>Aws::S3::Errors::AccessDenied, :message=>"Access Denied"}`,
          seenIn: "aws-sdk-core (Ruby)",
        },
        {
          line: "botocore.exceptions.ClientError: An error occurred (403) when calling the HeadObject operation: Forbidden",
          seenIn: "botocore, S3 HEAD request",
        },
        {
          line: "operation error S3: HeadObject, https response error StatusCode: 403, RequestID: 4Q2M, HostID: abc=, api error Forbidden: Forbidden",
          seenIn: "aws-sdk-go-v2 error format",
        },
        {
          line: "java.nio.file.AccessDeniedException: s3a://lake/raw/x.parquet: getFileStatus on s3a://lake/raw/x.parquet: com.amazonaws.services.s3.model.AmazonS3Exception: Forbidden (Service: Amazon S3; Status Code: 403; Error Code: 403 Forbidden; Request ID: 1; S3 Extended Request ID: 2)",
          seenIn: "Hadoop S3A (Java v1)",
        },
        {
          line: "ERROR i.s.j.k.internals.KafkaBrokersReady - Error while listing Kafka nodes: SaslAuthenticationException: Access denied",
          seenIn: "aws-msk-iam-auth (Amazon MSK IAM authentication)",
        },
        {
          line: `ServiceError(ServiceError { source: Unhandled(Unhandled { source: ErrorMetadata { code: Some("AccessDenied"), message: Some("Access Denied"), extras: Some({"s3_extended_request_id": "x"}) } }) })`,
          seenIn: "aws-sdk-rust's Debug form of an S3 denial",
        },
        {
          line: `Error: PermissionDenied (permanent) at read, context: { uri: https://lake.s3.eu-west-1.amazonaws.com/raw/x.parquet, response: Parts { status: 403, version: HTTP/1.1 }, service: s3, path: raw/x.parquet }`,
          seenIn: "Apache OpenDAL's error Display (core/src/types/error.rs), S3 service",
        },
        {
          line: "Error initializing storage: AccessDeniedException: User: arn:aws:sts::111122223333:assumed-role/vault-storage/1700000000",
          seenIn: "a source cut after the principal",
        },
      ],
      nearMiss: [
        "  '$metadata': { httpStatusCode: 200, requestId: 'abc', attempts: 1 }",
        "software.amazon.awssdk.services.s3.model.S3Exception: null (Service: S3, Status Code: 404, Request ID: 8Q2K)",
        "AccessDenied: Not authorized to perform sts:AssumeRoleWithWebIdentity",
        "s3 bucket policy: Access Denied responses are logged to the audit bucket",
        "ERROR 1045 (28000): Access denied for user 'app'@'10.0.3.7' (using password: YES)",
        "PermissionDenied (permanent) at read, context: { uri: https://storage.googleapis.com/lake/raw/x.parquet, response: Parts { status: 403 } }",
        "Assumed role: User: arn:aws:sts::111122223333:assumed-role/vault-storage/1700000000",
      ],
    },
  },
];
