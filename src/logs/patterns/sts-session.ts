// STS and service answers about expired or unknown credentials: a projected token STS calls expired,
// temporary credentials the SDK failed to refresh, and keys AWS does not recognise. Intermittent, they are
// the signature of an SDK too old to re-read the rotated token.

import type { LogPattern } from "../types.js";
import { CREDENTIALS_REJECTED, REQUEST_UNSIGNED, SESSION_EXPIRED } from "../families.js";

export const stsSessionPatterns: LogPattern[] = [
  {
    id: "sts.web_identity_token_expired",
    regex: String.raw`Token expired: current date/time (?P<now>\d+) must be before the expiration date/time ?(?P<expiry>\d+)|web identity token that was passed is expired`,
    prefilter: ["Token expired: current date/time", "web identity token that was passed is expired"],
    severity: "high",
    meaning:
      "STS received a projected service-account token that had already expired: the SDK kept an old token instead of re-reading the file, or the token file is not being refreshed.",
    suggests: ["token.expired", "sdk.too_old", "token.not_mounted_or_unreadable"],
    decides: "token.expired",
    examples: {
      match: [
        {
          line: "botocore.errorfactory.ExpiredTokenException: An error occurred (ExpiredTokenException) when calling the AssumeRoleWithWebIdentity operation: Token expired: current date/time 1624482533 must be before the expiration date/time1624482335",
          captures: { now: "1624482533", expiry: "1624482335" },
          seenIn: "awslabs/aws-orbit-workbench#707 (Python)",
        },
        {
          line: "s.a.a.s.s.m.ExpiredTokenException: Token expired: current date/time 1731098245 must be before the expiration date/time 1731095240 (Service: Sts, Status Code: 400, Request ID: 22679931-6a1d-4db3-abd0-a189de181809)",
          captures: { now: "1731098245", expiry: "1731095240" },
          seenIn: "aws/aws-sdk-java-v2#5709 (Java v2)",
        },
        {
          line: "caused by: ExpiredTokenException: Token expired: current date/time 1700003600 must be before the expiration date/time 1700000000",
        },
      ],
      nearMiss: [
        String.raw`{"level":"info","msg":"Removing credentials from cache, got non recoverable error: error getting credentials to cache: unable to fetch credentials from EKS Auth: operation error EKS Auth: AssumeRoleForPodIdentity, https response error StatusCode: 400, RequestID: 3c5a77b1-e68d-44fe-8b54-4a6c9bbcb057, ExpiredTokenException: The token included in the request is expired: current date/time 2025-07-06T07:02:09.314833331Z must be before the expiration date/time 2025-07-06T04:16:18Z."}`,
        "token expires in 86400s; next refresh at 80% of its lifetime",
      ],
    },
  },
  {
    id: "sts.expired_token",
    regex: String.raw`ExpiredToken(?:Exception)?\b|security token included in the request is expired`,
    prefilter: ["ExpiredToken", "security token included in the request is expired"],
    severity: "high",
    meaning:
      "AWS rejected a request signed with expired temporary credentials: the SDK did not refresh them (too old to refresh IRSA credentials, or the application caches a client's credentials).",
    suggests: SESSION_EXPIRED,
    supersededBy: ["sts.web_identity_token_expired", "pod_identity_agent.cache_expired_token"],
    examples: {
      match: [
        {
          line: "ExpiredTokenException: The security token included in the request is expired    at deserializeAws_json1_0UpdateItemCommandError (/app/node_modules/@aws-sdk/client-dynamodb/dist-cjs/protocols/Aws_json1_0.js:4014:41)",
          seenIn: "aws/aws-sdk-js-v3#3052 (JavaScript v3)",
        },
        { line: "ExpiredToken: The security token included in the request is expired", seenIn: "Go v1" },
        {
          line: "botocore.exceptions.ClientError: An error occurred (ExpiredToken) when calling the ListBuckets operation: The security token included in the request is expired",
        },
        {
          line: "com.amazonaws.services.s3.model.AmazonS3Exception: The provided token has expired. (Service: Amazon S3; Status Code: 400; Error Code: ExpiredToken; Request ID: 9F3C2B1A0E8D7C6B; S3 Extended Request ID: abc=; Proxy: null)",
        },
      ],
      nearMiss: ["credentials will expire at 2026-11-28T11:00:00Z; refreshing in 50m", "handled ExpiredTokenError from the session cache"],
    },
  },
  {
    id: "sts.unsigned_request",
    // S3 words its refusal of an unsigned request "Anonymous users cannot initiate multipart uploads. Please
    // authenticate." (its user guide, multipart upload permissions; the same for other operations it does not
    // serve anonymously).
    // Amazon OpenSearch Service's access policy names an unsigned caller "anonymous" ("User: anonymous is not
    // authorized to perform: es:ESHttpPost"): a client that does not sign its requests with SigV4.
    regex: String.raw`MissingAuthenticationToken|Missing Authentication Token|Anonymous users cannot \w+|User: anonymous is not authorized to perform`,
    prefilter: [
      "MissingAuthenticationToken",
      "Missing Authentication Token",
      "Anonymous users cannot",
      "User: anonymous is not authorized",
    ],
    severity: "medium",
    meaning:
      "AWS received a request with no signature at all: the client had no credentials and sent the call anonymously (a tool or SDK setup that never picked up IRSA or Pod Identity), or the call went to an endpoint that is not the service's (an endpoint override also applied to STS).",
    suggests: REQUEST_UNSIGNED,
    examples: {
      match: [
        {
          line: String.raw`{"message":"User: anonymous is not authorized to perform: es:ESHttpPost because no resource-based policy allows the es:ESHttpPost action"}`,
          seenIn: "Amazon OpenSearch Service domain access policy (an unsigned request)",
        },
        { line: "MissingAuthenticationToken: Request is missing Authentication Token", seenIn: "AWS Query-protocol services' error code" },
        {
          line: "StreamAggregatedResources gRPC config stream to appmesh-envoy-management.us-west-2.amazonaws.com:443 closed: 16, Missing Authentication Token",
          seenIn: "App Mesh Envoy sidecar",
        },
        {
          line: "An error occurred (AccessDenied) when calling the CreateMultipartUpload operation: Anonymous users cannot initiate multipart uploads.  Please authenticate.",
          seenIn: "awsdocs/amazon-s3-userguide#91 (S3's answer to an unsigned request)",
        },
      ],
      nearMiss: ["Authentication token refreshed", "missing authentication token cache entry for default/orders"],
    },
  },
  {
    id: "sts.invalid_client_token",
    regex:
      String.raw`InvalidClientTokenId|UnrecognizedClientException|security token included in the request is invalid|InvalidAccessKeyId|AWS Access Key Id you provided does not exist in our records` +
      // EC2's wording (AuthFailure) for the same unknown key, and the signature AWS cannot verify: a known
      // key with the wrong secret, which only static keys produce (SDK-issued session credentials come whole).
      String.raw`|AWS was not able to validate the provided access credentials|SignatureDoesNotMatch|request signature we calculated does not match`,
    prefilter: [
      "InvalidClientTokenId",
      "UnrecognizedClientException",
      "security token included in the request is invalid",
      "InvalidAccessKeyId",
      "AWS Access Key Id you provided",
      "AWS was not able to validate the provided access credentials",
      "SignatureDoesNotMatch",
      "request signature we calculated does not match",
    ],
    severity: "medium",
    meaning:
      "Requests were signed with an access key AWS does not know: usually static keys (environment variables or a mounted credentials file) that the SDK's chain prefers over IRSA or Pod Identity, or a tool too old to look for the web identity settings at all.",
    suggests: CREDENTIALS_REJECTED,
    examples: {
      match: [
        {
          line: "An error occurred (InvalidClientTokenId) when calling the GetCallerIdentity operation: The security token included in the request is invalid.",
        },
        { line: "UnrecognizedClientException: The security token included in the request is invalid." },
        {
          line: "An error occurred (InvalidAccessKeyId) when calling the ListObjectsV2 operation: The AWS Access Key Id you provided does not exist in our records.",
          seenIn: "S3's wording (botocore)",
        },
        {
          line: String.raw`AuthFailure: AWS was not able to validate the provided access credentials\n\tstatus code: 401, request id: 5f1c2d3e`,
          seenIn: "EC2 API error reference (AuthFailure), Go v1 format",
        },
        {
          line: "SignatureDoesNotMatch: The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.",
          seenIn: "S3/STS error reference (SignatureDoesNotMatch)",
        },
      ],
      nearMiss: ["ExpiredToken: The security token included in the request is expired"],
    },
  },
];
