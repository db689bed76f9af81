// The default credential chains of the AWS SDKs, as each SDK documents them: which provider is tried first
// decides which identity a container really uses when it carries more than one kind of credential (static
// keys and IRSA, IRSA and Pod Identity). Only the five provider kinds a pod can be given are modelled;
// SSO, credential_process and Java system properties are not set on pods by the platform.
//
// Sources (read for this table; the order below is theirs):
// - Go v1: aws-sdk-go session.resolveCredentials — environment keys, then AWS_WEB_IDENTITY_TOKEN_FILE, then
//   the shared profile, then the container endpoint, then EC2 instance metadata (a profile named in code
//   comes first; AWS_PROFILE in the environment does not move it).
// - Go v2: aws-sdk-go-v2 config.resolveCredentialChain — the same order as v1; "a profile specified
//   programmatically" comes first, the AWS_PROFILE variable does not.
// - Python (boto3/botocore, AWS CLI): https://boto3.amazonaws.com/v1/documentation/api/latest/guide/credentials.html
//   — environment variables, assume-role and web identity providers, then ~/.aws/credentials, ~/.aws/config,
//   the container provider, then instance metadata.
// - Java v1: DefaultAWSCredentialsProviderChain — environment, system properties, web identity token,
//   profile file, container (AWS_CONTAINER_CREDENTIALS_*), instance profile.
// - Java v2: https://docs.aws.amazon.com/sdk-for-java/latest/developer-guide/credentials-chain.html —
//   system properties, environment, web identity token, profile files, container, instance profile.
// - JavaScript v2: AWS.CredentialProviderChain.defaultProviders — environment (AWS_, AMAZON_), shared ini
//   file, ECS/container credentials, process, token file web identity, EC2 metadata: the container provider
//   comes BEFORE web identity here, unlike every other SDK.
// - JavaScript v3: @aws-sdk/credential-provider-node defaultProvider
//   (https://www.npmjs.com/package/@aws-sdk/credential-provider-node) — environment (skipped when AWS_PROFILE
//   is set), SSO, shared ini files, process, web identity token file, then the container provider or IMDS.
// - .NET: https://docs.aws.amazon.com/sdk-for-net/latest/developer-guide/creds-assign.html — V4: environment
//   keys, web identity, AWS_PROFILE / [default] profile, container, instance metadata. The V3 page
//   (https://docs.aws.amazon.com/sdk-for-net/v3/developer-guide/creds-assign.html) puts the profiles first.
// - Ruby: https://docs.aws.amazon.com/sdk-for-ruby/v3/developer-guide/credential-providers.html — access keys
//   in the environment, web identity, IAM Identity Center, assume role / shared credentials, process, ECS,
//   EC2 instance profile.
// - Rust: aws-config DefaultCredentialsChain (https://docs.rs/aws-config) — environment, shared config and
//   credentials files, web identity token, ECS/container, IMDSv2.
// - PHP: https://docs.aws.amazon.com/sdk-for-php/v3/developer-guide/guide_credentials_default_chain.html —
//   env, web identity, shared files, ecsCredentials, instance profile.
// - C++: https://docs.aws.amazon.com/sdk-for-cpp/latest/api/aws-cpp-sdk-core/html/md_docs_2_credentials___providers.html
//   — environment, profile file, web identity (STS), process, container, EC2 metadata.
// - EKS Pod Identity sits in the container provider, so "credentials that are earlier in the chain ... will
//   continue to be used even if you configure an EKS Pod Identity association for the same workload"
//   (https://docs.aws.amazon.com/eks/latest/userguide/pod-id-how-it-works.html).

import type { SdkName } from "../../logs/index.js";
import { compareVersions } from "../../logs/index.js";

/** The credential sources a pod can be given. */
export type ProviderKind = "env_static" | "web_identity" | "profile" | "container" | "imds";

export type SdkFamily =
  | "go-v1"
  | "go-v2"
  | "python"
  | "java-v1"
  | "java-v2"
  | "js-v2"
  | "js-v3"
  | "dotnet-v3"
  | "dotnet-v4"
  | "ruby"
  | "rust"
  | "php"
  | "cpp"
  | "unknown";

export interface Chain {
  family: SdkFamily;
  label: string;
  order: readonly ProviderKind[];
  /** Where the order is documented. */
  source: string;
  /** The environment provider is skipped when AWS_PROFILE is set (JS v3 only). */
  profileSkipsEnv?: boolean;
  /** A profile the application names in code is resolved before everything else (Go v1 and v2). */
  profileInCodeFirst?: boolean;
}

const STANDARD: readonly ProviderKind[] = ["env_static", "web_identity", "profile", "container", "imds"];

export const CHAINS: Readonly<Record<SdkFamily, Chain>> = {
  "go-v1": {
    family: "go-v1",
    label: "AWS SDK for Go v1",
    order: STANDARD,
    source: "aws-sdk-go session.resolveCredentials",
    profileInCodeFirst: true,
  },
  "go-v2": {
    family: "go-v2",
    label: "AWS SDK for Go v2",
    order: STANDARD,
    source: "aws-sdk-go-v2 config.resolveCredentialChain",
    profileInCodeFirst: true,
  },
  python: {
    family: "python",
    label: "boto3 / botocore",
    order: STANDARD,
    source: "https://boto3.amazonaws.com/v1/documentation/api/latest/guide/credentials.html",
  },
  "java-v1": { family: "java-v1", label: "AWS SDK for Java v1", order: STANDARD, source: "DefaultAWSCredentialsProviderChain (Java v1)" },
  "java-v2": {
    family: "java-v2",
    label: "AWS SDK for Java v2",
    order: STANDARD,
    source: "https://docs.aws.amazon.com/sdk-for-java/latest/developer-guide/credentials-chain.html",
  },
  "js-v2": {
    family: "js-v2",
    label: "AWS SDK for JavaScript v2",
    order: ["env_static", "profile", "container", "web_identity", "imds"],
    source: "AWS.CredentialProviderChain.defaultProviders (JavaScript v2)",
  },
  "js-v3": {
    family: "js-v3",
    label: "AWS SDK for JavaScript v3",
    order: ["env_static", "profile", "web_identity", "container", "imds"],
    source: "https://www.npmjs.com/package/@aws-sdk/credential-provider-node",
    profileSkipsEnv: true,
  },
  "dotnet-v3": {
    family: "dotnet-v3",
    label: "AWS SDK for .NET v3",
    order: ["profile", "env_static", "web_identity", "container", "imds"],
    source: "https://docs.aws.amazon.com/sdk-for-net/v3/developer-guide/creds-assign.html",
  },
  "dotnet-v4": {
    family: "dotnet-v4",
    label: "AWS SDK for .NET v4",
    order: STANDARD,
    source: "https://docs.aws.amazon.com/sdk-for-net/latest/developer-guide/creds-assign.html",
  },
  ruby: {
    family: "ruby",
    label: "AWS SDK for Ruby",
    order: STANDARD,
    source: "https://docs.aws.amazon.com/sdk-for-ruby/v3/developer-guide/credential-providers.html",
  },
  rust: {
    family: "rust",
    label: "AWS SDK for Rust",
    order: ["env_static", "profile", "web_identity", "container", "imds"],
    source: "https://docs.rs/aws-config (DefaultCredentialsChain)",
  },
  php: {
    family: "php",
    label: "AWS SDK for PHP",
    order: STANDARD,
    source: "https://docs.aws.amazon.com/sdk-for-php/v3/developer-guide/guide_credentials_default_chain.html",
  },
  cpp: {
    family: "cpp",
    label: "AWS SDK for C++",
    order: ["env_static", "profile", "web_identity", "container", "imds"],
    source: "https://docs.aws.amazon.com/sdk-for-cpp/latest/api/aws-cpp-sdk-core/html/md_docs_2_credentials___providers.html",
  },
  unknown: {
    family: "unknown",
    label: "an AWS SDK not identified from the evidence",
    order: STANDARD,
    source: "https://docs.aws.amazon.com/sdkref/latest/guide/standardized-credentials.html",
  },
};

/** The SDK family of a version seen in the logs (the SDK table's names), or of an error message's wording. */
export function familyOf(sdk: SdkName, version: string | null): SdkFamily {
  const major = version ? Number(/^v?(\d+)/.exec(version)?.[1]) : Number.NaN;
  switch (sdk) {
    case "go-v1":
      return "go-v1";
    case "go-v2":
      return "go-v2";
    case "python-boto3":
    case "python-botocore":
    case "aws-cli":
      return "python";
    case "java":
      return major === 1 ? "java-v1" : "java-v2";
    case "js":
      return major === 2 ? "js-v2" : "js-v3";
    case "dotnet":
      // AWSSDK.Core 4.x is the V4 SDK; 3.x (and an unknown version) the V3 one.
      return version && compareVersions(version, "4.0.0") >= 0 ? "dotnet-v4" : "dotnet-v3";
    case "ruby-core":
      return "ruby";
    case "php":
      return "php";
    case "cpp":
      return "cpp";
  }
}

/** The documented chain of an SDK family. */
export function chainOf(family: SdkFamily): Chain {
  return CHAINS[family];
}

/**
 * The first provider of the chain that the container's settings satisfy. `available` says which kinds are
 * configured; IMDS is always reachable unless the evidence says otherwise, so it ends every chain.
 */
export function selectProvider(
  chain: Chain,
  available: ReadonlySet<ProviderKind>,
  awsProfileSet: boolean,
): {
  selected: ProviderKind;
  shadowed: ProviderKind[];
  skipped: ProviderKind[];
} {
  const skipped: ProviderKind[] = chain.profileSkipsEnv && awsProfileSet && available.has("env_static") ? ["env_static"] : [];
  const candidates = chain.order.filter((k) => (available.has(k) || k === "imds") && !skipped.includes(k));
  const selected = candidates[0] ?? "imds";
  const shadowed = candidates.slice(1).filter((k) => k !== "imds");
  return { selected, shadowed, skipped };
}

/**
 * Configured providers that the chain puts after `selected` but that may still come first: for an SDK not
 * identified, any provider a documented chain puts earlier (a shared credentials file comes before web
 * identity in JavaScript, Rust, C++ and .NET v3); for Go, a profile the application names in code. The
 * evidence (which identity was really used) has to decide between them.
 */
export function contendersOf(chain: Chain, available: ReadonlySet<ProviderKind>, selected: ProviderKind): ProviderKind[] {
  const out = new Set<ProviderKind>();
  for (const kind of available) {
    if (kind === selected || chain.order.indexOf(kind) < chain.order.indexOf(selected)) continue;
    if (chain.family === "unknown") {
      if (Object.values(CHAINS).some((c) => c.family !== "unknown" && c.order.indexOf(kind) < c.order.indexOf(selected))) out.add(kind);
    } else if (chain.profileInCodeFirst && kind === "profile") out.add(kind);
  }
  return chain.order.filter((k) => out.has(k));
}
