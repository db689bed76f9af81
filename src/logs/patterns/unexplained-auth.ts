// The net for an application's own words that AWS did not accept its identity, when no AWS error code and no
// "no credentials" summary is on the line (./unexplained.ts has those): an HTTP 401 or 403 answered by an AWS
// endpoint the line names, a registry login the tool says failed for an ECR host, a service saying the IAM
// principal it was shown is not valid, a credential provider object the SDK cannot call. Most such lines come
// from tools whose own AWS code never used the pod's identity (no SigV4 signing, their own credential
// discovery, a bundled old SDK), so the family names that first. Like the other nets it is a last resort (any
// recognised pattern on the line wins) and names no cause itself: src/logs/families.ts gives the candidates
// (UNEXPLAINED_BY_PATTERN), listed only when no recognised line gave any. Severity medium: the words are the
// tool's, not AWS's, so in a full bundle they make "healthy" a medium-confidence verdict with the line quoted
// (src/diagnosis/health.ts) rather than overturn what the checks read.
//
// What it refuses, by construction: the Kubernetes API's own 401/403 (RBAC's `forbidden: User
// "system:serviceaccount:..."`, `You must be logged in to the server (Unauthorized)`; an EKS cluster endpoint
// `<id>.<cell>.<region>.eks.amazonaws.com` is not an AWS service host below), other registries and HTTP
// services (no AWS host on the line), a service account or add-on merely named "aws-..." (the service words
// must stand alone), and the debug lines of a working chain (no refusal word).

import type { LogPattern } from "../types.js";
import { ECR_HOST } from "./ecr.js";

// An AWS service endpoint: "<service>.<region>.amazonaws.com" (any labels before it: a bucket, an account's
// registry "<id>.dkr.ecr"), the dual-stack "<service>.<region>.api.aws", and the global endpoints of the
// services that have one. An EKS cluster's API server ("<id>.gr7.<region>.eks.amazonaws.com") has "eks" where
// the region stands, so it is not one: its 401s and 403s are Kubernetes' authentication and RBAC. Of the hosts
// that put the service after the region, only OpenSearch's domains ("<domain>.<region>.es.amazonaws.com",
// "<id>.<region>.aoss.amazonaws.com") are taken: their 401s and 403s answer SigV4; an RDS or ElastiCache host's
// "authentication failed" is as often a password's, and a load balancer's ("elb") is the application's own.
// Sources paste the region redacted or as a placeholder ("[REDACTED]", "<region>", "${AWS_REGION}").
const REGION = String.raw`(?:[a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\d|\[[\w-]{1,20}\]|<[\w-]{1,20}>|\$?\{[\w-]{1,20}\})`;
const AWS_HOST =
  String.raw`(?:[a-z0-9-]+\.${REGION}\.(?:(?:es|aoss)\.)?(?:amazonaws\.com(?:\.cn)?|api\.aws)` +
  String.raw`|\b(?:s3(?:-[a-z0-9-]+)?|sts|iam|route53|cloudfront|organizations)\.amazonaws\.com(?:\.cn)?)`;
// The status an HTTP client reports, in the shapes Go's net/http ("403 Forbidden"), Prometheus and the
// OpenTelemetry exporters ("server returned HTTP status 403"), go-containerregistry ("unsupported status code
// 401"), Java's and Python's clients ("Status Code: 401", "status=403", "HTTP/1.1 403") print it.
const STATUS = (code: string): string =>
  String.raw`(?:\b(?:status(?:[ _]?code)?|http(?:/[\d.]+)?|returned|response(?: code)?|code)\W{0,3}${code}\b|\b${code} (?:unauthorized|forbidden|not authorized)\b)`;
const UNAUTHENTICATED =
  `${STATUS("401")}` +
  String.raw`|\bunauthori[sz]ed\b|\bunauthenticated\b|\bnot authenticated\b|\bauthentication (?:required|failed|failure|error)\b` +
  String.raw`|\bauthenticated correctly\b`;
const REFUSED = String.raw`${STATUS("403")}|\bforbidden\b|\baccess denied\b|\bpermission denied\b`;
// An AWS service named on its own (not "aws-node", "aws-auth", a chart or account named "...-aws").
const AWS_SERVICE = String.raw`\b(?:aws|amazon|s3|sts|iam|bedrock|dynamodb|sqs|sns|kinesis|ecr|secrets ?manager|ssm|cloudwatch|opensearch|athena|sigv4)(?:$|[^\w-])`;

export const unexplainedAuthPatterns: LogPattern[] = [
  {
    id: "aws.unexplained_unauthenticated",
    regex:
      // An AWS endpoint answered that the caller is not authenticated (either order on the line).
      String.raw`${AWS_HOST}[^\n]{0,300}?(?:${UNAUTHENTICATED})|(?:${UNAUTHENTICATED})[^\n]{0,300}?${AWS_HOST}` +
      // A tool saying it could not authenticate to an AWS service.
      String.raw`|(?:failed|unable|could not|couldn't|cannot) (?:to )?authenticate (?:to|with|against|on) (?:the )?${AWS_SERVICE}` +
      String.raw`|${AWS_SERVICE}\s?(?:authentication|auth|login|sign-?in) (?:failed|failure|error|refused|rejected)\b` +
      // A service saying the IAM identity it was shown is not one it accepts.
      String.raw`|\bIAM (?:principal|identity|role|user|credentials?)\b[^\n]{0,80}?\b(?:is not valid|is invalid|not recognized|could not be (?:verified|authenticated|validated)|was rejected)` +
      String.raw`|\b(?:invalid|unrecognized|unknown) IAM (?:principal|identity)\b` +
      // A credential provider object the SDK cannot call (JavaScript's TypeError, V8's property read on a missing
      // credentials object, Java's class clash between the SDK and a plugin's provider).
      String.raw`|TypeError: [^\n]{0,120}?(?:credential|identityProvider)[^\n]{0,120}? is not (?:a function|a constructor)` +
      String.raw`|credential provider failed: [^\n]{0,80}? is not a function` +
      String.raw`|Cannot read propert(?:y|ies) of (?:undefined|null) \(reading '(?:accessKeyId|secretAccessKey|sessionToken)'\)` +
      String.raw`|Cannot read property '(?:accessKeyId|secretAccessKey|sessionToken)' of (?:undefined|null)` +
      String.raw`|(?:ClassCastException|NoSuchMethodError|AbstractMethodError|IncompatibleClassChangeError)[^\n]{0,200}?(?:AWSCredentialsProvider|AwsCredentialsProvider)\b`,
    ignoreCase: true,
    // Whole phrases rather than "auth" or "iam ": the errors tool's byte gate searches a short caseless literal
    // once per spelling (16 for "auth"), which cost a third of its throughput on an EKS log bundle.
    prefilter: [
      "amazonaws",
      "api.aws",
      "authenticate",
      ...["auth", "authentication", "login", "sign-in", "signin"].flatMap((w) =>
        ["fail", "error", "refused", "rejected"].map((v) => `${w} ${v}`),
      ),
      ...["principal", "identity", "role", "user", "credential"].map((what) => `iam ${what}`),
      "typeerror",
      "credential provider failed",
      "cannot read propert",
      "credentialsprovider",
    ],
    severity: "medium",
    lastResort: true,
    meaning:
      "An AWS endpoint or service did not accept the caller's identity, in the application's own words (no AWS error code, no principal): most often its own AWS code never used the pod's identity (it does not sign, discovers credentials its own way, or bundles an old SDK), else the pod had no identity to use.",
    suggests: [],
    supersededBy: ["aws.unexplained_error", "aws.unexplained_no_credentials", "aws.unexplained_registry_login"],
    examples: {
      match: [
        {
          line: '{"error_id":"f586a0d5-0bad-4927-96bb-3763cd9be375","errors":[{"code":99216,"message":"The specified IAM principal is not valid."}]}',
          seenIn: "Nike-Inc/cerberus-node-client#37 (Cerberus's AWS IAM auth answering a node-role signature)",
        },
        {
          line: "[2021-06-11T19:07:58.015Z] error TypeError: self.credentialProvider.resolve is not a function",
          seenIn:
            "aws-sdk-js v2 lib/config.js getCredentials, given a credentials object where a provider chain goes (strapi/strapi#10473, strapi-provider-upload-aws-s3)",
        },
        {
          line: "TypeError: identityProvider is not a function",
          seenIn: "aws/aws-sdk-js-v3#5591 (a memoized provider passed as credentialDefaultProvider)",
        },
        {
          line: "AWS credential provider failed: E is not a function. (In 'E(e)', 'E' is a Symbol). Please ensure your credential provider returns valid AWS credentials with accessKeyId and secretAccessKey properties.",
          seenIn: "anomalyco/opencode#30946 (its Bedrock provider's credential wrapper)",
        },
        // A service's own login wording: hidden by the prefilter while it listed "auth" and not "login".
        { line: 'level=error msg="ECR login failed" registry=public' },
      ],
      nearMiss: [
        'Error from server (Forbidden): secrets is forbidden: User "system:serviceaccount:external-secrets:external-secrets-aws" cannot list resource "secrets"',
        "error: You must be logged in to the server (Unauthorized)",
        'Get "https://0123456789ABCDEF.gr7.us-west-2.eks.amazonaws.com/api/v1/namespaces": 401 Unauthorized',
        "GET https://ghcr.io/v2/org/app/manifests/latest: unexpected status code 401 Unauthorized",
        "Error response from daemon: pull access denied for library/nginx, repository does not exist or may require 'docker login': denied: requested access to the resource is denied",
        "Indexing failed: Unauthorized",
        "POST https://api.github.com/repos/o/r/statuses: 401 Unauthorized",
        "DEBUG botocore.auth: Calculating signature using v4 auth.",
        "DEBUG Response status 200 from https://sts.us-east-1.amazonaws.com/",
        "aws-auth ConfigMap updated; authentication failed attempts: 0",
      ],
    },
  },
  {
    id: "aws.unexplained_refusal",
    // An AWS endpoint refusing the call (403) without an AWS error code or a principal on the line: a signed call
    // its policies do not allow, or one signed with other credentials than the pod's.
    regex: String.raw`${AWS_HOST}[^\n]{0,300}?(?:${REFUSED})|(?:${REFUSED})[^\n]{0,300}?${AWS_HOST}`,
    ignoreCase: true,
    prefilter: ["amazonaws", "api.aws"],
    severity: "medium",
    lastResort: true,
    meaning:
      "An AWS endpoint refused the call (HTTP 403), in the application's own words with no error code or principal: whose credentials signed it, and what their role allows, are not said.",
    suggests: [],
    supersededBy: [
      "aws.unexplained_error",
      "aws.unexplained_no_credentials",
      "aws.unexplained_unauthenticated",
      "aws.unexplained_registry_login",
    ],
    examples: {
      match: [
        {
          line: String.raw`ts=2023-09-30T11:50:02.769098012Z caller=dedupe.go:112 tenant=Amway component=remote level=error remote_name=e3f5ba url=https://aps-workspaces.ap-southeast-1.amazonaws.com/workspaces/xxx/api/v1/remote_write msg="non-recoverable error" count=500 exemplarCount=0 err="server returned HTTP status 403 Forbidden`,
          seenIn: "grafana/tempo#2973 (the metrics-generator's remote write to Amazon Managed Prometheus, cut before the body)",
        },
        {
          line: String.raw`url=https://aps-workspaces.[REDACTED].amazonaws.com/workspaces/[REDACTED]/api/v1/remote_write err="server returned HTTP status 403 Forbidden"`,
          seenIn: "prometheus-community/helm-charts#4687 (its region redacted; the rest of that record names the principal)",
        },
        {
          line: 'Post "https://aps-workspaces.eu-west-1.amazonaws.com/workspaces/ws-1/api/v1/remote_write": 403 Forbidden',
        },
      ],
      nearMiss: [
        'Error from server (Forbidden): pods is forbidden: User "system:serviceaccount:kube-system:aws-node" cannot list resource "pods"',
        'Get "https://0123456789ABCDEF.gr7.us-west-2.eks.amazonaws.com/api/v1/pods": 403 Forbidden',
        "GET https://registry-1.docker.io/v2/library/nginx/manifests/latest: 403 Forbidden",
        "served https://my-bucket.s3.us-east-1.amazonaws.com/errors/403.html in 12ms",
        'FATAL: password authentication failed for user "app" (host orders.abc123.us-east-1.rds.amazonaws.com)',
        "GET https://shop-alb-123456.us-east-1.elb.amazonaws.com/api/orders: 403 Forbidden",
        String.raw`component=endpoint host=logging-loki-gateway-http.openshift-logging.svc:8080 status=403 tenant="" error="server returned HTTP status 403 Forbidden (403):`,
        "vault | down | server returned HTTP status 403 Forbidden",
      ],
    },
  },
  {
    id: "aws.unexplained_registry_login",
    // A tool's registry login or push to an Amazon ECR host that it says failed, in its own words (kaniko's
    // "make sure ... you are authenticated correctly", Jib's "make sure your credentials for '<registry>' are set
    // up correctly", Helm's "login attempt to <registry>/v2/ failed with status: 400 Bad Request"). ECR's registry
    // takes no IAM credentials: its password is the 12-hour token GetAuthorizationToken gives an AWS identity, so
    // a failed login says that token was missing, stale or refused. The ECR patterns (./ecr.ts) name the
    // registry's own answers; the kubelet's pulls are the node's (ecr.node_image_pull_refused).
    regex:
      String.raw`${ECR_HOST}[^\n]{0,300}?(?:${UNAUTHENTICATED}|${REFUSED}|\bfailed with status\b|\blogin failed\b|\bdenied\b)` +
      String.raw`|(?:${UNAUTHENTICATED}|\blog(?:ging )?in(?: attempt)? to\b)[^\n]{0,300}?${ECR_HOST}[^\n]{0,300}?\bfailed\b` +
      String.raw`|(?:${UNAUTHENTICATED})[^\n]{0,300}?${ECR_HOST}` +
      String.raw`|\b(?:could not|couldn't|cannot|can't|unable to|failed to) log ?in to [^\n]{0,40}?${ECR_HOST}` +
      String.raw`|\bcredentials? (?:for|to) [^\n]{0,20}?${ECR_HOST}[^\n]{0,200}?\b(?:set up|configured) correctly`,
    ignoreCase: true,
    prefilter: [".dkr.ecr."],
    severity: "medium",
    lastResort: true,
    meaning:
      "A tool's login to Amazon ECR's registry failed in its own words: the registry password is a token an AWS identity must obtain (ecr:GetAuthorizationToken), and the tool either never obtained one with the pod's identity (its own registry login), or the identity that should have was missing, refused by its role's trust policy, or not allowed the call.",
    suggests: [],
    supersededBy: ["aws.unexplained_error", "aws.unexplained_no_credentials"],
    examples: {
      match: [
        {
          line: 'error checking push permissions -- make sure you entered the correct tag name, and that you are authenticated correctly, and try again: checking push permission for "X.dkr.ecr.eu-west-1.amazonaws.com/X-X/X:0.0.0-SNAPSHOT-PR-111-2": unsupported status code 401; body: Not Authorized',
          seenIn: "jenkins-x/jx#7072 (kaniko in a Tekton pod on EKS; the source wraps it over three lines)",
        },
        {
          line: "Build image failed, perhaps you should make sure your credentials for '123456789.dkr.ecr.eu-west-2.amazonaws.com/camel-integrations/camel-k/camel-k/camel-k-kit-xxx' are set up correctly.",
          seenIn:
            "apache/camel-k#6534 (jib-maven-plugin's build failure for an ECR repository, in a Camel K builder pod with Pod Identity)",
        },
        {
          line: "Error: Could not login to registry 111122223333.dkr.ecr.eu-west-1.amazonaws.com: Error response from daemon: login attempt to https://111122223333.dkr.ecr.eu-west-1.amazonaws.com/v2/ failed with status: 400 Bad Request",
          seenIn:
            "aws-actions/amazon-ecr-login (index.js: 'Could not login to registry ${registry}: ${stderr}', wrapping docker login's error)",
        },
        {
          line: "Failed to load target state: failed to generate manifest for source 1 of 2: rpc error: code = Unknown desc = `helm registry login 11.dkr.ecr.ap-northeast-2.amazonaws.com/helm-charts/cad --username ****** --password ****** ecr get-login-password --region ap-northeast-2)` failed exit status 1: WARNING: Using --password ****** the CLI is insecure. Use --password-stdin. Error: login attempt to 211.dkr.ecr.ap-northeast-2.amazonaws.com/v2/ failed with status: 400 Bad Request",
          seenIn:
            "Argo CD's repo-server running Helm's registry login for an OCI source on ECR (the dev corpus' dev8-a Argo CD entry; the wording is Docker's registry client, registry/auth.go loginV2: 'login attempt to %s failed with status: %d %s')",
        },
      ],
      nearMiss: [
        "Login Succeeded",
        "Logging into registry 111122223333.dkr.ecr.eu-west-1.amazonaws.com",
        "helm registry login 111122223333.dkr.ecr.us-east-1.amazonaws.com --username AWS --password-stdin",
        "pushed 111122223333.dkr.ecr.us-east-1.amazonaws.com/shop/api:1.0 (digest: sha256:0a1b) after 1 failed attempt",
        "Error: login attempt to https://registry-1.docker.io/v2/ failed with status: 401 Unauthorized",
      ],
    },
  },
];
