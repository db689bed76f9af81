// "No credentials anywhere": each SDK's message when its whole default chain came up empty. In a pod meant
// to use IRSA or Pod Identity it means the chain never saw their settings (no injected environment, a pod
// started before the annotation or association, or an SDK too old to look for them).

import type { LogPattern } from "../types.js";
import { ENDPOINT_UNREACHABLE, JS_V2_CHAIN_EMPTY, NO_CREDENTIALS } from "../families.js";

// A provider of the chain was configured and failed, and the record says why (the chain's own summary lists
// each provider's error: Go v1's "caused by:" with CredentialsChainVerboseErrors, Java v1/v2's
// "... from any of the providers in the chain ...: [Provider(): reason, ...]", JS v2's originalError, .NET's
// inner exception). Then the pod's settings were there and the reason is what failed: the chain's "found no
// credentials" candidates (no annotation, no association, no injection) are superseded by it.
export const A_CONFIGURED_PROVIDER_FAILED = [
  "network.sts_unreachable",
  "pod_identity.agent_connection_refused",
  "pod_identity.agent_timeout",
  "pod_identity.association_not_found",
  "pod_identity.association_rejected",
  "pod_identity.association_trust_invalid",
  "pod_identity.container_metadata_failed",
  "pod_identity.container_provider_failed",
  "pod_identity.eks_auth_trust_denied",
  "sdk.container_host_rejected",
  "sdk.java_sts_module_missing",
  "sdk.web_identity_provider_class_missing",
  "sts.exchange_answered_by_another_service",
  "sts.idp_unreachable",
  "sts.incorrect_token_audience",
  "sts.invalid_identity_token",
  "sts.invalid_role_arn",
  "sts.no_oidc_provider",
  "sts.thumbprint_mismatch",
  "sts.web_identity_access_denied",
  "sts.web_identity_exchange_failed",
  "sts.web_identity_token_expired",
  "token.file_unreadable",
  "token.read_failed",
  "token.web_identity_path_empty",
] as const;

/** What every "the whole chain came up empty" message means, unless the record says which provider failed and why. */
const CHAIN_CAME_UP_EMPTY = { suggests: NO_CREDENTIALS, supersededBy: A_CONFIGURED_PROVIDER_FAILED } as const;
// The SDKs' own chain messages are also how the credential path knows which SDK (and so which documented
// chain) a container runs (src/diagnosis/credential-path/attribution.ts): a superseded line would take that
// with it, so they are not superseded, and their family still sits beside a reason on their record. Keeping
// a superseded line for what it identifies, without its candidates, needs a flag on the log match.
const SDK_CHAIN_CAME_UP_EMPTY = { suggests: NO_CREDENTIALS } as const;

const MEANING =
  "The SDK's default credential chain found no credentials: the pod's environment carried no IRSA or Pod Identity settings the SDK recognised.";

export const credsPatterns: LogPattern[] = [
  {
    id: "creds.web_identity_env_missing",
    regex:
      String.raw`Either the environment variable (?P<envVar>AWS_WEB_IDENTITY_TOKEN_FILE|AWS_ROLE_ARN) or the java ?property|WebIdentityTokenCredentialsProvider(?:\(\))?: You must specify a value for roleArn` +
      // Rust (aws-config web_identity_token.rs), Go v2 (config/resolve_credentials.go assumeWebIdentity), PHP.
      String.raw`|(?P<envVar_2>AWS_ROLE_ARN) environment variable must be set|(?:token file path|role ARN) is not set` +
      String.raw`|Missing required 'AssumeRoleWithWebIdentityCredentialProvider' configuration option` +
      // JavaScript v3 fromTokenFile (credential-provider-web-identity), when either variable is unset.
      String.raw`|Web identity configuration not specified` +
      // Tools that read the IRSA variables themselves and say so (external-secrets' Vault AWS auth:
      // "expected env variable: AWS_WEB_IDENTITY_TOKEN_FILE not found on controller's pod").
      String.raw`|(?P<envVar_3>AWS_WEB_IDENTITY_TOKEN_FILE|AWS_ROLE_ARN)(?: (?:env(?:ironment)? )?variable)? (?:not found|is not set|not set)`,
    prefilter: [
      "Either the environment variable AWS_",
      "You must specify a value for roleArn",
      "AWS_ROLE_ARN environment variable must be set",
      "token file path is not set",
      "role ARN is not set",
      "Missing required 'AssumeRoleWithWebIdentityCredentialProvider'",
      "Web identity configuration not specified",
      "AWS_WEB_IDENTITY_TOKEN_FILE not found",
      "AWS_WEB_IDENTITY_TOKEN_FILE is not set",
      "AWS_WEB_IDENTITY_TOKEN_FILE not set",
      "AWS_ROLE_ARN not found",
      "AWS_ROLE_ARN is not set",
      "AWS_ROLE_ARN not set",
      "variable not found",
      "variable is not set",
      "variable not set",
    ],
    severity: "medium",
    meaning:
      "The SDK's web identity provider found only part of the IRSA environment (AWS_WEB_IDENTITY_TOKEN_FILE / AWS_ROLE_ARN missing): the IRSA environment was not (fully) injected into the container (irrelevant when the pod uses Pod Identity).",
    // The three are one read of the service account and the pod; the fourth is an emitter that reads only the
    // IRSA variables in a pod given Pod Identity (its address is there, the variables it looks for are not).
    suggests: ["webhook.not_injecting", "irsa_annotation.missing", "irsa_annotation.pod_predates_annotation", "sdk.too_old"],
    examples: {
      match: [
        {
          line: "software.amazon.awssdk.core.exception.SdkClientException: Unable to load credentials from any of the providers in the chain AwsCredentialsProviderChain(credentialsProviders=[SystemPropertyCredentialsProvider(), EnvironmentVariableCredentialsProvider(), WebIdentityTokenCredentialsProvider(), ProfileCredentialsProvider(), ContainerCredentialsProvider(), InstanceProfileCredentialsProvider()]) : [SystemPropertyCredentialsProvider(): Unable to load credentials from system settings. Access key must be specified either via environment variable (AWS_ACCESS_KEY_ID) or system property (aws.accessKeyId)., EnvironmentVariableCredentialsProvider(): Unable to load credentials from system settings. Access key must be specified either via environment variable (AWS_ACCESS_KEY_ID) or system property (aws.accessKeyId)., WebIdentityTokenCredentialsProvider(): Either the environment variable AWS_WEB_IDENTITY_TOKEN_FILE or the javaproperty aws.webIdentityTokenFile must be set., ProfileCredentialsProvider(): Profile file contained no credentials for profile 'default': ProfileFile(profiles=[]), ContainerCredentialsProvider(): Cannot fetch credentials from container - neither AWS_CONTAINER_CREDENTIALS_FULL_URI or AWS_CONTAINER_CREDENTIALS_RELATIVE_URI environment variables are set., InstanceProfileCredentialsProvider(): Failed to load credentials from IMDS.]",
          captures: { envVar: "AWS_WEB_IDENTITY_TOKEN_FILE" },
          seenIn: "Java v2 chain message (aws-sdk-java-v2 AwsCredentialsProviderChain)",
        },
        {
          line: "[2021-02-04 10:47:21,660] DEBUG Unable to load credentials from WebIdentityTokenCredentialsProvider: You must specify a value for roleArn and roleSessionName (com.amazonaws.auth.AWSCredentialsProviderChain)",
          seenIn: "Java v1 debug log",
        },
        {
          line: 'Err(CredentialsNotLoaded(CredentialsNotLoaded { source: "AWS_ROLE_ARN environment variable must be set" }))',
          captures: { envVar: "AWS_ROLE_ARN" },
          seenIn: "smithy-rs aws-config web_identity_token.rs (Rust)",
        },
        {
          line: "operation error: failed to load configuration: role ARN is not set",
          seenIn: "aws-sdk-go-v2 config/resolve_credentials.go assumeWebIdentity (Go v2)",
        },
        {
          line: "PHP Fatal error:  Uncaught InvalidArgumentException: Missing required 'AssumeRoleWithWebIdentityCredentialProvider' configuration option: 'RoleArn'.",
          seenIn: "aws-sdk-php AssumeRoleWithWebIdentityCredentialProvider",
        },
        {
          line: "CredentialsProviderError: Web identity configuration not specified",
          seenIn: "aws-sdk-js-v3 packages/credential-provider-web-identity/src/fromTokenFile.ts",
        },
        {
          line: "cluster-secret-store  expected env variable: AWS_WEB_IDENTITY_TOKEN_FILE not found on controller's pod",
          captures: { envVar: "AWS_WEB_IDENTITY_TOKEN_FILE" },
          seenIn: "external-secrets Vault provider, AWS IAM auth",
        },
      ],
      nearMiss: [
        "ValidationException: You must specify a value for roleArn and roleSessionName",
        "AWS_ROLE_ARN environment variable set to arn:aws:iam::111122223333:role/orders-api",
        "AWS_WEB_IDENTITY_TOKEN_FILE=/var/run/secrets/eks.amazonaws.com/serviceaccount/token",
      ],
    },
  },
  {
    id: "creds.env_keys_only",
    // aws-sdk-go's environment provider (aws/credentials/env_provider.go, ErrAccessKeyIDNotFound): alone, a
    // client built with credentials.NewEnvCredentials() and nothing else, which never tries the pod's identity;
    // as a step of a verbose NoCredentialProviders list it says no more than the list.
    // Its other refusal, ErrSecretAccessKeyNotFound, when the key id is set and the secret is not.
    regex:
      String.raw`EnvAccessKeyNotFound: (?:[\w_]+ or )?AWS_ACCESS_KEY_ID or AWS_ACCESS_KEY not found in environment` +
      String.raw`|EnvSecretNotFound: AWS_SECRET_ACCESS_KEY or AWS_SECRET_KEY not found in environment`,
    prefilter: ["EnvAccessKeyNotFound", "EnvSecretNotFound"],
    severity: "medium",
    meaning:
      "The Go client reads credentials from AWS_ACCESS_KEY_ID only (an environment-only provider), so it never uses the pod's IRSA or Pod Identity settings: the application's credential setup expects static keys.",
    suggests: ["sdk.too_old", "credential_chain.static_keys"],
    supersededBy: ["creds.go_no_valid_providers", ...A_CONFIGURED_PROVIDER_FAILED],
    examples: {
      match: [
        {
          line: "unable to get addresses: EnvAccessKeyNotFound: AWS_ACCESS_KEY_ID or AWS_ACCESS_KEY not found in environment",
          seenIn: "aws-sdk-go aws/credentials/env_provider.go (an application building its client with NewEnvCredentials)",
        },
      ],
      nearMiss: ["AWS_ACCESS_KEY_ID not found in environment, trying the next provider", "EnvAccessKeyNotFound"],
    },
  },
  {
    id: "creds.go_no_valid_providers",
    // aws-sdk-go's ErrNoValidProvidersFoundInChain: its code with the start of its message says it, also where
    // a paste wraps the message ("no valid providers" / "in chain. Deprecated.").
    regex: String.raw`NoCredentialProviders: no valid providers\b`,
    prefilter: ["NoCredentialProviders"],
    severity: "medium",
    meaning: MEANING,
    ...SDK_CHAIN_CAME_UP_EMPTY,
    examples: {
      match: [
        { line: "NoCredentialProviders: no valid providers in chain. Deprecated.", seenIn: "Go v1" },
        {
          line: String.raw`time="2024-03-15T08:14:40Z" level=error msg="unable to list buckets" error="NoCredentialProviders: no valid providers in chain. Deprecated.\n\tFor verbose messaging see aws.Config.CredentialsChainVerboseErrors"`,
        },
      ],
      nearMiss: ["credential providers in chain: [EnvProvider SharedCredentialsProvider EC2RoleProvider]"],
    },
  },
  {
    id: "creds.python_unable_to_locate",
    // The exception's class name is enough where its message is cut.
    regex: String.raw`Unable to locate credentials(?:$|[^ \w]| You can configure)|botocore\.exceptions\.NoCredentialsError\b`,
    prefilter: ["Unable to locate credentials", "NoCredentialsError"],
    severity: "medium",
    meaning: MEANING,
    ...SDK_CHAIN_CAME_UP_EMPTY,
    examples: {
      match: [
        { line: "botocore.exceptions.NoCredentialsError: Unable to locate credentials", seenIn: "Python (botocore / boto3)" },
        { line: `Unable to locate credentials. You can configure credentials by running "aws configure".`, seenIn: "AWS CLI" },
        { line: `{"levelname": "ERROR", "message": "upload failed: Unable to locate credentials", "name": "app.storage"}` },
      ],
      nearMiss: ["Unable to locate credentials file at /root/.aws/credentials, skipping"],
    },
  },
  {
    id: "creds.js_v3_no_providers",
    regex: String.raw`Could not load credentials from any providers`,
    prefilter: ["Could not load credentials from any providers"],
    severity: "medium",
    meaning: MEANING,
    ...SDK_CHAIN_CAME_UP_EMPTY,
    examples: {
      match: [
        { line: "CredentialsProviderError: Could not load credentials from any providers", seenIn: "JavaScript v3" },
        { line: "    ProviderError: Could not load credentials from any providers" },
      ],
      nearMiss: ["loaded credentials from provider fromTokenFile"],
    },
  },
  {
    id: "creds.js_v2_missing_credentials",
    regex: String.raw`Missing credentials in config`,
    prefilter: ["Missing credentials in config"],
    severity: "medium",
    meaning: MEANING,
    // Its chain hides a failed web identity exchange behind the same words (src/logs/families.ts).
    suggests: JS_V2_CHAIN_EMPTY,
    examples: {
      match: [
        {
          line: "CredentialsError: Missing credentials in config, if using AWS_CONFIG_FILE, set AWS_SDK_LOAD_CONFIG=1",
          seenIn: "external-secrets/kubernetes-external-secrets#287 (JavaScript v2)",
        },
      ],
      nearMiss: ["Missing region in config"],
    },
  },
  {
    id: "creds.java_v1_no_provider",
    regex: String.raw`Unable to load AWS credentials from any provider in the chain`,
    prefilter: ["Unable to load AWS credentials from any provider in the chain"],
    severity: "medium",
    meaning: MEANING,
    ...SDK_CHAIN_CAME_UP_EMPTY,
    examples: {
      match: [
        {
          line: "com.amazonaws.SdkClientException: Unable to load AWS credentials from any provider in the chain: [EnvironmentVariableCredentialsProvider: Unable to load AWS credentials from environment variables (AWS_ACCESS_KEY_ID (or AWS_ACCESS_KEY) and AWS_SECRET_KEY (or AWS_SECRET_ACCESS_KEY)), SystemPropertiesCredentialsProvider: Unable to load AWS credentials from Java system properties (aws.accessKeyId and aws.secretKey), com.amazonaws.auth.profile.ProfileCredentialsProvider@74caeea6: profile file cannot be null, com.amazonaws.auth.EC2ContainerCredentialsProviderWrapper@540d67f2: Failed to connect to service endpoint: ]",
          seenIn: "Java v1 (Kafka Connect S3 sink log)",
        },
      ],
      nearMiss: ["Loading AWS credentials from the default provider chain"],
    },
  },
  {
    id: "creds.java_v2_no_provider",
    regex: String.raw`Unable to load credentials from any of the providers in the chain`,
    prefilter: ["Unable to load credentials from any of the providers in the chain"],
    severity: "medium",
    meaning: MEANING,
    ...SDK_CHAIN_CAME_UP_EMPTY,
    examples: {
      match: [
        {
          line: "software.amazon.awssdk.core.exception.SdkClientException: Unable to load credentials from any of the providers in the chain AwsCredentialsProviderChain(credentialsProviders=[SystemPropertyCredentialsProvider(), EnvironmentVariableCredentialsProvider(), ProfileCredentialsProvider(), ContainerCredentialsProvider(), InstanceProfileCredentialsProvider()]) : [InstanceProfileCredentialsProvider(): Failed to load credentials from IMDS.]",
        },
      ],
      nearMiss: ["Resolved credentials from provider WebIdentityTokenCredentialsProvider()"],
    },
  },
  {
    id: "creds.ruby_missing_credentials",
    regex: String.raw`MissingCredentialsError|unable to sign request without credentials set`,
    prefilter: ["MissingCredentialsError", "unable to sign request without credentials set"],
    severity: "medium",
    meaning: MEANING,
    ...SDK_CHAIN_CAME_UP_EMPTY,
    examples: {
      match: [
        { line: "Aws::Errors::MissingCredentialsError: unable to sign request without credentials set", seenIn: "Ruby (aws-sdk-core)" },
        {
          line: "Aws::Sigv4::Errors::MissingCredentialsError: missing credentials, provide credentials with one of the following options:",
        },
      ],
      nearMiss: ["Aws::STS::Errors::AccessDenied: Not authorized"],
    },
  },
  {
    id: "creds.dotnet_unresolved",
    regex: String.raw`Failed to resolve AWS credentials|Unable to find credentials`,
    prefilter: ["Failed to resolve AWS credentials", "Unable to find credentials"],
    severity: "medium",
    meaning: MEANING,
    ...SDK_CHAIN_CAME_UP_EMPTY,
    examples: {
      match: [
        {
          line: "Amazon.Runtime.AmazonClientException: Failed to resolve AWS credentials. The credential providers used to search for credentials returned the following errors:",
          seenIn: "aws-sdk-net FallbackCredentialsFactory (.NET)",
        },
        { line: "Unhandled exception. Amazon.Runtime.AmazonServiceException: Unable to find credentials" },
      ],
      nearMiss: ["Resolved AWS credentials from AssumeRoleWithWebIdentityCredentials"],
    },
  },
  {
    id: "creds.rust_no_providers",
    // aws-credential-types CredentialsError's Display, and aws-config's chain ("no credentials found in chain. Attempted: ...").
    regex: String.raw`no providers in chain provided credentials|no credentials found in chain|CredentialsNotLoaded|the credential provider was not enabled`,
    prefilter: [
      "no providers in chain provided credentials",
      "no credentials found in chain",
      "CredentialsNotLoaded",
      "the credential provider was not enabled",
    ],
    severity: "medium",
    meaning: MEANING,
    ...CHAIN_CAME_UP_EMPTY,
    examples: {
      match: [
        {
          line: `Error: failed to construct request: CredentialsNotLoaded(CredentialsNotLoaded { source: "no providers in chain provided credentials" })`,
          seenIn: "awslabs/aws-sdk-rust (aws-config's default chain)",
        },
        {
          line: "failed to construct request: the credential provider was not enabled: no credentials found in chain. Attempted: Environment: environment variable not set, WebIdentityToken: $AWS_WEB_IDENTITY_TOKEN_FILE was not set, EcsContainer: ECS provider not configured",
          seenIn: "smithy-rs aws-config meta/credentials/chain.rs (Rust)",
        },
      ],
      nearMiss: ["loaded credentials from the web identity token provider"],
    },
  },
  {
    id: "creds.shared_credentials_unreadable",
    // Go v1's shared-credentials provider (aws/credentials/shared_credentials_provider.go): alone, a client
    // pointed at a credentials file (Velero's plugin, Loki and Thanos configs) that is missing or lacks the
    // profile; inside a verbose NoCredentialProviders list, just one empty step of the chain.
    regex:
      String.raw`SharedCredsLoad: failed to load (?:shared credentials file|profile)|SharedCredsAccessKey: shared credentials` +
      // PHP's ini provider (src/Credentials/CredentialProvider.php), used when an application names it.
      String.raw`|Cannot read credentials from /|'[\w.-]{1,64}' not found in credentials file`,
    prefilter: ["SharedCredsLoad", "SharedCredsAccessKey", "Cannot read credentials from", "not found in credentials file"],
    severity: "medium",
    meaning:
      "The Go SDK could not read the shared credentials file or profile it was pointed at: a credentials file the configuration expects (a mounted Secret, AWS_SHARED_CREDENTIALS_FILE) is missing, or the chain found no file on its way to IRSA or the node.",
    suggests: [
      "credential_chain.static_keys",
      "irsa_annotation.missing",
      "pod_identity.association_missing",
      "irsa_annotation.pod_predates_annotation",
      "sdk.too_old",
    ],
    // A step of Go v1's verbose chain list says no more than the list (and less than a configured provider's reason).
    supersededBy: ["creds.go_no_valid_providers", ...A_CONFIGURED_PROVIDER_FAILED],
    examples: {
      match: [
        {
          line: String.raw`rpc error: code = Unknown desc = SharedCredsLoad: failed to load shared credentials file\ncaused by: FileNotExistError: open /credentials/cloud: no such file or directory`,
          seenIn: "aws-sdk-go aws/credentials/shared_credentials_provider.go (velero-plugin-for-aws with a credentials file)",
        },
        { line: "SharedCredsLoad: failed to load profile, default.", seenIn: "aws-sdk-go, a step of a verbose chain error" },
        {
          line: "Aws\\Exception\\CredentialsException: Cannot read credentials from /var/www/.aws/credentials",
          seenIn: "aws-sdk-php CredentialProvider::ini",
        },
      ],
      nearMiss: ["loaded shared credentials from /credentials/cloud", "AWS_SHARED_CREDENTIALS_FILE=/credentials/cloud"],
    },
  },
  {
    id: "creds.profile_not_found",
    // A profile named by AWS_PROFILE (or a mounted config) that does not exist stops the chain before the web
    // identity or container provider is tried. Not Java v2's "Profile file contained no credentials", which
    // its chain lists harmlessly on the way.
    regex:
      String.raw`The config profile \([^)
]{1,80}\) could not be found` + // botocore ProfileNotFound
      String.raw`|failed to get shared config profile,` + // Go v2
      String.raw`|SharedConfigProfileNotExistError|NoSuchProfileError`, // Go v1/v2, Ruby
    prefilter: ["could not be found", "failed to get shared config profile", "SharedConfigProfileNotExistError", "NoSuchProfileError"],
    severity: "medium",
    meaning:
      "The SDK was told to use a named profile (AWS_PROFILE, or a mounted config file) that does not exist, and stopped there: a profile setting in the container shadows IRSA and Pod Identity, which the chain never reaches.",
    suggests: ["credential_chain.static_keys"],
    decides: "credential_chain.static_keys",
    examples: {
      match: [
        {
          line: "botocore.exceptions.ProfileNotFound: The config profile (prod) could not be found",
          seenIn: "boto/botocore exceptions.py",
        },
        { line: "failed to load configuration: failed to get shared config profile, prod", seenIn: "aws-sdk-go-v2 config/resolve.go" },
        { line: "Aws::Errors::NoSuchProfileError: Profile `prod' not found in /root/.aws/credentials", seenIn: "aws-sdk-core (Ruby)" },
      ],
      nearMiss: [
        "ProfileCredentialsProvider(): Profile file contained no credentials for profile 'default': ProfileFile(profiles=[])",
        "The requested resource could not be found",
      ],
    },
  },
  {
    id: "creds.rust_provider_error",
    // aws-credential-types' CredentialsError::ProviderError: a provider that was configured failed (the web
    // identity exchange with STS, or the container endpoint Pod Identity selects); its source follows.
    regex: String.raw`an error occurred while loading credentials|ProviderError\(ProviderError \{`,
    prefilter: ["an error occurred while loading credentials", "ProviderError(ProviderError {"],
    severity: "medium",
    meaning:
      "The Rust SDK's configured credential provider failed (its web identity exchange with STS, or the Pod Identity agent's endpoint); the reason follows on the line or in its source chain.",
    suggests: [
      "trust_policy.subject_mismatch",
      "network.sts_unreachable",
      "pod_identity.agent_unreachable",
      "pod_identity.association_missing",
    ],
    // The source chain's reason says which hop of the configured provider failed, as for the chains above.
    supersededBy: [...A_CONFIGURED_PROVIDER_FAILED, "imds.credentials_unavailable", "sts.expired_token"],
    examples: {
      match: [
        {
          line: "failed to construct request: failed to load credentials from the credentials cache: an error occurred while loading credentials: dispatch failure: io error",
          seenIn: "smithy-rs aws-credential-types provider/error.rs (Rust)",
        },
        { line: "Err(ProviderError(ProviderError { source: DispatchFailure(DispatchFailure { source: ConnectorError { kind: Io } }) }))" },
      ],
      nearMiss: ["loaded credentials from the credentials cache"],
    },
  },
  {
    id: "creds.rust_provider_timed_out",
    regex: String.raw`credentials provider timed out after (?:\d+(?:\.\d+)?|[\d.]+\w*) seconds|ProviderTimedOut`,
    prefilter: ["credentials provider timed out after", "ProviderTimedOut"],
    severity: "medium",
    meaning:
      "The Rust SDK's credential chain ran out of time (5 s by default): a provider hung, usually the node's instance metadata service the chain falls through to when no IRSA or Pod Identity settings were found, or an STS call that got no answer.",
    suggests: ENDPOINT_UNREACHABLE,
    examples: {
      match: [
        {
          line: "dispatch failure: other: credentials provider timed out after 5 seconds (ProviderTimedOut(ProviderTimedOut { timeout_duration: 5s }))",
          seenIn: "smithy-rs aws-credential-types provider/error.rs (Rust)",
        },
      ],
      nearMiss: ["access token provider timed out after 5 seconds", "loaded credentials in 0.4 seconds"],
    },
  },
  {
    id: "creds.crt_no_credentials",
    // aws-c-auth's error names and texts (auth.c), which CRT-based clients print as they are.
    regex:
      String.raw`AWS_AUTH_SIGNING_NO_CREDENTIALS|Attempt to sign an http request without credentials` +
      String.raw`|AWS_AUTH_CREDENTIALS_PROVIDER_(?:IMDS|ECS)_SOURCE_FAILURE|Valid credentials could not be sourced by the (?:IMDS|ECS) provider` +
      String.raw`|No signing credentials (?:found|available)` +
      // The default chain's own log line (source/credentials_provider_default_chain.c).
      String.raw`|Default chain credentials provider failed to source credentials`,
    prefilter: [
      "AWS_AUTH_",
      "without credentials",
      "Valid credentials could not be sourced",
      "No signing credentials",
      "Default chain credentials provider failed",
    ],
    severity: "medium",
    meaning:
      "The AWS Common Runtime's credential chain (Mountpoint for S3, CRT-based S3 clients) ended on the instance metadata service or the container endpoint without credentials: the pod's IRSA or Pod Identity settings were absent or not usable.",
    ...CHAIN_CAME_UP_EMPTY,
    examples: {
      match: [
        {
          line: "aws-c-auth: AWS_AUTH_SIGNING_NO_CREDENTIALS, Attempt to sign an http request without credentials",
          seenIn: "awslabs/aws-c-auth auth.c (CRT)",
        },
        {
          line: "AWS_AUTH_CREDENTIALS_PROVIDER_IMDS_SOURCE_FAILURE: Valid credentials could not be sourced by the IMDS provider",
          seenIn: "awslabs/aws-c-auth auth.c (CRT)",
        },
        { line: "    2: No signing credentials found", seenIn: "awslabs/mountpoint-s3 (its S3 client error chain)" },
        {
          line: "[ERROR] [2024-03-01T10:00:00Z] [00007f] [AuthCredentialsProvider] - (id=0x55d0c8a0) Default chain credentials provider failed to source credentials with error 6153(aws-c-auth: AWS_AUTH_CREDENTIALS_PROVIDER_IMDS_SOURCE_FAILURE)",
          seenIn: "awslabs/aws-c-auth source/credentials_provider_default_chain.c (CRT log line)",
        },
      ],
      nearMiss: ["signing credentials found in environment", "AWS_AUTH_SIGNING_UNSUPPORTED_ALGORITHM"],
    },
  },
  {
    id: "creds.hadoop_s3a_no_credentials",
    regex: String.raw`No AWS Credentials provided by [A-Za-z]`,
    prefilter: ["No AWS Credentials provided by"],
    severity: "medium",
    meaning:
      "Hadoop's S3A connector (Spark, Flink, Hive, Trino) tried its configured credential providers and none gave credentials: the list (fs.s3a.aws.credentials.provider) lacks the web identity provider, or the pod's IRSA / Pod Identity settings are missing.",
    ...CHAIN_CAME_UP_EMPTY,
    examples: {
      match: [
        {
          line: "org.apache.hadoop.fs.s3a.auth.NoAuthWithAWSException: No AWS Credentials provided by TemporaryAWSCredentialsProvider SimpleAWSCredentialsProvider EnvironmentVariableCredentialsProvider IAMInstanceCredentialsProvider : com.amazonaws.SdkClientException: Unable to load AWS credentials from environment variables",
          seenIn: "apache/hadoop S3AUtils / AWSCredentialProviderList",
        },
      ],
      nearMiss: ["fs.s3a.aws.credentials.provider=com.amazonaws.auth.WebIdentityTokenCredentialsProvider"],
    },
  },
  {
    id: "creds.envoy_no_credentials",
    // Envoy's own AWS credential providers (source/extensions/common/aws/credentials_provider_impl.cc): the
    // App Mesh sidecar, Envoy's aws_request_signing filter.
    regex: String.raw`Could not load AWS credentials document from (?:the task role|the instance role|STS)`,
    prefilter: ["Could not load AWS credentials document from"],
    severity: "medium",
    meaning:
      "Envoy's own AWS credential chain (not an AWS SDK) got no credentials: from the container endpoint (it may treat Pod Identity's variables as an ECS task role it cannot use), from STS (the web identity exchange), or from the instance role.",
    ...CHAIN_CAME_UP_EMPTY,
    examples: {
      match: [
        {
          line: "[2024-06-26 16:00:34.205][21][error][aws] [source/extensions/common/aws/credentials_provider_impl.cc:302] Could not load AWS credentials document from the task role",
          seenIn: "aws/aws-app-mesh-roadmap (Envoy sidecar with Pod Identity)",
        },
        {
          line: "[2023-10-13 11:54:40.216][20][error][aws] [source/extensions/common/aws/credentials_provider_impl.cc:279] Could not load AWS credentials document from STS",
        },
      ],
      nearMiss: ["Loaded AWS credentials document from the task role"],
    },
  },
  {
    id: "creds.terraform_no_sources",
    // aws-sdk-go-base, which the Terraform AWS provider and S3 backend share: "for X found" (v1) and "found" (v2,
    // provider 4.x+ and OpenTofu), the Go v2 chain's own error on the lines after it.
    regex: String.raw`[Nn]o valid credential sources (?:for (?:Terraform AWS Provider|S3 Backend|[\w -]{1,40}) )?found`,
    prefilter: ["no valid credential sources", "No valid credential sources"],
    severity: "medium",
    meaning: MEANING,
    ...CHAIN_CAME_UP_EMPTY,
    examples: {
      match: [
        {
          line: "Error: configuring Terraform AWS Provider: no valid credential sources for Terraform AWS Provider found.",
          seenIn: "hashicorp/terraform-provider-aws (Terraform run in a pod)",
        },
        { line: "Error: error configuring S3 Backend: no valid credential sources for S3 Backend found." },
        {
          line: "│ Error: No valid credential sources found",
          seenIn: "hashicorp/aws-sdk-go-base v2 (Terraform AWS provider 4.x and later)",
        },
      ],
      nearMiss: ["Terraform AWS Provider: using credential source WebIdentity"],
    },
  },
  {
    id: "creds.fluent_bit_no_credentials",
    regex: String.raw`Provider returned no credentials|\[aws_credentials\] (?:STS assume role request failed|Failed to retrieve credentials for (?:EKS|ECS|EC2|STS))`,
    prefilter: ["Provider returned no credentials", "[aws_credentials]"],
    severity: "medium",
    meaning:
      "Fluent Bit's own AWS credential chain (not an AWS SDK) ended without credentials: its web identity (STS) step failed or was never configured.",
    ...CHAIN_CAME_UP_EMPTY,
    examples: {
      match: [
        {
          line: "[2020/10/21 14:08:12] [error] [signv4] Provider returned no credentials, service=es",
          seenIn: "aws/aws-for-fluent-bit (Fluent Bit 1.6 es output)",
        },
        { line: "[2020/10/21 14:08:12] [error] [aws_credentials] STS assume role request failed" },
      ],
      nearMiss: ["[2020/10/21 14:08:12] [ info] [aws_credentials] Initialized EKS Provider in standard chain"],
    },
  },
  {
    id: "creds.kotlin_no_credentials",
    // smithy-kotlin's CredentialsProviderChain (aws-sdk-kotlin's default chain): "No credentials could be
    // loaded from the chain: CredentialsProviderChain -> EnvironmentCredentialsProvider -> ... ->
    // StsWebIdentityProvider -> EcsCredentialsProvider -> ImdsCredentialsProvider".
    regex: String.raw`No credentials could be loaded from the chain`,
    prefilter: ["No credentials could be loaded from the chain"],
    severity: "medium",
    meaning: MEANING,
    ...CHAIN_CAME_UP_EMPTY,
    examples: {
      match: [
        {
          line: "aws.smithy.kotlin.runtime.auth.awscredentials.CredentialsProviderException: No credentials could be loaded from the chain: CredentialsProviderChain -> EnvironmentCredentialsProvider -> ProfileCredentialsProvider -> StsWebIdentityProvider -> EcsCredentialsProvider -> ImdsCredentialsProvider",
          seenIn: "smithy-lang/smithy-kotlin CredentialsProviderChain (aws-sdk-kotlin's default chain)",
        },
      ],
      nearMiss: ["Loaded credentials from the chain: StsWebIdentityProvider"],
    },
  },
  {
    id: "creds.app_requires_static_keys",
    // An application's own start-up or configuration check that demands static keys (nginx-s3-gateway's
    // docker-entrypoint.d/00-check-for-required-env.sh: "Required AWS_ACCESS_KEY_ID environment variable
    // missing"): it refuses to start before any SDK chain could try the pod's web identity or Pod Identity.
    regex:
      String.raw`[Rr]equired (?:environment variable )?AWS_(?:ACCESS_KEY_ID|SECRET_ACCESS_KEY) (?:environment )?(?:variable )?(?:is )?(?:missing|not set)` +
      String.raw`|AWS_(?:ACCESS_KEY_ID|SECRET_ACCESS_KEY) (?:environment variable )?(?:is required|must be (?:set|provided|defined))` +
      String.raw`|(?:[Mm]issing|[Rr]equired) (?:required )?environment variables?:? AWS_(?:ACCESS_KEY_ID|SECRET_ACCESS_KEY)\b`,
    prefilter: ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"],
    severity: "medium",
    meaning:
      "The application itself requires static keys in AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY and stops without them: its code (or its version) does not use the pod's IRSA or Pod Identity settings.",
    suggests: ["sdk.too_old", "credential_chain.static_keys"],
    supersededBy: [...A_CONFIGURED_PROVIDER_FAILED],
    examples: {
      match: [
        {
          line: "Required AWS_ACCESS_KEY_ID environment variable missing",
          seenIn: "nginx/nginx-s3-gateway common/docker-entrypoint.d/00-check-for-required-env.sh",
        },
        { line: "Error: AWS_SECRET_ACCESS_KEY environment variable is required", seenIn: "an application's own configuration check" },
        { line: "config error: missing required environment variable AWS_ACCESS_KEY_ID" },
      ],
      nearMiss: [
        "SystemPropertyCredentialsProvider(): Unable to load credentials from system settings. Access key must be specified either via environment variable (AWS_ACCESS_KEY_ID) or system property (aws.accessKeyId).",
        "AWS_ACCESS_KEY_ID is not required when running with IRSA",
        "EnvAccessKeyNotFound: AWS_ACCESS_KEY_ID or AWS_ACCESS_KEY not found in environment",
      ],
    },
  },
  {
    id: "creds.static_credentials_empty",
    // aws-sdk-go's StaticProvider ("EmptyStaticCreds: static credentials are empty") and aws-sdk-go-v2's
    // StaticCredentialsProvider ("static credentials are empty"): the application built its client with a
    // static provider in place of the default chain and gave it nothing (unset keys in its own configuration,
    // Crossplane's upjet with source None), so the pod's IRSA or Pod Identity settings are never read.
    regex: String.raw`static credentials are empty`,
    prefilter: ["static credentials are empty"],
    severity: "medium",
    meaning:
      "The application's AWS client was built with a static-keys provider instead of the default chain, and the keys are empty: the pod's IRSA or Pod Identity settings are never used.",
    suggests: ["credential_chain.static_keys", "sdk.too_old"],
    examples: {
      match: [
        {
          line: "failed to refresh cached credentials, static credentials are empty",
          seenIn: "aws-sdk-go-v2 credentials/static_provider.go",
        },
        {
          line: "failed to obtain secret: EmptyStaticCreds: static credentials are empty",
          seenIn: "aws-sdk-go aws/credentials/static_provider.go",
        },
      ],
      nearMiss: ["using static credentials from the secret", "static credentials are set"],
    },
  },
  {
    id: "creds.kubeconfig_exec_plugin_failed",
    // client-go's exec credential plugin (a kubeconfig user with exec:), as Argo CD (argocd-k8s-auth), kubectl,
    // Helm and Terraform's Kubernetes provider run it to get an EKS token: "getting credentials: exec:
    // executable <plugin> failed with exit code N". The plugin signs an STS call with the AWS credentials of
    // the pod it runs in, so its failure is that pod's chain failing (no identity: IMDS times out) or STS out of reach.
    // client-go names the command as the kubeconfig gives it, often a full path (/usr/local/bin/aws).
    regex: String.raw`getting credentials: exec: executable (?:[\w.-]*/)*(?P<plugin>argocd-k8s-auth|aws-iam-authenticator|aws) failed with exit code \d+`,
    prefilter: ["getting credentials: exec: executable"],
    severity: "medium",
    meaning:
      "The EKS token helper of a kubeconfig (argocd-k8s-auth, aws-iam-authenticator, aws eks get-token) failed: the pod running it got no AWS credentials (no IRSA role or Pod Identity association on its service account, so its chain ends at an unreachable IMDS) or could not reach STS.",
    suggests: ENDPOINT_UNREACHABLE,
    supersededBy: [...A_CONFIGURED_PROVIDER_FAILED],
    examples: {
      match: [
        {
          line: `failed to get server version: Get "https://xxxxxx.gr7.us-east-1.eks.amazonaws.com/version?timeout=32s": getting credentials: exec: executable argocd-k8s-auth failed with exit code 20 (Client.Timeout exceeded while awaiting headers)`,
          captures: { plugin: "argocd-k8s-auth" },
          seenIn: "kubernetes/client-go plugin/pkg/client/auth/exec/exec.go, as Argo CD shows a cluster's connection status",
        },
        {
          line: 'Error: Kubernetes cluster unreachable: Get "https://ABC.gr7.eu-west-1.eks.amazonaws.com/version": getting credentials: exec: executable aws failed with exit code 255',
          captures: { plugin: "aws" },
          seenIn: "Helm and Terraform's Kubernetes provider (client-go exec plugin)",
        },
      ],
      nearMiss: [
        `getting credentials: exec: executable aws not found`,
        `getting credentials: exec: executable gke-gcloud-auth-plugin failed with exit code 1`,
      ],
    },
  },
  {
    id: "creds.nginx_s3_gateway_retrieve_failed",
    // NGINX S3 Gateway fetches credentials with its own njs code (common/etc/nginx/include/awscredentials.js,
    // no AWS SDK) in the auth_request subrequest /aws/credentials/retrieve; nginx tags every error of that
    // subrequest with it ("js exception: Error: read timed out, ... subrequest: \"/aws/credentials/retrieve\""),
    // whichever source (static keys, web identity, Pod Identity, the ECS endpoint, IMDS) the code tried.
    regex: String.raw`(?:\[error\]|js exception)[^\n]*subrequest: \\?"/aws/credentials/retrieve\\?"`,
    prefilter: ["/aws/credentials/retrieve"],
    severity: "medium",
    meaning:
      "NGINX S3 Gateway's own credential code could not get credentials (its /aws/credentials/retrieve step failed): it found no identity it knows how to use, or the source it tried did not answer.",
    ...CHAIN_CAME_UP_EMPTY,
    examples: {
      match: [
        {
          line: `2022/05/30 14:11:38 [error] 59#59: *396 js exception: Error: unhandled promise rejection: Error: read timed out, client: 127.0.0.1, server: , request: "GET /a.txt HTTP/1.1", subrequest: "/aws/credentials/retrieve", host: "127.0.0.1:7000"`,
          seenIn: "nginx/nginx-s3-gateway (an njs fetch to the instance metadata service timing out)",
        },
      ],
      nearMiss: [
        `2023/03/23 17:23:00 [info] 76#76: *10 js: Cached credentials are expired or not present, requesting new ones, subrequest: "/aws/credentials/retrieve"`,
      ],
    },
  },
  {
    id: "creds.plugin_no_credentials",
    regex: String.raw`No valid AWS credentials found|aws(?:AccessKeyID|SecretAccessKey) not found`,
    prefilter: ["No valid AWS credentials found", "AccessKeyID not found", "SecretAccessKey not found"],
    severity: "medium",
    meaning:
      "A plugin's or scaler's own credential lookup (Fluentd's Elasticsearch output, KEDA's AWS scalers) found no credentials: it was given no identity it understands (no IRSA role on its service account, or a plugin that only reads static keys).",
    ...CHAIN_CAME_UP_EMPTY,
    examples: {
      match: [
        {
          line: `2023-01-10 05:47:40 +0000 [error]: #0 unexpected error error_class=RuntimeError error="No valid AWS credentials found."`,
          seenIn: "atomita/fluent-plugin-aws-elasticsearch-service",
        },
        {
          line: `, "error": "error getting scaler for trigger #0: error parsing SQS queue metadata: awsAccessKeyID not found"}`,
          seenIn: "kedacore/keda (AWS scalers without an identity)",
        },
      ],
      nearMiss: ["using AWS credentials from the pod's web identity", "awsAccessKeyID found in TriggerAuthentication"],
    },
  },
];
