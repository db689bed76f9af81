// The projected service-account token file: the SDKs read it for every IRSA exchange (and the Pod Identity
// path reads its own token). A missing or unreadable file shows as the runtime's own file error.

import type { LogPattern } from "../types.js";

// The IRSA token (…/eks.amazonaws.com/serviceaccount/token) and the Pod Identity one (…/eks-pod-identity-token).
// The kube-apiserver token (kubernetes.io/serviceaccount/token) is a different file and deliberately excluded.
const TOKEN_PATH = String.raw`/[\w.@/-]*(?:eks\.amazonaws\.com/serviceaccount/token|eks-pod-identity-token)`;
const FILE_ERROR_BEFORE = [
  String.raw`unabled? to read file at`, // Go v1 (sic) and Go v2
  String.raw`no such file or directory`, // Python, Ruby, Node
  String.raw`permission denied`,
  String.raw`enoent`,
  String.raw`eacces`,
  String.raw`nosuchfileexception`, // Java NIO
  String.raw`accessdeniedexception`,
  String.raw`token file not found`,
  // .NET's System.IO: "Could not find file '<path>'", "Access to the path '<path>' is denied.", and
  // DirectoryNotFoundException's "Could not find a part of the path '<path>'".
  String.raw`could not find (?:file|a part of the path)`,
  String.raw`access to the path`,
  // A tool's own words around the read: "error reading <path>", "failed to read token file <path>",
  // "cannot read web identity token file <path>".
  String.raw`(?:error|failed|unable|cannot|can't|could not|couldn't) (?:to )?read(?:ing)?(?: the)?(?: web identity| service account| projected)?(?: token)?(?: file)?`,
].join("|");

export const tokenPatterns: LogPattern[] = [
  {
    id: "token.file_unreadable",
    ignoreCase: true,
    regex:
      String.raw`(?:${FILE_ERROR_BEFORE})[^/\n]{0,80}(?P<path>${TOKEN_PATH})` +
      // Java's java.io "<path> (No such file or directory)", and "<path> does not exist" / "not found".
      String.raw`|(?P<path_2>${TOKEN_PATH})'?\.?:? \(?(?:no such file or directory|permission denied|is a directory|access is denied|does not exist|not found)` +
      // Java names the file in its own words, whatever the path.
      String.raw`|unable to (?:locate specified web identity token file|read web identity token from file):? (?P<path_3>/[^\s'"]+)`,
    prefilter: ["eks.amazonaws.com/serviceaccount/token", "eks-pod-identity-token", "web identity token"],
    severity: "high",
    meaning:
      "The SDK could not read the projected service-account token file: the volume is not mounted where the environment says, or the container's user may not read it.",
    suggests: ["token.not_mounted_or_unreadable"],
    decides: "token.not_mounted_or_unreadable",
    examples: {
      match: [
        {
          line: "WebIdentityErr: unabled to read file at /var/run/secrets/eks.amazonaws.com/serviceaccount/token",
          captures: { path: "/var/run/secrets/eks.amazonaws.com/serviceaccount/token" },
          seenIn: "aws-sdk-go aws/credentials/stscreds/web_identity_provider.go (Go v1; the typo is the SDK's)",
        },
        {
          line: "caused by: open /var/run/secrets/eks.amazonaws.com/serviceaccount/token: no such file or directory",
          captures: { path: "/var/run/secrets/eks.amazonaws.com/serviceaccount/token" },
        },
        {
          line: "failed to refresh cached credentials, failed to retrieve jwt from provide source, unable to read file at /var/run/secrets/eks.amazonaws.com/serviceaccount/token: open /var/run/secrets/eks.amazonaws.com/serviceaccount/token: permission denied",
          captures: { path: "/var/run/secrets/eks.amazonaws.com/serviceaccount/token" },
          seenIn: "aws-sdk-go-v2 credentials/stscreds/web_identity_provider.go (Go v2)",
        },
        {
          line: "FileNotFoundError: [Errno 2] No such file or directory: '/var/run/secrets/eks.amazonaws.com/serviceaccount/token'",
          captures: { path: "/var/run/secrets/eks.amazonaws.com/serviceaccount/token" },
        },
        {
          line: "PermissionError: [Errno 13] Permission denied: '/var/run/secrets/eks.amazonaws.com/serviceaccount/token'",
          captures: { path: "/var/run/secrets/eks.amazonaws.com/serviceaccount/token" },
        },
        {
          line: "com.amazonaws.SdkClientException: Unable to locate specified web identity token file: /var/run/secrets/eks.amazonaws.com/serviceaccount/token",
          captures: { path: "/var/run/secrets/eks.amazonaws.com/serviceaccount/token" },
          seenIn: "aws-sdk-java WebIdentityTokenCredentialsProvider (Java v1)",
        },
        {
          line: "software.amazon.awssdk.core.exception.SdkClientException: Unable to locate specified web identity token file: /etc/irsa/token",
          captures: { path: "/etc/irsa/token" },
          seenIn: "aws-sdk-java-v2 WebIdentityTokenCredentialsProvider (Java v2, custom path)",
        },
        {
          line: "Error: ENOENT: no such file or directory, open '/var/run/secrets/eks.amazonaws.com/serviceaccount/token'",
          captures: { path: "/var/run/secrets/eks.amazonaws.com/serviceaccount/token" },
        },
        {
          line: "Errno::ENOENT: No such file or directory @ rb_sysopen - /var/run/secrets/eks.amazonaws.com/serviceaccount/token",
          captures: { path: "/var/run/secrets/eks.amazonaws.com/serviceaccount/token" },
        },
        {
          line: "System.IO.FileNotFoundException: Could not find file '/var/run/secrets/eks.amazonaws.com/serviceaccount/token'.",
          captures: { path: "/var/run/secrets/eks.amazonaws.com/serviceaccount/token" },
          seenIn: ".NET System.IO (the SDK's web identity provider reads the file with File.ReadAllText)",
        },
        {
          line: "System.UnauthorizedAccessException: Access to the path '/var/run/secrets/eks.amazonaws.com/serviceaccount/token' is denied.",
          captures: { path: "/var/run/secrets/eks.amazonaws.com/serviceaccount/token" },
        },
        {
          line: "java.io.FileNotFoundException: /var/run/secrets/eks.amazonaws.com/serviceaccount/token (No such file or directory)",
          captures: { path: "/var/run/secrets/eks.amazonaws.com/serviceaccount/token" },
          seenIn: "java.io (an application or an older provider reading the file with FileInputStream)",
        },
        {
          line: "Error reading web identity token file /var/run/secrets/eks.amazonaws.com/serviceaccount/token",
          captures: { path: "/var/run/secrets/eks.amazonaws.com/serviceaccount/token" },
        },
        {
          line: "open /var/run/secrets/pods.eks.amazonaws.com/serviceaccount/eks-pod-identity-token: no such file or directory",
          captures: { path: "/var/run/secrets/pods.eks.amazonaws.com/serviceaccount/eks-pod-identity-token" },
        },
      ],
      nearMiss: [
        "AWS_WEB_IDENTITY_TOKEN_FILE=/var/run/secrets/eks.amazonaws.com/serviceaccount/token",
        String.raw`[aws/client] using web identity credentials at "/var/run/secrets/eks.amazonaws.com/serviceaccount/token"`,
        "open /var/run/secrets/kubernetes.io/serviceaccount/token: no such file or directory",
        "reading web identity token from /var/run/secrets/eks.amazonaws.com/serviceaccount/token",
      ],
    },
  },
  {
    id: "token.read_failed",
    ignoreCase: true,
    // The SDKs' own words for "could not read the token file", which often come without the path or the OS
    // error (cut, or on a line of their own): the web identity token (IRSA) and the container authorization
    // token (Pod Identity's AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE).
    regex:
      String.raw`Error reading WebIdentityTokenFile from` + // PHP
      String.raw`|Missing :web_identity_token_file parameter or invalid file path` + // Ruby
      String.raw`|an error occurred while loading credentials: (?:No such file or directory|Permission denied) \(os error` + // Rust: only the web identity provider reads a file as a provider error
      String.raw`|failed to read authorization token from` + // Go v1/v2 endpoint provider, PHP, Fluent Bit
      String.raw`|AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE is set but the file doesn(?:.|\\u0027)t exist` + // Ruby
      String.raw`|resolve auth token: ` + // Go v2 endpointcreds
      String.raw`|ECS credentials provider failed to read token from the path`, // aws-c-auth (CRT: Mountpoint for S3)
    prefilter: [
      "Error reading WebIdentityTokenFile",
      "web_identity_token_file",
      "an error occurred while loading credentials: ",
      "failed to read authorization token from",
      "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE is set",
      "resolve auth token",
      "ECS credentials provider failed to read token",
    ],
    severity: "high",
    meaning:
      "The SDK could not read the projected service-account token it was pointed to (the IRSA web identity token or Pod Identity's authorization token): the volume is not mounted where the environment says, or the container's user may not read it.",
    suggests: ["token.not_mounted_or_unreadable"],
    decides: "token.not_mounted_or_unreadable",
    supersededBy: ["token.file_unreadable", "token.web_identity_path_empty"],
    examples: {
      match: [
        {
          line: "Aws\\Exception\\CredentialsException: Error reading WebIdentityTokenFile from /var/run/secrets/eks.amazonaws.com/serviceaccount/token",
          seenIn: "aws-sdk-php AssumeRoleWithWebIdentityCredentialProvider",
        },
        {
          line: "Aws::Errors::MissingWebIdentityTokenFile: Missing :web_identity_token_file parameter or invalid file path provided for Aws::AssumeRoleWebIdentityCredentials provider",
          seenIn: "aws-sdk-core errors.rb (Ruby)",
        },
        {
          line: "an error occurred while loading credentials: No such file or directory (os error 2)",
          seenIn: "smithy-rs aws-config web_identity_token.rs load_credentials (Rust)",
        },
        {
          line: "failed to refresh cached credentials, failed to load credentials, resolve auth token: failed to read authorization token from /var/run/secrets/pods.eks.amazonaws.com/serviceaccount/eks-pod-identity-token",
          seenIn: "aws-sdk-go-v2 credentials/endpointcreds (Go v2)",
        },
        {
          line: "ArgumentError: AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE is set but the file doesn't exist: /var/run/secrets/pods.eks.amazonaws.com/serviceaccount/eks-pod-identity-token",
          seenIn: "aws-sdk-core ecs_credentials.rb (Ruby)",
        },
        {
          line: "Aws\\Exception\\CredentialsException: Failed to read authorization token from '/var/run/secrets/pods.eks.amazonaws.com/serviceaccount/eks-pod-identity-token': no such file or directory.",
          seenIn: "aws-sdk-php EcsCredentialProvider",
        },
        {
          line: "[ERROR] [2024-03-01T10:00:00Z] [00007f] [AuthCredentialsProvider] - (id=0x55d0c8a0) ECS credentials provider failed to read token from the path: /var/run/secrets/pods.eks.amazonaws.com/serviceaccount/eks-pod-identity-token with error: 44",
          seenIn: "awslabs/aws-c-auth source/credentials_provider_ecs.c (CRT log line)",
        },
      ],
      nearMiss: [
        "an error occurred while loading credentials: service error",
        "read web identity token from /var/run/secrets/eks.amazonaws.com/serviceaccount/token",
        "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE=/var/run/secrets/pods.eks.amazonaws.com/serviceaccount/eks-pod-identity-token",
      ],
    },
  },
  {
    id: "token.web_identity_unread",
    ignoreCase: true,
    // The Go SDKs' wrapper around the token file read (stscreds web_identity_provider.go, v1 and v2). Which
    // read failed is in what follows: a path (the file is missing or not readable, token.file_unreadable) or
    // an empty one (the provider was forced without the IRSA environment, token.web_identity_path_empty).
    // Go v1's awserr prints its cause on the next line ("caused by: ..."), recognised there: the wrapper
    // counts only with its cause on the same line (a JSON-escaped "\n"), which then supersedes it when known.
    regex: String.raw`failed fetching WebIdentity token: ?\S|failed to retrieve jwt from provide source`,
    prefilter: ["failed fetching WebIdentity token", "failed to retrieve jwt"],
    severity: "medium",
    meaning:
      "The Go SDK could not read the web identity token: the file it was pointed to is missing or unreadable, or it was pointed to none (the IRSA environment is not in the container while the application forces the web identity provider).",
    suggests: [
      "token.not_mounted_or_unreadable",
      "webhook.not_injecting",
      "irsa_annotation.missing",
      "irsa_annotation.pod_predates_annotation",
      "sdk.too_old",
    ],
    supersededBy: ["token.file_unreadable", "token.read_failed", "token.web_identity_path_empty"],
    examples: {
      match: [
        {
          line: String.raw`{"error":"failed to describe DBParameterGroup: WebIdentityErr: failed fetching WebIdentity token: \ncaused by: WebIdentityErr: unable to read file at /var/run/secrets/eks.amazonaws.com/serviceaccount/token\ncaused by: open /var/run/secrets/eks.amazonaws.com/serviceaccount/token: no such file or directory"}`,
          seenIn: "aws-sdk-go aws/credentials/stscreds/web_identity_provider.go (Go v1) inside a JSON log line",
        },
        {
          line: "get identity: get credentials: failed to refresh cached credentials, failed to retrieve jwt from provide source",
          seenIn: "aws-sdk-go-v2 credentials/stscreds/web_identity_provider.go (Go v2, cut after the wrapper)",
        },
      ],
      nearMiss: [
        "fetched WebIdentity token from /var/run/secrets/eks.amazonaws.com/serviceaccount/token",
        // Go v1's multi-line form: the cause is the next line's.
        "WebIdentityErr: failed fetching WebIdentity token: ",
      ],
    },
  },
  {
    id: "token.volume_mount_failed",
    // The event as kubectl prints it, or inside a JSON string (event exporters, log shippers): \" quotes.
    // Any projected volume whose service-account token the kubelet could not fetch (kubernetes
    // pkg/volume/projected/projected.go wraps the TokenRequest error as "failed to fetch token: ..."): a
    // token volume the pod spec names itself fails the same way as the webhook's or the agent's.
    regex:
      String.raw`MountVolume\.SetUp failed for volume \\*"(?P<volume>aws-iam-token|eks-pod-identity-token)\\*"` +
      String.raw`|MountVolume\.SetUp failed for volume \\*"(?P<volume_2>[\w.-]+)\\*" : failed to fetch token`,
    prefilter: ["MountVolume.SetUp failed for volume"],
    severity: "high",
    meaning:
      "The kubelet could not mount the projected service-account token IRSA or Pod Identity reads (the API server refused the token request, or the audience/expiry is not allowed): the pod has no token file.",
    suggests: ["token.not_mounted_or_unreadable"],
    decides: "token.not_mounted_or_unreadable",
    examples: {
      match: [
        {
          line: `MountVolume.SetUp failed for volume "aws-iam-token" : failed to fetch token: the server could not find the requested resource`,
          captures: { volume: "aws-iam-token" },
          seenIn: "kubelet FailedMount event (kubectl describe pod)",
        },
        {
          line: `Warning  FailedMount  12s (x7 over 44s)  kubelet  MountVolume.SetUp failed for volume "eks-pod-identity-token" : failed to fetch token: serviceaccounts "orders" is forbidden: audience "pods.eks.amazonaws.com" not found in pod service account`,
          captures: { volume: "eks-pod-identity-token" },
        },
        {
          line: String.raw`{"reason":"FailedMount","message":"MountVolume.SetUp failed for volume \"aws-iam-token\" : failed to fetch token: pod \"orders-5d8f\" not found","type":"Warning"}`,
          captures: { volume: "aws-iam-token" },
          seenIn: "a Kubernetes event as an event exporter logs it (JSON)",
        },
      ],
      nearMiss: [
        `MountVolume.SetUp failed for volume "secrets-store-inline" : rpc error: code = Unknown desc = failed to mount secrets store objects`,
        `MountVolume.SetUp succeeded for volume "aws-iam-token"`,
      ],
    },
  },
  {
    id: "token.web_identity_path_empty",
    regex: String.raw`web identity token file[^\n]{0,40}?: open ?(?:$|: no such file)|unable to read file at ?(?:$|: |\\n)`,
    ignoreCase: true,
    prefilter: ["web identity token file", "unable to read file at"],
    severity: "medium",
    meaning:
      "The SDK tried to read the web identity token from an empty path: AWS_WEB_IDENTITY_TOKEN_FILE is unset or empty in the container, so the IRSA environment was not (fully) injected.",
    // Default chains try web identity only when AWS_WEB_IDENTITY_TOKEN_FILE is set: an empty path means the
    // application forces that provider, so a pod on Pod Identity whose application cannot use it fits too.
    suggests: [
      "webhook.not_injecting",
      "irsa_annotation.missing",
      "irsa_annotation.pod_predates_annotation",
      "token.not_mounted_or_unreadable",
      "sdk.too_old",
    ],
    examples: {
      match: [
        {
          line: "message: 'connect failed: unable to read web identity token file in pod: open",
          seenIn: 'crossplane-contrib/provider-aws (the error wraps os.Open("") across two lines)',
        },
        { line: "failed to retrieve credentials, unable to read file at : open : no such file or directory" },
        {
          line: String.raw`failed to describe DBParameterGroup: WebIdentityErr: failed fetching WebIdentity token: \ncaused by: WebIdentityErr: unable to read file at \ncaused by: open : no such file or directory`,
          seenIn: "crossplane-contrib/provider-aws#2127 (Go v1, forced web identity without AWS_WEB_IDENTITY_TOKEN_FILE), newlines escaped",
        },
      ],
      nearMiss: [
        "unable to read web identity token file in pod: open /var/run/secrets/eks.amazonaws.com/serviceaccount/token: permission denied",
        "unable to read file at /var/run/secrets/eks.amazonaws.com/serviceaccount/token",
      ],
    },
  },
];
