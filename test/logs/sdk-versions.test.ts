// judgeSdkVersion: the published IRSA and Pod Identity minimums, judged at their boundaries, and the SDKs
// whose versions cannot honestly be judged.

import { describe, expect, it } from "vitest";
import { compareVersions, judgeSdkVersion } from "../../src/logs/sdk-versions.js";
import type { SdkName } from "../../src/logs/types.js";

describe("compareVersions", () => {
  it("compares numerically, segment by segment", () => {
    expect(compareVersions("1.12.200", "1.12.1000")).toBe(-1);
    expect(compareVersions("2.10.11", "2.10.11")).toBe(0);
    expect(compareVersions("v1.23.13", "1.23.12")).toBe(1);
    expect(compareVersions("3.3", "3.3.0")).toBe(0);
    expect(compareVersions("1.9.220-beta", "1.9.220")).toBe(0);
  });
});

describe("judgeSdkVersion for IRSA", () => {
  it.each([
    ["go-v1", "1.23.12", "1.23.13"],
    ["java", "1.11.703", "1.11.704"],
    ["java", "2.10.10", "2.10.11"],
    ["python-boto3", "1.9.219", "1.9.220"],
    ["python-botocore", "1.12.199", "1.12.200"],
    ["aws-cli", "1.16.231", "1.16.232"],
    ["js", "2.524.0", "2.525.0"],
    ["js", "3.26.0", "3.27.0"],
    ["ruby-core", "3.57.0", "3.58.0"],
    ["php", "3.110.6", "3.110.7"],
    ["cpp", "1.7.173", "1.7.174"],
  ] as [SdkName, string, string][])("%s %s is too old and %s is supported", (sdk, old, minimum) => {
    expect(judgeSdkVersion(sdk, old, "irsa")).toMatchObject({ verdict: "too_old", minimum });
    expect(judgeSdkVersion(sdk, minimum, "irsa")).toMatchObject({ verdict: "supported", minimum });
  });

  it("names the SDK, the version and the minimum in the reason", () => {
    expect(judgeSdkVersion("java", "1.11.600", "irsa").reason).toBe(
      "AWS SDK for Java v1 1.11.600 is older than 1.11.704, the first release that supports IRSA; upgrade it.",
    );
  });

  it("takes every Go v2 and AWS CLI v2 release as supporting IRSA", () => {
    expect(judgeSdkVersion("go-v2", "1.0.0", "irsa").verdict).toBe("supported");
    expect(judgeSdkVersion("aws-cli", "2.0.0", "irsa").verdict).toBe("supported");
  });
});

describe("judgeSdkVersion for Pod Identity", () => {
  it.each([
    ["go-v1", "1.47.10", "1.47.11"],
    ["java", "1.12.745", "1.12.746"],
    ["java", "2.21.29", "2.21.30"],
    ["python-boto3", "1.34.40", "1.34.41"],
    ["aws-cli", "2.14.6", "2.15.0"],
    ["aws-cli", "1.29.9", "1.30.0"],
    ["js", "3.454.0", "3.458.0"],
    ["js", "2.1549.0", "2.1550.0"],
    ["ruby-core", "3.187.0", "3.188.0"],
    ["php", "3.287.0", "3.287.1"],
  ] as [SdkName, string, string][])("%s %s is too old and %s is supported", (sdk, old, minimum) => {
    expect(judgeSdkVersion(sdk, old, "pod_identity").verdict).toBe("too_old");
    expect(judgeSdkVersion(sdk, minimum, "pod_identity").verdict).toBe("supported");
  });

  it("does not judge what cannot be compared: .NET, Go v2, unknown majors, non-versions", () => {
    expect(judgeSdkVersion("dotnet", "3.3.10.3", "irsa").verdict).toBe("unknown");
    expect(judgeSdkVersion("go-v2", "1.17.0", "pod_identity").verdict).toBe("unknown");
    expect(judgeSdkVersion("ruby-core", "2.10.129", "irsa").verdict).toBe("unknown");
    expect(judgeSdkVersion("php", "latest", "irsa")).toMatchObject({ verdict: "unknown", minimum: null });
  });
});
