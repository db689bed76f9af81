// The net under the library: an AWS error code that says a call was refused or its credentials rejected, on a
// line no other pattern explains. It names no cause (the words alone do not say which hop failed); it exists so
// that such a line is not silently ignored, above all by the "healthy" verdict, which needs every credential
// error in the pod's logs explained (issue 11: a pod whose AccessDenied nobody recognised was called healthy).

import type { LogPattern } from "../types.js";

export const unexplainedPatterns: LogPattern[] = [
  {
    id: "aws.unexplained_error",
    // The codes AWS services answer for a refused call or unusable credentials, as the SDKs print them
    // (Go "Code: message", botocore "(Code)", Java "ErrorCode: Code", JSON "Code":"..."): whole words only.
    regex: String.raw`\b(?P<code>AccessDenied(?:Exception)?|UnauthorizedOperation|UnauthorizedAccess|InvalidClientTokenId|UnrecognizedClientException|InvalidAccessKeyId|SignatureDoesNotMatch|ExpiredToken(?:Exception)?|InvalidToken|AuthFailure)\b`,
    prefilter: [
      "AccessDenied",
      "UnauthorizedOperation",
      "UnauthorizedAccess",
      "InvalidClientTokenId",
      "UnrecognizedClientException",
      "InvalidAccessKeyId",
      "SignatureDoesNotMatch",
      "ExpiredToken",
      "InvalidToken",
      "AuthFailure",
    ],
    severity: "high",
    lastResort: true,
    meaning:
      "An AWS call was refused or its credentials rejected, in words no more specific pattern recognises: which hop failed is not said, so the pod is not shown to work.",
    suggests: [],
    examples: {
      match: [
        {
          line: "error using generator: unable to get authorization token: AccessDenied: Cannot call GetSessionToken with session credentials",
          captures: { code: "AccessDenied" },
          seenIn: "external-secrets/external-secrets#4679 (Go v1 awserr, the STSSessionToken generator)",
        },
        {
          line: "│ AccessDenied: User:",
          captures: { code: "AccessDenied" },
          seenIn: "Terraform's error box cutting an STS AssumeRole refusal across lines (mattrobinsonsre/terrapod#1546)",
        },
        {
          line: "An error occurred (UnrecognizedClientException) when calling the ListTables operation: The security token included in the request is invalid.",
          captures: { code: "UnrecognizedClientException" },
        },
      ],
      nearMiss: [
        'level=info msg="retrying after AccessDeniedCount reset"',
        'Forbidden: pods is forbidden: User "system:serviceaccount:ci:runner" cannot list resource "pods"',
        "metric aws_sdk_accessdenied_total 0",
      ],
    },
  },
  {
    id: "aws.unexplained_no_credentials",
    // A library's own words for "the credential chain gave nothing" when it prints no SDK error code: an
    // application that builds its own chain (BoundaryML/baml#2849: "credentials not found", with IRSA in place),
    // wrappers that flatten the SDK's error. Only a failure verb or "not found" next to "credentials" counts;
    // chain-step debug lines name their provider ("environment variable credentials") and stay out, as do other
    // systems' credentials ("registry credentials unavailable": a consequence, not the AWS chain).
    regex: String.raw`(?:(?:^|[:>|\]-]\s*|\baws )credentials? (?:were |was |are |is |have )?(?:not found|not available|unavailable|missing|not (?:been )?(?:configured|set up)|could not be (?:found|loaded|resolved|retrieved))\b|(?:no|missing) (?:valid |usable |aws )?credentials(?: (?:found|available|provided|configured)\b|\s*(?:[.:;,!"')\]}]|$))|(?:unable|failed|could not|couldn't|cannot|can't) (?:to )?(?:find|load|locate|resolve|retrieve|get|obtain|fetch) (?:any |valid |usable |the |aws )*credentials\b|\bbad aws credentials\b|\baws credentials (?:are |is )?required\b|(?:failed|unable|could not|couldn't|cannot) (?:to )?assume (?:the )?(?:iam )?role\b|'NoneType' object has no attribute '(?:get_frozen_credentials|access_key|secret_key)')`,
    ignoreCase: true,
    // botocore's Session.get_credentials() returns None when its chain found nothing: code that goes on to read
    // the credentials fails on None ("'NoneType' object has no attribute 'get_frozen_credentials'").
    prefilter: ["credential", "assume", "nonetype"],
    severity: "high",
    lastResort: true,
    meaning:
      "The application says it has no AWS credentials, or could not assume a role, in words no more specific pattern recognises: which provider of its chain failed, and why, is not said, so the pod is not shown to work.",
    suggests: [],
    examples: {
      match: [
        {
          line: "BamlClientError: aws-bedrock client ExtractorSonnet: failed to build request: credentials not found",
          captures: {},
          seenIn: "BoundaryML/baml#2849 (an application's own DefaultCredentialsChain built without a region)",
        },
        { line: "ERROR storage: could not load AWS credentials, giving up", captures: {} },
        { line: "upload failed: no valid credentials found", captures: {} },
        { line: "Error: AWS credentials are not configured", captures: {} },
        {
          line: "AttributeError: 'NoneType' object has no attribute 'get_frozen_credentials'",
          captures: {},
          seenIn: "botocore Session.get_credentials() returning None (no provider of its chain found credentials)",
        },
        {
          line: 'Error: failed to get config: invalid configuration: extension "sigv4auth" has invalid configuration: bad AWS credentials',
          captures: {},
          seenIn: "opentelemetry-collector-contrib sigv4authextension (errBadCredentials: the default chain retrieved nothing)",
        },
        {
          line: "NodeApiError: Failed to assume role: System AWS credentials are required for role assumption. Please ensure AWS credentials are available via environment variables, instance metadata, or container role.",
          captures: {},
          seenIn: "n8n-io/n8n#23584 (n8n's own assume-role credential: its system-credentials lookup found nothing)",
        },
        { line: "ERROR backup: unable to assume role arn:aws:iam::111122223333:role/backup: request canceled", captures: {} },
      ],
      nearMiss: [
        "Unable to find environment variable credentials, trying the next provider",
        'level=info msg="public bucket: no credentials needed"',
        "loaded credentials from web identity token file",
        "2025/10/07 08:31:44 Injector not ready: registry credentials unavailable",
        "Docker Hub credentials are required to pull private images",
        "registry credentials not configured for ghcr.io, pulling anonymously",
        "AttributeError: 'NoneType' object has no attribute 'get'",
      ],
    },
  },
];
