// The SDKs the logs reveal, judged against the IRSA / Pod Identity minimums of src/logs, and the upgrade
// each needs as a command. Messages that only old SDKs print (the agent address refused, the Java STS
// module missing) name their SDK here too, so the fix can say which package to raise and to what.

import type { Facts } from "../../diagnosis/facts/index.js";
import { valueOf } from "../../snapshot/evidence.js";
import type { LogMatch, Snapshot } from "../../snapshot/types.js";
import { classifyLogSignals, judgeSdkVersion, type Mechanism, type SdkName } from "../../logs/index.js";

export interface OldSdk {
  sdk: SdkName;
  /** The version seen, or null when a message (not a version line) shows the SDK is too old. */
  version: string | null;
  minimum: string | null;
  /** The judgement's sentence, e.g. "Boto3 1.9.200 is older than 1.9.220, ...". */
  reason: string;
  /** The log lines that show it. */
  lines: LogMatch[];
}

/** The mechanism the pod's SDK must support: IRSA when its env is there (the chain tries it first), else Pod Identity. */
export function mechanismOf(f: Facts): Mechanism {
  const irsa = f.workload.containers.some((c) => c.env["AWS_ROLE_ARN"] && c.env["AWS_WEB_IDENTITY_TOKEN_FILE"]);
  const pi = f.workload.containers.some((c) => c.env["AWS_CONTAINER_CREDENTIALS_FULL_URI"]);
  return !irsa && pi ? "pod_identity" : "irsa";
}

const LABEL: Record<Mechanism, string> = { irsa: "IRSA", pod_identity: "EKS Pod Identity" };
export const mechanismLabel = (m: Mechanism): string => LABEL[m];

/** SDK versions in the logs that are too old for the mechanism. */
export function oldSdkSightings(s: Snapshot, f: Facts, mechanism: Mechanism): OldSdk[] {
  const logs = valueOf(s.logs);
  if (!logs) return [];
  const signals = classifyLogSignals(logs, { mechanism });
  return signals.sdks
    .map((sighting) => ({ sighting, judged: mechanism === "irsa" ? sighting.irsa : sighting.podIdentity }))
    .filter(({ judged }) => judged.verdict === "too_old")
    .map(({ sighting, judged }) => ({
      sdk: sighting.sdk,
      version: sighting.version,
      minimum: judged.minimum,
      reason: judged.reason,
      lines: logs.matches.filter((m) => m.captures["version"] === sighting.version && sighting.files.includes(m.file)),
    }));
}

/** SDK versions in the logs at or above the mechanism's minimum: evidence against an old SDK. */
export function supportedSdkSightings(s: Snapshot, mechanism: Mechanism): string[] {
  const logs = valueOf(s.logs);
  if (!logs) return [];
  return classifyLogSignals(logs, { mechanism })
    .sdks.filter((x) => (mechanism === "irsa" ? x.irsa : x.podIdentity).verdict === "supported")
    .map((x) => `${x.sdk} ${x.version}`);
}

/** Which SDK printed a "container host rejected" or "STS module missing" line, from its wording. */
const MESSAGE_SDKS: [RegExp, SdkName, string][] = [
  [/Unsupported host '/, "python-botocore", "1.0.0"],
  [/is not a valid container metadata service hostname/, "js", "3.0.0"],
  [/contained withing environment variable|aws-java-sdk-sts module/, "java", "1.0.0"],
  [/the 'sts' service module must be on the class path/, "java", "2.0.0"],
  [/only loopback hosts are allowed/, "go-v1", "1.0.0"],
];

export function sdkFromMessage(m: LogMatch, mechanism: Mechanism): OldSdk | null {
  const hit = MESSAGE_SDKS.find(([re]) => re.test(m.text));
  if (!hit) return null;
  const [, sdk, probe] = hit;
  const judged = judgeSdkVersion(sdk, probe, mechanism);
  return {
    sdk,
    version: null,
    minimum: judged.minimum,
    reason: judged.minimum
      ? `this message comes from a ${sdk} release older than ${judged.minimum}, the first that supports ${LABEL[mechanism]}`
      : judged.reason,
    lines: [m],
  };
}

const DISPLAY: Record<SdkName, string> = {
  "aws-cli": "the AWS CLI",
  cpp: "aws-sdk-cpp",
  dotnet: "the AWS SDK for .NET",
  "go-v1": "aws-sdk-go (v1)",
  "go-v2": "aws-sdk-go-v2",
  java: "the AWS SDK for Java",
  js: "the AWS SDK for JavaScript",
  php: "aws/aws-sdk-php",
  "python-boto3": "boto3 and botocore",
  "python-botocore": "boto3 and botocore",
  "ruby-core": "aws-sdk-core (Ruby)",
};
export const sdkDisplayName = (sdk: SdkName): string => DISPLAY[sdk];

/** "Boto3 1.9.200 (IRSA needs 1.9.220 or later)": one old SDK in a few words. */
export function shortOld(o: OldSdk, what: string): string {
  if (!o.version) return `${DISPLAY[o.sdk]} older than ${o.minimum ?? "the supported releases"} (it refuses the ${what} settings)`;
  const label = o.reason.split(` ${o.version}`)[0] ?? DISPLAY[o.sdk];
  return `${label} ${o.version} (${what} needs ${o.minimum ?? "a newer release"} or later)`;
}

/** The command (or build change) that raises the SDK to its minimum. */
export function upgradeCommand(sdk: SdkName, minimum: string | null, mechanism: Mechanism): string {
  const min = minimum ?? "<latest>";
  switch (sdk) {
    case "python-boto3":
    case "python-botocore": {
      // boto3 and botocore number their releases differently: each has its own minimum.
      const boto3 = judgeSdkVersion("python-boto3", "1.0.0", mechanism).minimum ?? min;
      const botocore = judgeSdkVersion("python-botocore", "1.0.0", mechanism).minimum ?? min;
      return `pip install --upgrade 'boto3>=${boto3}' 'botocore>=${botocore}'  # then pin both in requirements.txt and rebuild the image`;
    }
    case "aws-cli":
      return min.startsWith("1.")
        ? `pip install --upgrade 'awscli>=${min}'  # or move the image to AWS CLI v2`
        : "install the current AWS CLI v2 in the image (https://awscli.amazonaws.com/awscli-exe-linux-x86_64.zip)";
    case "go-v1":
      return `go get github.com/aws/aws-sdk-go@v${min} && go mod tidy  # or migrate to aws-sdk-go-v2`;
    case "go-v2":
      return "go get -u github.com/aws/aws-sdk-go-v2/... && go mod tidy";
    case "java":
      return min.startsWith("1.")
        ? `raise com.amazonaws:aws-java-sdk-bom to ${min} or later and add com.amazonaws:aws-java-sdk-sts to the dependencies (Maven/Gradle), then rebuild`
        : `raise software.amazon.awssdk:bom to ${min} or later and add software.amazon.awssdk:sts to the dependencies (Maven/Gradle), then rebuild`;
    case "js":
      return min.startsWith("2.")
        ? `npm install aws-sdk@^${min}`
        : `npm install @aws-sdk/credential-provider-node@^${min} @aws-sdk/client-sts@^${min}  # keep every @aws-sdk/* package on the same version`;
    case "ruby-core":
      return `bundle update aws-sdk-core  # with gem 'aws-sdk-core', '>= ${min}' in the Gemfile`;
    case "php":
      return `composer require aws/aws-sdk-php:^${min}`;
    case "cpp":
      return `rebuild against aws-sdk-cpp ${min} or later`;
    case "dotnet":
      return "dotnet add package AWSSDK.SecurityToken && dotnet add package AWSSDK.Core  # the latest versions";
  }
}
