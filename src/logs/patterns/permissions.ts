// IAM's "User: <assumed-role ARN> is not authorized to perform: <action> on resource: <arn>" as every
// service returns it. The assumed role tells whose credentials the pod really used: its own role means
// the role lacks a permission; the node's role means the SDK never used IRSA or Pod Identity at all.

import type { LogPattern } from "../types.js";

const ROLE_CHARS = String.raw`[\w+=,.@-]`;
const SESSION_ARN_HEAD = String.raw`arn:aws[a-z-]*:sts::(?P<account>\d{12}):assumed-role/`;
const ACTION_TAIL =
  String.raw` is not authorized to perform:? (?P<action>[A-Za-z0-9-]+:[A-Za-z0-9*]+)` +
  String.raw`(?: on resource:? \\?"?(?P<resource>[^\s"\\,]+))?`;
// Role names the usual node-group tooling gives (eksctl, EKS console, Terraform modules, Karpenter).
const NODE_ROLE_NAME = String.raw`${ROLE_CHARS}*(?:NodeInstanceRole|[Nn]ode-?[Gg]roup|NodeRole|[Nn]ode-role|[Nn]odes-role|[Ww]orker-?[Nn]ode)${ROLE_CHARS}*`;
// EC2 names an instance profile's session after the instance id.
const INSTANCE_SESSION = String.raw`i-[0-9a-f]{8,17}`;

export const permissionPatterns: LogPattern[] = [
  {
    id: "permissions.access_denied",
    regex:
      String.raw`User: (?P<assumedRoleArn>${SESSION_ARN_HEAD}(?P<roleName>${ROLE_CHARS}+)/(?P<sessionName>${ROLE_CHARS}+))` +
      ACTION_TAIL,
    prefilter: ["is not authorized to perform"],
    severity: "high",
    meaning:
      "The pod's credentials work but the role they belong to is not allowed this action on this resource (no Allow in its policies, or an explicit Deny, SCP or boundary).",
    suggests: ["permissions.role_lacks_permission"],
    supersededBy: ["permissions.node_role_access_denied", "pod_identity.node_role_denied", "sts.web_identity_access_denied"],
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
    id: "permissions.node_role_access_denied",
    regex:
      String.raw`User: (?P<assumedRoleArn>${SESSION_ARN_HEAD}` +
      String.raw`(?:(?P<roleName>${NODE_ROLE_NAME})/(?P<sessionName>${ROLE_CHARS}+)|(?P<roleName_2>${ROLE_CHARS}+)/(?P<sessionName_2>${INSTANCE_SESSION})))` +
      ACTION_TAIL,
    prefilter: ["is not authorized to perform"],
    severity: "high",
    meaning:
      "The denied call was made with the node's instance role (a node-group role name, or a session named after an EC2 instance): the SDK never used the pod's IRSA or Pod Identity credentials and fell back to the instance profile.",
    suggests: [
      "sdk.falls_back_to_node_role",
      "webhook.not_injecting",
      "irsa_annotation.missing",
      "irsa_annotation.pod_predates_annotation",
      "pod_identity.association_missing",
      "sdk.too_old",
    ],
    // The Pod Identity agent itself rightly runs as the node's role.
    supersededBy: ["pod_identity.node_role_denied"],
    examples: {
      match: [
        {
          line: "An error occurred (AccessDenied) when calling the ListObjectsV2 operation: User: arn:aws:sts::111122223333:assumed-role/eksctl-prod-nodegroup-ng-1-NodeInstanceRole-1A2B3C4D5E6F/i-0abc123def4567890 is not authorized to perform: s3:ListBucket on resource: \"arn:aws:s3:::orders-archive\" because no identity-based policy allows the s3:ListBucket action",
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
          line: "User: arn:aws:sts::111122223333:assumed-role/prod-workers/i-0fedcba9876543210 is not authorized to perform: secretsmanager:GetSecretValue on resource: prod/db",
          captures: { roleName: "prod-workers", sessionName: "i-0fedcba9876543210" },
          seenIn: "custom node role name, recognised by its instance-id session",
        },
      ],
      nearMiss: [
        "User: arn:aws:sts::111122223333:assumed-role/orders-api-irsa/1700000000123456789 is not authorized to perform: s3:GetObject on resource: arn:aws:s3:::orders-archive/x",
        "Found credentials from IAM Role: eksctl-prod-nodegroup-ng-1-NodeInstanceRole-1A2B3C4D5E6F",
      ],
    },
  },
];
