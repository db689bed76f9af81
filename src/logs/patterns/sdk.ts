// Which SDK the application runs and how old it is (user-agent tokens in wire/debug logs, jar names in
// JVM class paths, pip/npm pins), and the messages an SDK prints when it cannot do IRSA or Pod Identity.
// Version patterns only reveal the version; src/logs/sdk-versions.ts judges it against the minimum.

import type { LogPattern, SdkName } from "../types.js";
import { REGION_MISSING, S3CMD_LOOKUP_FAILED } from "../families.js";

const V = String.raw`\d+\.\d+\.\d+`;
const AGENT = String.raw`(?:169\.254\.170\.23|\[?fd00:ec2::23\]?)`;

// How tools print "name version": a user agent's "name/1.2.3" and its md/ tokens "name#1.2.3", npm's
// "name@1.2.3", pip's "name==1.2.3" and "name-1.2.3", Go modules' "name@v1.2.3" and "name v1.2.3",
// Maven's "name:1.2.3", package.json's and pyproject's pins ('"name": "1.2.3"', 'name = "1.2.3"'), the
// columns of `pip list`, `npm ls` and `composer show`, and an issue's "name 1.2.3". A range ("^1.2.3",
// ">=1.2.3", "~> 3") is not the version that runs and is not read.
const SEP = String.raw`/|#|@v?|==|-|:\s*|\s+|['"]\s*[:=,]\s*['"]|\s*=\s*['"]`;

/** `name` then a version in any of SEP's shapes, or in parentheses as Gemfile.lock and composer print it. */
const named = (name: string, version: string, inParens: string): string => String.raw`${name}(?:(?:${SEP})${version}|\s\(${inParens}\))`;

function versionPattern(
  name: string,
  sdk: SdkName,
  regex: string,
  prefilter: string[],
  match: { line: string; version: string; seenIn?: string }[],
  nearMiss: string[],
  ignoreCase = false,
): LogPattern {
  return {
    id: `sdk.version.${name}`,
    regex,
    ...(ignoreCase ? { ignoreCase } : {}),
    prefilter,
    severity: "low",
    meaning: "Shows which AWS SDK version the application runs; judged against its IRSA / Pod Identity minimum.",
    suggests: [],
    sdk,
    examples: {
      match: match.map((m) => ({ line: m.line, captures: { version: m.version }, ...(m.seenIn ? { seenIn: m.seenIn } : {}) })),
      nearMiss,
    },
  };
}

export const sdkPatterns: LogPattern[] = [
  {
    id: "sdk.container_host_rejected",
    ignoreCase: true,
    regex:
      String.raw`Unsupported host '${AGENT}'|${AGENT} is not a valid container metadata service hostname` +
      String.raw`|AWS_CONTAINER_CREDENTIALS_FULL_URI has an invalid host|invalid endpoint host, \\*["']?${AGENT}\\*["']?, only loopback hosts are allowed` +
      // JavaScript v2 before 2.1550 (lib/credentials/ecs_credentials.js, remote_credentials.js) and the Lua
      // port of it in Kong's and APISIX's AWS plugins: the host is named after "only;" or at the end.
      String.raw`|Unsupported hostname: AWS\.(?:ECSCredentials|RemoteCredentials) (?:only )?supports` +
      // Ruby's and Rust's wording name no host; in a pod the full URI is the Pod Identity agent's.
      String.raw`|AWS_CONTAINER_CREDENTIALS_FULL_URI must use a loopback address|URI did not refer to an allowed IP address` +
      String.raw`|HTTP credential provider cannot be used: Address does not resolve to an allowed IP|URI did not refer to the loopback interface` +
      // aws-config's ECS provider (ecs.rs, InvalidFullUriErrorKind::NoDnsResolver) built without a DNS resolver
      // cannot check the agent's URI at all: the SDK's build, not the cluster, keeps Pod Identity out.
      String.raw`|invalid full URI for ECS provider \(no DNS resolver was provided` +
      String.raw`|Uri '[^']{0,40}${AGENT}[^']{0,40}' contains an unsupported host` +
      // minio-go's IAM provider (pkg/credentials/iam_aws.go) before it learned Pod Identity: it names the URI.
      String.raw`|uri host is not a loopback address: \S{0,12}${AGENT}`,
    prefilter: [
      "169.254.170.23",
      "fd00:ec2::23",
      "has an invalid host",
      "must use a loopback address",
      "allowed IP address",
      "to an allowed IP",
      "refer to the loopback interface",
      "no DNS resolver was provided",
      "Unsupported hostname: AWS.",
    ],
    severity: "high",
    meaning:
      "The SDK refused the Pod Identity agent's address because it predates Pod Identity (or is a release with a known regression): it cannot use the injected AWS_CONTAINER_CREDENTIALS_FULL_URI.",
    suggests: ["sdk.too_old"],
    decides: "sdk.too_old",
    examples: {
      match: [
        {
          line: "ValueError: Unsupported host '169.254.170.23'.  Can only retrieve metadata from these hosts: 169.254.170.2, localhost, 127.0.0.1",
          seenIn: "botocore before 1.34.41 (AWS CLI 1.16 images)",
        },
        {
          line: "CredentialsProviderError: 169.254.170.23 is not a valid container metadata service hostname",
          seenIn: "aws/aws-sdk-js-v3#8101",
        },
        {
          line: "com.amazonaws.SdkClientException: The full URI (http://169.254.170.23/v1/credentials) contained withing environment variable AWS_CONTAINER_CREDENTIALS_FULL_URI has an invalid host. Host should resolve to a loopback address or have the full URI be HTTPS.",
          seenIn: "aws-sdk-java ContainerCredentialsProvider (Java v1; the typo is the SDK's)",
        },
        {
          line: String.raw`invalid endpoint host, "169.254.170.23", only loopback hosts are allowed.`,
          seenIn: "aws-sdk-go defaults (Go v1 before 1.47.11)",
        },
        {
          line: "HTTP credential provider invalid endpoint host, '169.254.170.23', only loopback hosts are allowed",
          seenIn: "benbjohnson/litestream (Go v1, single quotes)",
        },
        {
          line: "ArgumentError: AWS_CONTAINER_CREDENTIALS_FULL_URI must use a loopback address when using the http scheme.",
          seenIn: "aws-sdk-core (Ruby) ECSCredentials before Pod Identity",
        },
        {
          line: "InvalidConfiguration(InvalidConfiguration { source: InvalidFullUriError { kind: DisallowedIP } }): URI did not refer to an allowed IP address",
          seenIn: "aws-config (Rust) ecs provider before Pod Identity",
        },
        { line: "HTTP credential provider cannot be used: Address does not resolve to an allowed IP.", seenIn: "aws-config (Rust) ecs.rs" },
        {
          line: 'failed to init DataNode server [error="uri host is not a loopback address: http://169.254.170.23/v1/credentials"]',
          seenIn: "minio-go pkg/credentials/iam_aws.go (IAM provider before Pod Identity support), in Milvus's log",
        },
        {
          line: "the credentials provider was not properly configured: invalid full URI for ECS provider (URI did not refer to the loopback interface): http://169.254.1",
          seenIn: "aws-config (Rust) before Pod Identity, line cut in the source",
        },
        {
          line: "Error: Unsupported hostname: AWS.ECSCredentials supports localhost,127.0.0.1 only; 169.254.170.23 requested.",
          seenIn: "aws-sdk-js lib/credentials/ecs_credentials.js (JavaScript v2 before Pod Identity)",
        },
        {
          line: String.raw`{"msg":"credentials error","error":"invalid endpoint host, \"169.254.170.23\", only loopback hosts are allowed."}`,
          seenIn: "aws-sdk-go defaults (Go v1) inside a JSON log line",
        },
        {
          line: "PHP Fatal error:  Uncaught InvalidArgumentException: Uri 'http://169.254.170.23/v1/credentials' contains an unsupported host.",
          seenIn: "aws-sdk-php EcsCredentialProvider before Pod Identity",
        },
      ],
      nearMiss: ["AWS_CONTAINER_CREDENTIALS_FULL_URI=http://169.254.170.23/v1/credentials", "Unsupported host 'example.com'"],
    },
  },
  {
    id: "sdk.java_sts_module_missing",
    regex: String.raw`the 'sts' service module must be on the class path|aws-java-sdk-sts module must be on the class path`,
    prefilter: ["must be on the class path"],
    severity: "high",
    meaning:
      "The Java SDK cannot use IRSA because its STS module is not on the class path: the web identity provider is skipped and the chain falls through to the node.",
    suggests: ["sdk.too_old", "sdk.falls_back_to_node_role"],
    // Either way the application's SDK setup cannot do web identity: the sdk category, whatever the cluster says.
    decides: "sdk.too_old",
    examples: {
      match: [
        {
          line: "WARN  WebIdentityCredentialsUtils - To use web identity tokens, the 'sts' service module must be on the class path.",
          seenIn: "aws-sdk-java-v2 WebIdentityCredentialsUtils",
        },
        { line: "To use assume role profiles the aws-java-sdk-sts module must be on the class path.", seenIn: "Java v1" },
      ],
      nearMiss: ["Added software.amazon.awssdk:sts:2.25.10 to the class path"],
    },
  },
  {
    id: "sdk.java_http_implementations_conflict",
    // Java v2 loads its HTTP client through a service loader when a client is built without one
    // (ClasspathSdkHttpServiceProvider): with two implementations on the class path (Apache's and URLConnection's,
    // pulled in by different libraries) it refuses to choose. WebIdentityTokenCredentialsProvider builds its own STS
    // client that way, so it fails and the chain moves on to IMDS: a packaging fault of the application's SDK, as a
    // missing STS module is, whatever the cluster's IRSA settings.
    regex: String.raw`Multiple HTTP implementations were found on the classpath`,
    prefilter: ["Multiple HTTP implementations were found"],
    severity: "high",
    meaning:
      "The Java SDK v2 found several HTTP client implementations on the class path and will not pick one: the web identity provider cannot build its STS client, so the chain skips IRSA (to the node's role, or to nothing).",
    suggests: ["sdk.too_old", "sdk.falls_back_to_node_role"],
    // Like the missing STS module: the application's SDK setup cannot do web identity, whatever the cluster says.
    decides: "sdk.too_old",
    examples: {
      match: [
        {
          line: "01:30:44.137 DEBUG [main] s.a.a.a.c.AwsCredentialsProviderChain – Unable to load credentials from WebIdentityTokenCredentialsProvider(): Multiple HTTP implementations were found on the classpath. To avoid non-deterministic loading implementations, please explicitly provide an HTTP client via the client builders",
          seenIn: "aws-sdk-java-v2 ClasspathSdkHttpServiceProvider.loadService, as factorhouse/kpow's README quotes it",
        },
      ],
      nearMiss: ["Using HTTP implementation software.amazon.awssdk.http.apache.ApacheSdkHttpService"],
    },
  },
  {
    id: "sdk.web_identity_provider_class_missing",
    // Hadoop's S3A (Spark, Flink, Hive, Trino) instantiates the provider named in fs.s3a.aws.credentials.provider
    // by class name: an aws-java-sdk-bundle older than 1.11.704 has no WebIdentityTokenCredentialsProvider,
    // and a v1 name under Hadoop 3.4 (SDK v2) is not found either. The JVM says so in its own words.
    regex:
      String.raw`(?:ClassNotFoundException|NoClassDefFoundError)[^\n]{0,40}?(?P<className>(?:com[./]amazonaws[./]auth[./]|software[./]amazon[./]awssdk[./]auth[./]credentials[./])WebIdentityToken(?:File)?CredentialsProvider)` +
      String.raw`|Class (?P<className_2>[\w.]*WebIdentityToken(?:File)?CredentialsProvider) not found`,
    prefilter: ["WebIdentityTokenCredentialsProvider", "WebIdentityTokenFileCredentialsProvider"],
    severity: "high",
    meaning:
      "The Java application names a web identity credentials provider its AWS SDK does not have (an SDK bundle older than IRSA support, or a v1 class name under an SDK v2 runtime): it cannot use the pod's IRSA settings.",
    suggests: ["sdk.too_old"],
    decides: "sdk.too_old",
    examples: {
      match: [
        {
          line: "java.lang.RuntimeException: java.lang.ClassNotFoundException: Class com.amazonaws.auth.WebIdentityTokenCredentialsProvider not found",
          captures: { className: "com.amazonaws.auth.WebIdentityTokenCredentialsProvider" },
          seenIn: "apache/hadoop Configuration.getClass, as S3A reports it",
        },
        {
          line: "java.lang.NoClassDefFoundError: com/amazonaws/auth/WebIdentityTokenCredentialsProvider",
          captures: { className: "com/amazonaws/auth/WebIdentityTokenCredentialsProvider" },
        },
      ],
      nearMiss: [
        "fs.s3a.aws.credentials.provider=com.amazonaws.auth.WebIdentityTokenCredentialsProvider",
        "ClassNotFoundException: com.amazonaws.auth.profile.ProfileCredentialsProvider",
      ],
    },
  },
  {
    id: "sdk.dotnet_sts_assembly_missing",
    // aws-sdk-net loads its STS client by reflection for web identity and assume-role credentials; without the
    // AWSSDK.SecurityToken package it throws "Assembly AWSSDK.SecurityToken could not be found or loaded. This
    // assembly must be available at runtime to use Amazon.Runtime.AssumeRoleAWSCredentials." (or the web
    // identity class): the .NET counterpart of Java's missing STS module.
    regex: String.raw`Assembly AWSSDK\.SecurityToken could not be found or loaded`,
    prefilter: ["AWSSDK.SecurityToken could not be found"],
    severity: "high",
    meaning:
      "The .NET application cannot use IRSA because the AWSSDK.SecurityToken package is not deployed with it: the SDK cannot call STS to exchange the pod's token.",
    suggests: ["sdk.too_old"],
    // The application's SDK setup, whatever the cluster says: the sdk category.
    decides: "sdk.too_old",
    examples: {
      match: [
        {
          line: "Unhandled exception. System.InvalidOperationException: Assembly AWSSDK.SecurityToken could not be found or loaded. This assembly must be available at runtime to use Amazon.Runtime.AssumeRoleAWSCredentials.",
          seenIn: "aws/aws-sdk-net AssumeRoleAWSCredentials (ServiceClientHelpers.STS_ASSEMBLY_NAME)",
        },
      ],
      nearMiss: ["Loaded assembly AWSSDK.SecurityToken, Version=3.7.0.0", "Assembly AWSSDK.S3 could not be found or loaded."],
    },
  },
  {
    id: "sdk.js_v3_no_web_identity_assumer",
    // aws-sdk-js-v3 credential-provider-web-identity (fromWebToken, fromTokenFile): called without the
    // roleAssumerWithWebIdentity that @aws-sdk/client-sts provides, it refuses with "Role Arn '...' needs to be
    // assumed with web identity, but no role assumption callback was provided." The IRSA environment is there;
    // the application wires the provider without STS (the provider's README says to pass it).
    regex: String.raw`needs to be assumed with web identity, but no role assumption callback was provided`,
    prefilter: ["needs to be assumed with web identity"],
    severity: "high",
    meaning:
      "The JavaScript v3 application builds the web identity provider without STS's role assumer (getDefaultRoleAssumerWithWebIdentity from @aws-sdk/client-sts): its SDK setup cannot use the pod's IRSA settings.",
    suggests: ["sdk.too_old"],
    decides: "sdk.too_old",
    examples: {
      match: [
        {
          line: "CredentialsProviderError: Role Arn 'arn:aws:iam::111122223333:role/orders-api' needs to be assumed with web identity, but no role assumption callback was provided.",
          seenIn: "aws/aws-sdk-js-v3 packages/credential-provider-web-identity/src/fromWebToken.ts",
        },
      ],
      nearMiss: ["Profile default requires a role to be assumed, but no role assumption callback was provided."],
    },
  },
  versionPattern(
    "go_v1",
    "go-v1",
    named(String.raw`aws-sdk-go`, String.raw`v?(?P<version>1\.\d+\.\d+)`, String.raw`v?(?P<version_2>1\.\d+\.\d+)`),
    ["aws-sdk-go"],
    [
      { line: "User-Agent: aws-sdk-go/1.23.12 (go1.12.9; linux; amd64)", version: "1.23.12" },
      {
        line: "\t/go/pkg/mod/github.com/aws/aws-sdk-go@v1.44.122/aws/credentials/chain_provider.go:82 +0x1d4",
        version: "1.44.122",
        seenIn: "a Go stack trace: the module cache path carries the version",
      },
      { line: "\tgithub.com/aws/aws-sdk-go v1.23.12 // indirect", version: "1.23.12", seenIn: "go.mod" },
      { line: "dep\tgithub.com/aws/aws-sdk-go\tv1.44.100\th1:abc=", version: "1.44.100", seenIn: "go version -m" },
    ],
    [
      "User-Agent: aws-sdk-go-v2/1.17.0 os/linux lang/go#1.19",
      "github.com/aws/aws-sdk-go/aws/credentials/stscreds.(*WebIdentityRoleProvider).Retrieve",
    ],
  ),
  versionPattern(
    "go_v2",
    "go-v2",
    named(String.raw`aws-sdk-go-v2`, String.raw`v?(?P<version>1\.\d+\.\d+)`, String.raw`v?(?P<version_2>1\.\d+\.\d+)`),
    ["aws-sdk-go-v2"],
    [
      { line: "User-Agent: aws-sdk-go-v2/1.24.0 os/linux lang/go#1.21.5 md/GOOS#linux md/GOARCH#amd64 api/sts#1.26.6", version: "1.24.0" },
      { line: "\tgithub.com/aws/aws-sdk-go-v2 v1.24.0", version: "1.24.0", seenIn: "go.mod" },
    ],
    ["github.com/aws/aws-sdk-go-v2/credentials/stscreds", "\tgithub.com/aws/aws-sdk-go-v2/credentials v1.13.0"],
  ),
  versionPattern(
    "java",
    "java",
    String.raw`aws-sdk-java/(?P<version>${V})` +
      // Every v1 module (aws-java-sdk-core, -sts, -s3, -bundle, ...) is released with the same number: a jar's
      // name, Maven's and Gradle's coordinates, or log4j/logback's packaging data on a stack frame ("~[aws-java-sdk-core-1.11.163.jar:?]").
      String.raw`|aws-java-sdk-[a-z0-9-]+?-(?P<version_2>1\.\d+\.\d+)\.jar|com\.amazonaws:aws-java-sdk-[a-z0-9-]+:(?:jar:)?(?P<version_3>1\.\d+\.\d+)` +
      // v2's modules share one number too (software.amazon.awssdk:<module>:2.x; jars in a v2 frame's packaging data).
      String.raw`|software\.amazon\.awssdk[:/][a-z0-9-]+[:/](?:jar:)?(?P<version_4>2\.\d+\.\d+)` +
      String.raw`|at software\.amazon\.awssdk\.[\w.$]+\([^)\n]*\) ~?\[[a-z0-9-]+-(?P<version_5>2\.\d+\.\d+)\.jar`,
    ["aws-sdk-java/", "aws-java-sdk-", "software.amazon.awssdk"],
    [
      {
        line: "User-Agent: aws-sdk-java/1.11.600 Linux/4.14.133-113.112.amzn2.x86_64 OpenJDK_64-Bit_Server_VM/25.222-b10 java/1.8.0_222",
        version: "1.11.600",
      },
      {
        line: "User-Agent: aws-sdk-java/2.20.162 Linux/5.10.198 OpenJDK_64-Bit_Server_VM/17.0.9+9-LTS Java/17.0.9 vendor/Amazon.com_Inc. io/sync http/Apache cfg/retry-mode/legacy",
        version: "2.20.162",
      },
      { line: "Class-Path: lib/hadoop-aws-3.2.0.jar lib/aws-java-sdk-bundle-1.11.375.jar", version: "1.11.375" },
      { line: "[INFO] +- software.amazon.awssdk:sts:2.10.0:compile", version: "2.10.0" },
      { line: "[INFO] |  +- software.amazon.awssdk:sts:jar:2.17.100:compile", version: "2.17.100", seenIn: "mvn dependency:tree" },
      { line: "+--- com.amazonaws:aws-java-sdk-sts:1.11.600", version: "1.11.600", seenIn: "gradle dependencies" },
      {
        line: "\tat com.amazonaws.auth.AWSCredentialsProviderChain.getCredentials(AWSCredentialsProviderChain.java:136) ~[aws-java-sdk-core-1.11.163.jar:?]",
        version: "1.11.163",
        seenIn: "log4j2's extended stack trace",
      },
      {
        line: "\tat software.amazon.awssdk.core.internal.http.pipeline.stages.ApplyTransactionIdStage.execute(ApplyTransactionIdStage.java:46) ~[sdk-core-2.20.0.jar:?]",
        version: "2.20.0",
      },
    ],
    [
      "at com.amazonaws.auth.AWSCredentialsProviderChain.getCredentials(AWSCredentialsProviderChain.java:136)",
      "software.amazon.awssdk.crt:aws-crt:0.29.0",
      "\tat com.example.App.main(App.java:12) ~[app-2.3.0.jar:?]",
    ],
  ),
  versionPattern(
    "python_boto3",
    "python-boto3",
    named("boto3", String.raw`(?P<version>1\.\d+\.\d+)`, String.raw`(?P<version_2>1\.\d+\.\d+)`),
    ["boto3"],
    [
      { line: "'User-Agent': 'Boto3/1.9.200 Python/3.7.4 Linux/4.14.133-113.105.amzn2.x86_64 Botocore/1.12.200'", version: "1.9.200" },
      { line: "boto3==1.34.40", version: "1.34.40" },
      { line: "boto3                    1.26.0", version: "1.26.0", seenIn: "pip list" },
      { line: "Successfully installed boto3-1.9.100 botocore-1.12.100 s3transfer-0.2.0", version: "1.9.100", seenIn: "pip install" },
      { line: 'boto3 = "1.28.57"', version: "1.28.57", seenIn: "pyproject.toml (Poetry)" },
    ],
    ["import boto3", "boto3>=1.9.0", "boto3~=1.26"],
    true,
  ),
  versionPattern(
    "python_botocore",
    "python-botocore",
    named("botocore", String.raw`(?P<version>[12]\.\d+\.\d+)`, String.raw`(?P<version_2>[12]\.\d+\.\d+)`),
    ["botocore"],
    [
      { line: "'User-Agent': 'Boto3/1.9.200 Python/3.7.4 Linux/4.14.133-113.105.amzn2.x86_64 Botocore/1.12.190'", version: "1.12.190" },
      { line: "aws-cli/1.16.200 Python/2.7.16 Linux/4.14.133-113.105.amzn2.x86_64 botocore/1.12.190", version: "1.12.190" },
      {
        line: "User-Agent: Boto3/1.34.0 md/Botocore#1.34.0 ua/2.0 os/linux#5.10.205 md/arch#x86_64 lang/python#3.11.6 cfg/retry-mode#legacy",
        version: "1.34.0",
        seenIn: "botocore's user agent since 1.31 (md/ tokens)",
      },
      { line: "Successfully installed boto3-1.9.100 botocore-1.12.100 s3transfer-0.2.0", version: "1.12.100", seenIn: "pip install" },
    ],
    ["botocore.credentials - INFO - Found credentials in environment variables.", "assumed-role/app/botocore-session-1700000000"],
    true,
  ),
  versionPattern(
    "aws_cli",
    "aws-cli",
    String.raw`aws-cli/(?P<version>${V})|awscli(?:==|-|\s+)(?P<version_2>1\.\d+\.\d+)`,
    ["aws-cli/", "awscli"],
    [
      { line: "aws-cli/1.16.200 Python/2.7.16 Linux/4.14.133-113.105.amzn2.x86_64 botocore/1.12.190", version: "1.16.200" },
      { line: "aws-cli/2.15.30 Python/3.11.8 Linux/5.10.210-201.852.amzn2.x86_64 exe/x86_64.amzn.2 prompt/off", version: "2.15.30" },
      {
        line: "Successfully installed awscli-1.16.100 botocore-1.12.90",
        version: "1.16.100",
        seenIn: "pip install (the v1 CLI's package)",
      },
    ],
    ["see https://github.com/aws/aws-cli/releases"],
  ),
  versionPattern(
    "js",
    "js",
    String.raw`aws-sdk-(?:nodejs|js)/(?P<version>${V})` +
      // v3's packages (@aws-sdk/client-*, @aws-sdk/credential-provider-*) share the release number: npm's and
      // pnpm's "name@3.x" (and pnpm's "@aws-sdk+client-s3@3.x" paths), package.json's pins, `npm ls` and an
      // issue's "@aws-sdk/client-s3 3.x"; the oldest v3 user agent ("aws-sdk-nodejs-v3-@aws-sdk/client-sts/3.x").
      String.raw`|@aws-sdk[/+](?:client|credential-provider)[a-z0-9-]*(?:${SEP})(?P<version_2>3\.\d+\.\d+)` +
      // v2 is the "aws-sdk" package, numbered 2.x.
      String.raw`|(?:^|[^\w/@-])aws-sdk(?:${SEP})(?P<version_3>2\.\d+\.\d+)`,
    ["aws-sdk-nodejs", "aws-sdk-js/", "@aws-sdk", "aws-sdk"],
    [
      { line: "User-Agent: aws-sdk-nodejs/2.500.0 linux/v12.22.1 callback", version: "2.500.0" },
      { line: "user-agent: aws-sdk-js/3.454.0 ua/2.0 os/linux#5.10.201 lang/js md/nodejs#18.18.2 api/s3#3.454.0", version: "3.454.0" },
      { line: "User-Agent: aws-sdk-nodejs-v3-@aws-sdk/client-sts/3.26.0 linux/v14.17.0", version: "3.26.0" },
      { line: "@aws-sdk/client-s3 3.400.0", version: "3.400.0", seenIn: "the SDK version an issue template asks for" },
      { line: "├── @aws-sdk/client-secrets-manager@3.445.0", version: "3.445.0", seenIn: "npm ls" },
      { line: '    "@aws-sdk/credential-provider-node": "3.20.0",', version: "3.20.0", seenIn: "package.json (an exact pin)" },
      {
        line: "    at async /app/node_modules/.pnpm/@aws-sdk+client-dynamodb@3.48.0/node_modules/@aws-sdk/client-dynamodb/dist-cjs/index.js:1:1",
        version: "3.48.0",
      },
      { line: "└── aws-sdk@2.814.0", version: "2.814.0" },
      { line: '    "aws-sdk": "2.1001.0",', version: "2.1001.0" },
    ],
    [
      "https://github.com/aws/aws-sdk-js-v3/releases/tag/v3.27.0",
      '    "@aws-sdk/client-s3": "^3.400.0",',
      "at /app/node_modules/@aws-sdk/client-sts/dist-cjs/index.js:3:1",
      "@smithy/credential-provider-imds 2.1.1",
    ],
  ),
  versionPattern(
    "ruby",
    "ruby-core",
    String.raw`aws-sdk-ruby[23]/(?P<version>${V})|` +
      named("aws-sdk-core", String.raw`(?P<version_2>[23]\.\d+\.\d+)`, String.raw`(?P<version_3>[23]\.\d+\.\d+)`),
    ["aws-sdk-ruby", "aws-sdk-core"],
    [
      { line: "user-agent: aws-sdk-ruby3/3.72.0 ruby/2.6.3 x86_64-linux aws-sdk-s3/1.51.0", version: "3.72.0" },
      {
        line: "/app/vendor/bundle/ruby/2.3.0/gems/aws-sdk-core-2.10.129/lib/aws-sdk-core/plugins/request_signer.rb:104:in `require_credentials'",
        version: "2.10.129",
      },
      { line: "    aws-sdk-core (3.50.0)", version: "3.50.0", seenIn: "Gemfile.lock" },
    ],
    ["User-Agent: aws-sdk-dotnet-coreclr/3.7.101.44 aws-sdk-dotnet-core/3.7.103.6", "      aws-sdk-core (~> 3, >= 3.120.0)"],
  ),
  versionPattern(
    "php",
    "php",
    String.raw`aws-sdk-php/(?P<version>${V})|aws/` +
      named("aws-sdk-php", String.raw`v?(?P<version_2>3\.\d+\.\d+)`, String.raw`v?(?P<version_3>3\.\d+\.\d+)`),
    ["aws-sdk-php"],
    [
      { line: "User-Agent: aws-sdk-php/3.184.6 OS/Linux/5.4.0-126-generic lang/php#8.1.2 GuzzleHttp/7", version: "3.184.6" },
      {
        line: "aws/aws-sdk-php                    3.100.2  AWS SDK for PHP - Use Amazon Web Services in your PHP project",
        version: "3.100.2",
        seenIn: "composer show",
      },
      { line: "  - Installing aws/aws-sdk-php (3.100.2): Extracting archive", version: "3.100.2", seenIn: "composer install" },
    ],
    ["composer require aws/aws-sdk-php", "  - Upgrading aws/aws-sdk-php (3.100.2 => 3.300.0)"],
    true,
  ),
  versionPattern(
    "dotnet",
    "dotnet",
    String.raw`aws-sdk-dotnet-(?:coreclr|45|35|netstandard|core)/(?P<version>${V}(?:\.\d+)?)`,
    ["aws-sdk-dotnet-"],
    [
      {
        line: "User-Agent: aws-sdk-dotnet-coreclr/3.7.108.0 aws-sdk-dotnet-core/3.7.108.2 .NET_Core/6.0.20 OS/Linux_5.15.0-76-generic ClientAsync",
        version: "3.7.108.0",
      },
    ],
    ["dotnet add package AWSSDK.SecurityToken"],
  ),
  versionPattern(
    "cpp",
    "cpp",
    String.raw`aws-sdk-cpp/(?P<version>${V})`,
    ["aws-sdk-cpp/"],
    [{ line: "User-Agent: aws-sdk-cpp/1.7.138 Linux/4.14.133 x86_64 GCC/7.3.1", version: "1.7.138" }],
    ["find_package(AWSSDK REQUIRED COMPONENTS sts)"],
  ),
  {
    id: "sdk.s3cmd_credentials_lookup_failed",
    // s3cmd's main (the s3cmd script): Config() raising IOError is reported as
    // error(u"%s: %s" % (options.config, e.strerror)), then "Configuration file not available." A missing or
    // unreadable file has a strerror ("No such file or directory"); the bare `raise IOError` of S3/Config.py's
    // role_config (the instance role from IMDS, and in 2.2 the web identity exchange with STS) has none, so
    // "<config>: None" is s3cmd's own credential lookup failing, not its file.
    regex: String.raw`ERROR: \S*\.s3cfg: None\s*$`,
    prefilter: [".s3cfg: None"],
    severity: "medium",
    meaning:
      "s3cmd's own credential lookup failed (it reports the bare IOError of its instance-role or web identity code against its config file): an s3cmd too old for web identity or Pod Identity, a pod without a role to exchange, or the global STS endpoint it calls out of reach or refusing.",
    suggests: S3CMD_LOOKUP_FAILED,
    examples: {
      match: [
        {
          line: "ERROR: /home/git/.s3cfg: None",
          seenIn:
            "s3cmd 2.2.0 in GitLab's toolbox pod on EKS with IRSA (the dev corpus' dev8-a s3cmd entry); s3tools/s3cmd s3cmd main and S3/Config.py role_config",
        },
      ],
      nearMiss: ["ERROR: /root/.s3cfg: No such file or directory", "ERROR: Configuration file not available."],
    },
  },
  {
    id: "sdk.region_missing",
    // Each SDK's words for a client without a region, which stops the STS call of the web identity exchange as it
    // stops any regional call: botocore's NoRegionError, JavaScript v2's ConfigError and v3's config resolver, Go
    // v1's ErrMissingRegion and v2's endpoint resolution, Java v1's and v2's region provider chains, and a
    // tool's own check of AWS_REGION.
    regex:
      String.raw`NoRegionError: You must specify a region|Missing region in config|\bRegion is missing\b` +
      String.raw`|MissingRegion: could not find region configuration|an AWS region is required, but was not found` +
      String.raw`|Unable to load region from any of the providers in the chain|Unable to find a region via the region provider chain` +
      String.raw`|Missing required AWS_REGION`,
    prefilter: [
      "NoRegionError",
      "Missing region in config",
      "Region is missing",
      "MissingRegion",
      "an AWS region is required",
      "Unable to load region",
      "Unable to find a region",
      "Missing required AWS_REGION",
    ],
    severity: "medium",
    meaning:
      "The SDK or tool has no AWS region, so it cannot call regional STS (nor any regional service): the application builds its client without one, or the pod was not mutated and has no AWS_REGION.",
    suggests: REGION_MISSING,
    supersededBy: ["creds.js_v2_missing_credentials"],
    examples: {
      match: [
        {
          line: 'js: Could not assume role using web identity: "Missing required AWS_REGION env variable"',
          seenIn: "nginxinc/nginx-s3-gateway's njs credential code (the dev corpus' sdk-njs-001)",
        },
        { line: "botocore.exceptions.NoRegionError: You must specify a region.", seenIn: "botocore/exceptions.py NoRegionError" },
        { line: "ConfigError: Missing region in config", seenIn: "aws-sdk-js v2 lib/event_listeners.js (VALIDATE_REGION)" },
        {
          line: "operation error STS: AssumeRoleWithWebIdentity, failed to resolve service endpoint, an AWS region is required, but was not found",
          seenIn: "aws-sdk-go-v2 endpoint resolution without a region",
        },
        {
          line: "software.amazon.awssdk.core.exception.SdkClientException: Unable to load region from any of the providers in the chain software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain@1f0b2ee3",
          seenIn: "aws-sdk-java-v2 DefaultAwsRegionProviderChain",
        },
      ],
      nearMiss: ["region = us-east-1 (from AWS_REGION)", "InvalidRegion: the region us-east-7 is not valid"],
    },
  },
];
