// STS answers to the IRSA exchange (AssumeRoleWithWebIdentity) as the SDKs print them. The texts are the
// service's error messages, which every SDK passes through; only the wrapping differs (Go "caused by:",
// botocore "An error occurred (Code) when calling ...", Java "(Service: Sts, Status Code: ...)").

import type { LogPattern } from "../types.js";
import { WEB_IDENTITY_REFUSED } from "../families.js";

const ISSUER = String.raw`https://[A-Za-z0-9._~/-]*[A-Za-z0-9_~/-]`;

export const stsPatterns: LogPattern[] = [
  {
    id: "sts.web_identity_access_denied",
    regex:
      // A wrap inside a JSON-escaped string ("perform\n      | sts:...") stays on one line.
      String.raw`[Nn]ot authorized to perform:?(?:\s|\\[nt]|[│|])+sts:AssumeRoleWithWebIdentity` +
      // STS words this refusal without a "User: ..." (other services' denials always name the caller), so an
      // AccessDenied whose "Not authorized to perform" ends the line is this one, cut or wrapped by the
      // emitter (sops and Terraform wrap at 40-80 columns); the wrapped tail starts a line of its own.
      String.raw`|AccessDenied(?:Exception)?: Not authorized to perform\s*$|^[\s│|]*sts:AssumeRoleWithWebIdentity\s*$` +
      // botocore names STS's code and the call before the message: AccessDenied on this call is this refusal.
      String.raw`|\(AccessDenied\) when calling the AssumeRoleWithWebIdentity operation` +
      // STS answers this call with 403 for AccessDenied (a bad token is a 400): Go v2's operation error cut after
      // its request id, or naming only the code.
      String.raw`|AssumeRoleWithWebIdentity, https response error StatusCode: 403, RequestID: [\w-]*(?:,\s*(?:api error )?AccessDenied\b|,?\s*$)` +
      // An application's or tool's own words for the exchange (assume a role with / using / via web identity),
      // followed by STS's refusal code or status.
      String.raw`|(?i:(?:unable|failed|error|could not|couldn't|cannot) (?:to )?assum(?:e|ing)(?: the| an?)?(?: iam)? role(?: \S{1,200})? (?:with|using|via|from) (?:a |the )?web[ -]?identity)[^\n]{0,200}?(?:AccessDenied|Forbidden|[Nn]ot authorized)`,
    prefilter: [
      "AssumeRoleWithWebIdentity",
      "AccessDenied: Not authorized to perform",
      "AccessDeniedException: Not authorized to perform",
      "web identity",
      "Web identity",
      "Web Identity",
      "web-identity",
      "WebIdentity",
      "webidentity",
    ],
    severity: "high",
    meaning:
      "STS refused to let the pod's token assume the role: the role's trust policy does not admit this cluster's issuer, namespace and service account (or the role named in the pod does not exist).",
    // Ordered by how often each mechanism produces this refusal (src/logs/families.ts says why).
    suggests: WEB_IDENTITY_REFUSED,
    // A proxy that refuses the CONNECT to STS answers 403 too (smithy-kotlin: "STS failed to assume role from
    // web identity: Unexpected response code for CONNECT: 403"): the call never reached STS.
    supersededBy: ["network.proxy_error"],
    examples: {
      match: [
        {
          line: String.raw`{"level":"error","ts":1657324768.868449,"logger":"controller-runtime.manager.controller.targetGroupBinding","msg":"Reconciler error","error":"WebIdentityErr: failed to retrieve credentials\ncaused by: AccessDenied: Not authorized to perform sts:AssumeRoleWithWebIdentity\n\tstatus code: 403, request id: 5c3f9ce5-ba7d-495e-98b1-ffcd5cf85133"}`,
          seenIn: "kubernetes-sigs/aws-load-balancer-controller#1935 (Go v1)",
        },
        { line: "caused by: AccessDenied: Not authorized to perform sts:AssumeRoleWithWebIdentity", seenIn: "Go v1, plain text" },
        {
          line: "botocore.exceptions.ClientError: An error occurred (AccessDenied) when calling the AssumeRoleWithWebIdentity operation: Not authorized to perform sts:AssumeRoleWithWebIdentity",
          seenIn: "aws-samples/aws-cdk-for-emr-on-eks#2 (Python)",
        },
        {
          line: "Caused by: com.amazonaws.services.securitytoken.model.AWSSecurityTokenServiceException: Not authorized to perform sts:AssumeRoleWithWebIdentity (Service: AWSSecurityTokenService; Status Code: 403; Error Code: AccessDenied; Request ID: 8a0d6c3e-2f4b-4c55-9e0e-1b2c3d4e5f60; Proxy: null)",
          seenIn: "kubeflow/spark-operator#1129 (Java v1)",
        },
        {
          line: "software.amazon.awssdk.services.sts.model.StsException: Not authorized to perform sts:AssumeRoleWithWebIdentity (Service: Sts, Status Code: 403, Request ID: d8ee3773-3046-41d0-9b95-373ec1ae7b07, Extended Request ID: null)",
          seenIn: "aws/aws-sdk-java-v2#1470 (Java v2)",
        },
        {
          line: " ---> Amazon.SecurityToken.AmazonSecurityTokenServiceException: Not authorized to perform sts:AssumeRoleWithWebIdentity ---> Amazon.Runtime.Internal.HttpErrorResponseException: Exception of type 'Amazon.Runtime.Internal.HttpErrorResponseException' was thrown.",
          seenIn: "aws/aws-sdk-net#1522 (.NET)",
        },
        {
          line: "operation error STS: AssumeRoleWithWebIdentity, https response error StatusCode: 403, RequestID: 0e2f3a4b-5c6d-4e7f-8091-a2b3c4d5e6f7, api error AccessDenied: Not authorized to perform sts:AssumeRoleWithWebIdentity",
          seenIn: "Go v2 smithy error format",
        },
        { line: "Aws::STS::Errors::AccessDenied: Not authorized to perform sts:AssumeRoleWithWebIdentity", seenIn: "Ruby" },
        {
          line: "      | caused by: AccessDenied: Not authorized to perform",
          seenIn: "getsops/sops keysource output (wraps the Go error at 40 columns)",
        },
        { line: "      | sts:AssumeRoleWithWebIdentity", seenIn: "getsops/sops keysource output, the wrapped tail" },
        {
          line: "An error occurred (AccessDenied) when calling the AssumeRoleWithWebIdentity operation: Not authorized",
          seenIn: "botocore ClientError, message cut",
        },
        {
          line: String.raw`{"error":"Error decrypting key: WebIdentityErr: failed to retrieve\n      | credentials\n      | caused by: AccessDenied: Not authorized to perform\n      | sts:AssumeRoleWithWebIdentity"}`,
          seenIn: "getsops/sops wrapped output logged as one JSON string (escaped newlines)",
        },
        {
          line: "operation error STS: AssumeRoleWithWebIdentity, https response error StatusCode: 403, RequestID: 0e2f3a4b-5c6d-4e7f-8091-a2b3c4d5e6f7",
          seenIn: "Go v2 smithy error format, cut after the request id",
        },
        {
          line: "ERROR Unable to assume role with web identity: AccessDenied (403)",
          seenIn: "an application's own wrapper naming the exchange and STS's code",
        },
        {
          line: 'Aws\\Sts\\Exception\\StsException: Error executing "AssumeRoleWithWebIdentity" on "https://sts.eu-west-1.amazonaws.com"; AWS HTTP error: Client error: `POST https://sts.eu-west-1.amazonaws.com` resulted in a `403 Forbidden` response: AccessDenied (client): Not authorized to perform sts:AssumeRoleWithWebIdentity',
          seenIn: "PHP error format",
        },
      ],
      nearMiss: [
        `      "Action": "sts:AssumeRoleWithWebIdentity",`,
        "        - sts:AssumeRoleWithWebIdentity",
        "AccessDenied: Not authorized to perform this operation on the bucket",
        "DEBUG Calling AssumeRoleWithWebIdentity for role arn:aws:iam::111122223333:role/orders-api",
        "An error occurred (InvalidIdentityToken) when calling the AssumeRoleWithWebIdentity operation: Incorrect token audience",
        "operation error STS: AssumeRoleWithWebIdentity, https response error StatusCode: 403, RequestID: 1a2b, RegionDisabledException: STS is not activated in this region",
        "Unable to assume role with web identity: InvalidIdentityToken: Incorrect token audience",
        "STS failed to assume role from web identity: Unexpected response code for CONNECT: 403",
      ],
    },
  },
  {
    id: "sts.no_oidc_provider_other_partition",
    // STS answers in the partition of the endpoint it was called at. An issuer of the GovCloud or China
    // partitions (oidc.eks.us-gov-*.amazonaws.com, oidc.eks.cn-*.amazonaws.com.cn) that "no provider" is found
    // for is as often an STS client outside the pod's partition as a missing provider: an SDK that calls the
    // global endpoint sts.amazonaws.com (JavaScript v2, Go v1 and older SDKs by default, and JavaScript v3's
    // regression in aws-sdk-js-v3#5083), or an STS client an application builds without the pod's region. The
    // commercial partition's issuers keep sts.no_oidc_provider, which settles it.
    regex: String.raw`No OpenIDConnect provider found in your account for (?P<issuer>https://oidc\.eks\.(?:us-gov|cn)-[a-z]+-\d\.amazonaws\.com(?:\.cn)?(?:/id/[^\s"\\]*)?)`,
    prefilter: ["No OpenIDConnect provider"],
    severity: "high",
    meaning:
      "STS found no OIDC provider for a GovCloud or China issuer in the account it was asked in: either the role's account has none, or the SDK sent the exchange to STS in another partition (a global endpoint, or an STS client built without the pod's region), where no account can hold it.",
    suggests: ["oidc_provider.missing", "sdk.too_old", "trust_policy.issuer_mismatch"],
    examples: {
      match: [
        {
          line: "InvalidIdentityTokenException: No OpenIDConnect provider found in your account for https://oidc.eks.cn-north-1.amazonaws.com.cn/id/5A6B7C8D9E0F",
          captures: { issuer: "https://oidc.eks.cn-north-1.amazonaws.com.cn/id/5A6B7C8D9E0F" },
          seenIn: "aws/aws-sdk-js-v3#5083 (JavaScript v3 calling the global endpoint from China)",
        },
        {
          line: "InvalidIdentityToken: No OpenIDConnect provider found in your account for https://oidc.eks.us-gov-west-1.amazonaws.com/id/[REDACTED]",
          captures: { issuer: "https://oidc.eks.us-gov-west-1.amazonaws.com/id/[REDACTED]" },
        },
      ],
      nearMiss: [
        "InvalidIdentityToken: No OpenIDConnect provider found in your account for https://oidc.eks.us-east-1.amazonaws.com/id/ABCDEF0123456789",
        "InvalidIdentityToken: No OpenIDConnect provider found in your account for https://oidc.eks.us-gov-west-1.example.internal/id/ABC",
      ],
    },
  },
  {
    id: "sts.no_oidc_provider",
    // Tools that wrap long lines (sops, Terraform) cut the message after "provider": the words that name it are enough.
    regex: String.raw`No OpenIDConnect provider(?: found(?: in your account)?(?: for (?P<issuer>${ISSUER}))?)?(?:$|[^\w-])`,
    prefilter: ["No OpenIDConnect provider"],
    severity: "high",
    meaning: "The role's account has no IAM OIDC identity provider for the cluster's issuer, so STS cannot verify the pod's token.",
    suggests: ["oidc_provider.missing", "trust_policy.issuer_mismatch"],
    decides: "oidc_provider.missing",
    supersededBy: ["sts.no_oidc_provider_other_partition"],
    examples: {
      match: [
        {
          line: "caused by: InvalidIdentityToken: No OpenIDConnect provider found in your account for https://oidc.eks.eu-west-1.amazonaws.com/id/0A1B2C3D4E5F60718293A4B5C6D7E8F9",
          captures: { issuer: "https://oidc.eks.eu-west-1.amazonaws.com/id/0A1B2C3D4E5F60718293A4B5C6D7E8F9" },
          seenIn: "terraform-aws-modules/terraform-aws-eks#965 (cluster-autoscaler, Go v1)",
        },
        {
          line: String.raw`2022/07/25 13:14:05.131213 failed to retrieve credentials: failed to refresh cached credentials, failed to retrieve credentials, operation error STS: AssumeRoleWithWebIdentity, exceeded maximum number of attempts, 3, https response error StatusCode: 400, RequestID: 15810d8a-d7cf-4cf6-a789-344247a93714, InvalidIdentityToken: No OpenIDConnect provider found in your account for https://oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B716D3041E`,
          captures: { issuer: "https://oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B716D3041E" },
          seenIn: "namespacelabs/foundation#801 (Go v2)",
        },
        {
          line: String.raw`{"level":"error","msg":"unable to validate store","error":"WebIdentityErr: failed to retrieve credentials\ncaused by: InvalidIdentityToken: No OpenIDConnect provider found in your account for https://oidc.eks.us-east-1.amazonaws.com/id/EXAMPLE0123456789ABCDEF\n\tstatus code: 400, request id: 3714365f-c50b-4cae-b958-917eb6a34b50"}`,
          captures: { issuer: "https://oidc.eks.us-east-1.amazonaws.com/id/EXAMPLE0123456789ABCDEF" },
        },
        {
          line: "InvalidIdentityTokenException: No OpenIDConnect provider found in your account for https://oidc.eks.cn-north-1.amazonaws.com.cn/id/5A6B7C8D9E0F",
          captures: { issuer: "https://oidc.eks.cn-north-1.amazonaws.com.cn/id/5A6B7C8D9E0F" },
          seenIn: "aws/aws-sdk-js-v3#5083 (JavaScript v3)",
        },
        {
          line: "     | caused by: InvalidIdentityToken: No OpenIDConnect provider",
          seenIn: "terraform-aws-modules/terraform-aws-eks#965 (sops wraps its output at 40 columns)",
        },
        {
          line: "botocore.errorfactory.InvalidIdentityTokenException: An error occurred (InvalidIdentityToken) when calling the AssumeRoleWithWebIdentity operation: No OpenIDConnect provider found in your account for https://oidc.eks.us-west-2.amazonaws.com/id/ABCDEF0123456789",
          captures: { issuer: "https://oidc.eks.us-west-2.amazonaws.com/id/ABCDEF0123456789" },
        },
      ],
      nearMiss: [
        '2021-10-22 [ℹ]  will create IAM Open ID Connect provider for cluster "prod" in "eu-west-1"',
        "eksctl utils associate-iam-oidc-provider --cluster prod --approve",
        "OpenIDConnect provider found for https://oidc.eks.eu-west-1.amazonaws.com/id/0A1B2C",
      ],
    },
  },
  {
    id: "sts.incorrect_token_audience",
    regex: String.raw`Incorrect token audience`,
    prefilter: ["Incorrect token audience"],
    severity: "high",
    meaning: "The token's audience is not one of the OIDC provider's client IDs (IRSA needs sts.amazonaws.com on both sides).",
    suggests: ["oidc_provider.audience_mismatch", "token.audience_mismatch"],
    examples: {
      match: [
        {
          line: "An error occurred (InvalidIdentityToken) when calling the AssumeRoleWithWebIdentity operation: Incorrect token audience",
          seenIn: "awslabs/amazon-eks-irsa-cfn#18 (AWS CLI)",
        },
        { line: "caused by: InvalidIdentityToken: Incorrect token audience" },
        {
          line: "software.amazon.awssdk.services.sts.model.InvalidIdentityTokenException: Incorrect token audience (Service: Sts, Status Code: 400, Request ID: 7b3e21c4-9a0d-4f1e-8c2b-6d5e4f3a2b1c)",
        },
      ],
      nearMiss: [`  "aud": ["sts.amazonaws.com"],`, "projected token audience: sts.amazonaws.com"],
    },
  },
  {
    id: "sts.thumbprint_mismatch",
    regex: String.raw`HTTPS certificate does(?:n't|n’t|n\\u0027t|n\\'t| not) match (?:the )?configured thumbprint`,
    prefilter: ["HTTPS certificate"],
    severity: "high",
    meaning: "The OIDC provider's thumbprint list no longer matches the issuer's certificate chain.",
    suggests: ["oidc_provider.thumbprint_mismatch"],
    decides: "oidc_provider.thumbprint_mismatch",
    examples: {
      match: [
        {
          line: "InvalidIdentityToken: OpenIDConnect provider's HTTPS certificate doesn't match configured thumbprint",
          seenIn: "terraform-aws-modules/terraform-aws-eks#2542",
        },
        {
          line: String.raw`{"error":"operation error STS: AssumeRoleWithWebIdentity, https response error StatusCode: 400, RequestID: 1f2e3d4c-5b6a-4789-8abc-def012345678, InvalidIdentityToken: OpenIDConnect provider\u0027s HTTPS certificate doesn\u0027t match configured thumbprint"}`,
        },
      ],
      nearMiss: [
        "Updated thumbprint list for the OpenIDConnect provider",
        "HTTPS certificate verified for oidc.eks.us-east-1.amazonaws.com",
      ],
    },
  },
  {
    id: "sts.idp_unreachable",
    regex: String.raw`Couldn(?:'|’|\\u0027|\\')?t retrieve verification key from your identity provider|IDPCommunicationError`,
    prefilter: ["retrieve verification key", "IDPCommunicationError"],
    severity: "high",
    meaning:
      "STS could not fetch the signing keys from the token's issuer: the issuer is not the one the IAM OIDC provider was made for (a recreated cluster), the provider's thumbprint or URL is off, or the issuer did not answer STS at that moment (an outage on AWS's side).",
    // Not the oidc_provider causes: their checks take any line pointing at them as STS naming them outright.
    suggests: ["trust_policy.issuer_mismatch"],
    examples: {
      match: [
        {
          line: "caused by: InvalidIdentityToken: Couldn't retrieve verification key from your identity provider,  please reference AssumeRoleWithWebIdentity documentation for requirements",
          seenIn: "aws/aws-sdk-php#1725 (message text)",
        },
        {
          line: "An error occurred (IDPCommunicationError) when calling the AssumeRoleWithWebIdentity operation: Couldn't retrieve verification key from your identity provider",
        },
      ],
      nearMiss: ["retrieved verification keys from https://oidc.eks.eu-west-1.amazonaws.com/id/0A1B/keys"],
    },
  },
  {
    id: "sts.invalid_identity_token",
    regex: String.raw`InvalidIdentityToken|IDPRejectedClaim`,
    prefilter: ["InvalidIdentityToken", "IDPRejectedClaim"],
    severity: "high",
    meaning:
      "STS rejected the pod's web identity token (bad signature, claims or issuer); when it comes and goes, the SDK is likely too old to re-read the rotated token.",
    suggests: ["trust_policy.subject_mismatch", "token.expired", "sdk.too_old"],
    // sts.idp_unreachable does not supersede it: "verification key" adds the issuer's side to the token's causes.
    supersededBy: ["sts.incorrect_token_audience", "sts.no_oidc_provider", "sts.thumbprint_mismatch"],
    examples: {
      match: [
        {
          line: "caused by: InvalidIdentityToken: Couldn't retrieve verification key from your identity provider,  please reference AssumeRoleWithWebIdentity documentation for requirements",
          seenIn: "aws/aws-sdk-php#1725 (message text)",
        },
        { line: "Aws::STS::Errors::InvalidIdentityToken: Missing a required claim: aud", seenIn: "aws/aws-sdk-ruby#2698" },
        {
          line: "Aws\\Exception\\CredentialsException: InvalidIdentityToken, retries exhausted",
          seenIn: "aws-sdk-php AssumeRoleWithWebIdentityCredentialProvider",
        },
        {
          line: "operation error STS: AssumeRoleWithWebIdentity, https response error StatusCode: 403, RequestID: 1a2b3c4d-0000-4000-8000-000000000000, IDPRejectedClaim: Token audience not allowed",
          seenIn: "STS API reference (IDPRejectedClaimException), Go v2 format",
        },
      ],
      nearMiss: [
        "AWS_WEB_IDENTITY_TOKEN_FILE=/var/run/secrets/eks.amazonaws.com/serviceaccount/token",
        "refreshed web identity token from /var/run/secrets/eks.amazonaws.com/serviceaccount/token",
      ],
    },
  },
  {
    id: "sts.invalid_role_arn",
    regex:
      String.raw`Request ARN is invalid|(?:Value '(?P<roleArn>[^']{0,300})' at )?'roleArn' failed to satisfy constraint` +
      // Client-side validation before any call: botocore's ParamValidationError, Go v1/v2's "validation error(s) found".
      String.raw`|Invalid (?:length|type) for parameter RoleArn|AssumeRoleWithWebIdentityInput\.RoleArn`,
    prefilter: [
      "Request ARN is invalid",
      "'roleArn' failed to satisfy constraint",
      "for parameter RoleArn",
      "AssumeRoleWithWebIdentityInput.RoleArn",
    ],
    severity: "high",
    meaning:
      "STS could not parse the role ARN the pod sent: the eks.amazonaws.com/role-arn annotation (AWS_ROLE_ARN) is malformed, e.g. extra colons, a missing account or an empty role name.",
    suggests: ["irsa_annotation.malformed_arn"],
    decides: "irsa_annotation.malformed_arn",
    examples: {
      match: [
        {
          line: "botocore.exceptions.ClientError: An error occurred (ValidationError) when calling the AssumeRoleWithWebIdentity operation: Request ARN is invalid",
        },
        { line: "caused by: ValidationError: Request ARN is invalid", seenIn: "crossplane-contrib/provider-aws#517 (Go v1)" },
        {
          line: "operation error STS: AssumeRoleWithWebIdentity, https response error StatusCode: 400, RequestID: a02e53a0-db50-464c-92bc-5011b14bd3cd, api error ValidationError: 1 validation error detected: Value 'arn:aws:iam::111122223333:role/' at 'roleArn' failed to satisfy constraint: Member must have length greater than or equal to 20",
          captures: { roleArn: "arn:aws:iam::111122223333:role/" },
          seenIn: "mmmorris1975/aws-runas#80 (Go v2 error format)",
        },
        {
          line: "Invalid length for parameter RoleArn, value: 0, valid min length: 20",
          seenIn: "botocore ParamValidationError (an empty AWS_ROLE_ARN)",
        },
        {
          line: "- minimum field size of 20, AssumeRoleWithWebIdentityInput.RoleArn.",
          seenIn: "aws-sdk-go / aws-sdk-go-v2 input validation (second line of the error)",
        },
      ],
      nearMiss: [
        "AWS_ROLE_ARN=arn:aws:iam::111122223333:role/orders-api",
        "eks.amazonaws.com/role-arn: arn:aws:iam::111122223333:role/orders-api",
        "- minimum field size of 2, AssumeRoleWithWebIdentityInput.RoleSessionName.",
      ],
    },
  },
  {
    id: "sts.exchange_answered_by_another_service",
    // STS answers AssumeRoleWithWebIdentity in its own XML; these are other services' answers to it: the
    // request went to an S3/DynamoDB/SQS endpoint (an endpoint override applied to every client) or a proxy.
    regex:
      String.raw`AssumeRoleWithWebIdentity, https response error StatusCode: 40[45],` +
      String.raw`|NoSuchVersion: The requested version \( ?2011-06-15 ?\) is not valid` +
      String.raw`|caused by: SerializationError: failed to unmarshal error message` +
      // Go v1's web identity provider whose STS answer did not parse (a cut or one-line paste keeps only the code).
      String.raw`|WebIdentityErr: failed to retrieve credentials[^\n]{0,40}?caused by: SerializationError\b|caused by: SerializationError\s*$` +
      // botocore's ClientError fills in "Unknown" for a code and a message the error body did not carry
      // (exceptions.py): STS's ErrorResponse always carries both, another service's <Error> body does not.
      String.raw`|\(Unknown\) when calling the AssumeRoleWithWebIdentity operation`,
    prefilter: [
      "AssumeRoleWithWebIdentity, https response error StatusCode: 40",
      "NoSuchVersion",
      "caused by: SerializationError",
      "(Unknown) when calling the AssumeRoleWithWebIdentity operation",
    ],
    severity: "medium",
    meaning:
      "The web identity call was answered by something that is not STS (an S3, DynamoDB or SQS endpoint set in the application's configuration and applied to the STS client too, or a proxy): the application's SDK setup sends its IRSA exchange to the wrong place.",
    suggests: ["sdk.too_old", "network.sts_unreachable"],
    examples: {
      match: [
        {
          line: "operation error STS: AssumeRoleWithWebIdentity, https response error StatusCode: 404,",
          seenIn: "aws-sdk-go-v2 error format (zotregistry/zot, DynamoDB endpoint override)",
        },
        {
          line: "failed to retrieve credentials, operation error STS: AssumeRoleWithWebIdentity, https response error StatusCode: 400, RequestID: <redacted>, api error NoSuchVersion: The requested version ( 2011-06-15 ) is not valid.",
          seenIn: "aws/aws-sdk-go-v2 (SQS endpoint override)",
        },
        {
          line: "caused by: SerializationError: failed to unmarshal error message",
          seenIn: "aws-sdk-go (Go v1) when the error body is not STS's XML",
        },
        {
          line: "failed to flush chunks: store put chunk: WebIdentityErr: failed to retrieve credentials caused by: SerializationError",
          seenIn: "aws-sdk-go stscreds.WebIdentityRoleProvider wrapping the unmarshal error, pasted on one line",
        },
        {
          line: "botocore.exceptions.ClientError: An error occurred (Unknown) when calling the AssumeRoleWithWebIdentity operation: Unknown",
          seenIn: "botocore exceptions.py ClientError (Code and Message default to 'Unknown' when the error body has none)",
        },
      ],
      nearMiss: [
        "operation error STS: AssumeRoleWithWebIdentity, https response error StatusCode: 403, RequestID: 1, api error AccessDenied: Not authorized to perform sts:AssumeRoleWithWebIdentity",
        "SerializationError: failed to decode REST XML response",
      ],
    },
  },
  {
    id: "sts.web_identity_exchange_failed",
    regex:
      // Go v1's wrapper (its cut form "WebIdentityErr: failed to retrieve" is left out: where a tool wraps the
      // line, the reason follows on the next ones and is recognised there); Go v2's operation error, also as
      // the wrapped rest of a line ("AssumeRoleWithWebIdentity, https response error ..." as Terraform prints it).
      String.raw`WebIdentityErr: failed to retrieve(?: credentials|\\n)|operation error STS: AssumeRoleWithWebIdentity|^[\s│|]*AssumeRoleWithWebIdentity, (?:exceeded maximum number of attempts, \d+, )?https response error` +
      String.raw`|Error (?:assuming role from|retrieving) web identity credentials|STS returned an error assuming web identity role` +
      // botocore's ClientError for any code of the call; PHP's command error (its XML body is often cut
      // "(truncated...)" before the code); Rust's operation error type in Debug output.
      String.raw`|when calling the AssumeRoleWithWebIdentity operation|Error executing \\?"AssumeRoleWithWebIdentity\\?"|AssumeRoleWithWebIdentityError\b` +
      // The AWS Common Runtime (aws-c-auth: Mountpoint for S3, CRT-based S3 clients): error name or its text.
      String.raw`|STS_WEB_IDENTITY_SOURCE_FAILURE|could not be sourced by the sts web identity provider` +
      // Its log lines (source/credentials_provider_sts_web_identity.c), which carry STS's status but not its message.
      String.raw`|STS_WEB_IDENTITY credentials provider (?:failed to query credentials|query received http status code [45]\d\d)` +
      // JavaScript v2's provider name in its wrapper; nginx-s3-gateway's njs implementation.
      String.raw`|Could not load credentials from TokenFileWebIdentityCredentials|Could not assume role using web identity` +
      // .NET prints the provider in the stack trace of whatever it threw ("at Amazon.Runtime.AssumeRoleWithWebIdentityCredentials.
      // GenerateNewCredentials()"); the exception itself is on the lines above.
      String.raw`|at Amazon\.Runtime\.AssumeRoleWithWebIdentityCredentials\.` +
      // Java's providers in a stack trace (v1 aws-java-sdk-core/-sts, v2 auth and sts modules): the exception
      // above them came out of the web identity exchange.
      String.raw`|at com\.amazonaws\.auth\.(?:STSAssumeRoleWithWebIdentitySessionCredentialsProvider|WebIdentityTokenCredentialsProvider)\.` +
      String.raw`|at software\.amazon\.awssdk\.(?:auth\.credentials\.WebIdentityTokenFileCredentialsProvider|services\.sts\.auth\.StsAssumeRoleWithWebIdentityCredentialsProvider)\.` +
      // Clients that call STS's query API themselves name the request URL: VictoriaMetrics' lib/awsapi (vmagent,
      // vmalert, vmauth) says "unexpected status code for \"https://sts...?Action=AssumeRoleWithWebIdentity&...\"".
      String.raw`|(?:unexpected|bad|unsuccessful|non-2\d\d) (?:status|response)[^\n]{0,40}?https?://sts[.-][^"\s]*[?&]Action=AssumeRoleWithWebIdentity`,
    prefilter: [
      "WebIdentityErr",
      "AssumeRoleWithWebIdentity",
      "web identity credentials",
      "STS returned an error assuming web identity role",
      "STS_WEB_IDENTITY_SOURCE_FAILURE",
      "STS_WEB_IDENTITY credentials provider",
      "sts web identity provider",
      "TokenFileWebIdentityCredentials",
      "Could not assume role using web identity",
      "at Amazon.Runtime.AssumeRoleWithWebIdentityCredentials.",
      "WebIdentityTokenCredentialsProvider.",
      "WebIdentityTokenFileCredentialsProvider.",
    ],
    severity: "medium",
    meaning:
      "The SDK's IRSA exchange with STS failed (Go, PHP, Rust, the CRT); the reason is on the same line or on the next ones ('caused by:', the previous exception).",
    // When the reason is cut off: STS's refusals are mostly the trust policy's; the call may also never have reached STS.
    suggests: ["trust_policy.subject_mismatch", "trust_policy.issuer_mismatch", "network.sts_unreachable"],
    supersededBy: [
      "network.proxy_error",
      "network.sts_unreachable",
      "permissions.access_denied",
      "permissions.chained_assume_role_denied",
      "permissions.iam_user_access_denied",
      // The exchange never reached STS: the client had no region to build its regional endpoint from.
      "sdk.region_missing",
      "sts.exchange_answered_by_another_service",
      "sts.expired_token",
      "sts.idp_unreachable",
      "sts.incorrect_token_audience",
      "sts.invalid_client_token",
      "sts.invalid_identity_token",
      "sts.invalid_role_arn",
      "sts.no_oidc_provider",
      "sts.thumbprint_mismatch",
      "sts.web_identity_access_denied",
      "sts.web_identity_token_expired",
      "token.file_unreadable",
      "token.read_failed",
      "token.web_identity_path_empty",
    ],
    examples: {
      match: [
        {
          line: String.raw`{"level":"warn","caller":"VictoriaMetrics/app/vmagent/remotewrite/client.go:321","msg":"cannot sign remoteWrite request with AWS sigv4: cannot obtain new EC2 API credentials: unexpected status code for \"https://sts.us-east-1.amazonaws.com/?Action=AssumeRoleWithWebIdentity&Version=2011-06-15&RoleArn=arn:aws:iam::111122223333:role/metrics&RoleSessionName=vmagent-ec2-discovery\";`,
          seenIn: "VictoriaMetrics lib/awsapi/config.go (its own STS query client), line cut in the source",
        },
        {
          line: '2021/02/24 18:21:12 ??? There was a problem monitoring for events error="WebIdentityErr: failed to retrieve credentials',
          seenIn: "aws/aws-node-termination-handler#373 (first line of a multi-line Go v1 error)",
        },
        {
          line: "E0416 12:40:46.016106       1 healthcheck.go:38] Controller health check failed: [ec2.DescribeTagsWithContext]: WebIdentityErr: failed to retrieve credentials",
        },
        {
          line: "failed to refresh cached credentials, failed to retrieve credentials, operation error STS: AssumeRoleWithWebIdentity, https response error StatusCode: 503, RequestID: 4c1d2e3f-0a9b-4c8d-7e6f-5a4b3c2d1e0f, api error ServiceUnavailable: Service is unavailable",
        },
        {
          line: String.raw`"originalError":{"message":"Could not load credentials from TokenFileWebIdentityCredentials","code":"CredentialsError"`,
          seenIn: "aws-sdk-js (JavaScript v2) credential provider chain",
        },
        {
          line: "2023/05/24 02:38:30 [info] 79#79: *1 js: Could not assume role using web identity: {}",
          seenIn: "nginx/nginx-s3-gateway (njs)",
        },
        {
          line: "AWS_AUTH_CREDENTIALS_PROVIDER_STS_WEB_IDENTITY_SOURCE_FAILURE(6160): Valid credentials could not be sourced by the sts web identity provider",
          seenIn: "awslabs/aws-c-auth auth.c error table (CRT)",
        },
        {
          line: "[ERROR] [2024-03-01T10:00:00Z] [00007f] [AuthCredentialsProvider] - (id=0x55d0c8a0) STS_WEB_IDENTITY credentials provider query received http status code 403",
          seenIn: "awslabs/aws-c-auth source/credentials_provider_sts_web_identity.c (CRT log line)",
        },
        {
          line: String.raw`WARN aws_config::web_identity_token: STS returned an error assuming web identity role error=service error: unhandled error (ServiceUnavailable)`,
          seenIn: "smithy-rs aws-config web_identity_token.rs (Rust tracing line)",
        },
        {
          line: "PHP Fatal error:  Uncaught Aws\\Exception\\CredentialsException: Error assuming role from web identity credentials in /app/vendor/aws/aws-sdk-php/src/Credentials/AssumeRoleWithWebIdentityCredentialProvider.php:148",
          seenIn: "aws-sdk-php AssumeRoleWithWebIdentityCredentialProvider",
        },
        {
          line: "   at Amazon.Runtime.AssumeRoleWithWebIdentityCredentials.FetchCredentials()",
          seenIn: "aws-sdk-net Amazon.Runtime.AssumeRoleWithWebIdentityCredentials (a .NET stack frame)",
        },
        {
          line: "│ AssumeRoleWithWebIdentity, https response error StatusCode: 403, RequestID:",
          seenIn: "hashicorp/terraform diagnostics wrapping a Go v2 operation error",
        },
        {
          line: "botocore.exceptions.ClientError: An error occurred (RegionDisabledException) when calling the AssumeRoleWithWebIdentity operation: STS is not activated in this region for account:111122223333. Your account administrator can activate STS in this region using the IAM Console.",
          seenIn: "botocore ClientError format (any STS code; RegionDisabledException from the STS API reference)",
        },
        {
          line: `Aws\\Sts\\Exception\\StsException: Error executing "AssumeRoleWithWebIdentity" on "https://sts.eu-west-1.amazonaws.com"; AWS HTTP error: Client error: \`POST https://sts.eu-west-1.amazonaws.com\` resulted in a \`403 Forbidden\` response: <ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"> <Error> <Type>Sender</Type> <Code>AccessDenied</Code> <Messa (truncated...)`,
          seenIn: "aws-sdk-php WrappedHttpHandler (Guzzle truncates the body)",
        },
        {
          line: 'Err(ServiceError(ServiceError { source: AssumeRoleWithWebIdentityError { kind: Unhandled(Unhandled { source: Error { code: Some("ServiceUnavailable") } }) } }))',
          seenIn: "aws-sdk-sts (Rust) operation error type, Debug form",
        },
        {
          line: "\tat com.amazonaws.auth.STSAssumeRoleWithWebIdentitySessionCredentialsProvider.getCredentials(STSAssumeRoleWithWebIdentitySessionCredentialsProvider.java:116)",
          seenIn: "aws-java-sdk-sts (Java v1 stack frame)",
        },
        {
          line: "\tat software.amazon.awssdk.auth.credentials.WebIdentityTokenFileCredentialsProvider.resolveCredentials(WebIdentityTokenFileCredentialsProvider.java:147)",
          seenIn: "aws-sdk-java-v2 auth module (stack frame)",
        },
      ],
      nearMiss: [
        "operation error STS: GetCallerIdentity, https response error StatusCode: 403",
        "WebIdentityCredentials: retrieved credentials for role orders-api",
        "Resolved AWS credentials from Amazon.Runtime.AssumeRoleWithWebIdentityCredentials",
        "INFO Using com.amazonaws.auth.WebIdentityTokenCredentialsProvider for s3a://lake",
        // .NET's wrapper: its inner exception ("--->", on the next line of a paste) says why, and is recognised there.
        "Unhandled exception. Amazon.Runtime.AmazonClientException: Error calling AssumeRole for role arn:aws:iam::111122223333:role/orders-api",
        "DEBUG Calling AssumeRoleWithWebIdentity for role arn:aws:iam::111122223333:role/orders-api",
      ],
    },
  },
];
