// The documented default chain of each SDK decides which of a container's credentials wins. One test per
// SDK family states its order as the SDK's documentation gives it (see src/diagnosis/credential-path/chains.ts).

import { describe, expect, it } from "vitest";
import {
  CHAINS,
  chainOf,
  familyOf,
  selectProvider,
  type ProviderKind,
  type SdkFamily,
} from "../../../src/diagnosis/credential-path/index.js";

const ALL: ProviderKind[] = ["env_static", "web_identity", "profile", "container", "imds"];
const pick = (family: SdkFamily, kinds: ProviderKind[], awsProfile = false) => selectProvider(chainOf(family), new Set(kinds), awsProfile);

describe("documented default credential chains", () => {
  it.each([
    ["go-v1", ["env_static", "web_identity", "profile", "container", "imds"]],
    ["go-v2", ["env_static", "web_identity", "profile", "container", "imds"]],
    ["python", ["env_static", "web_identity", "profile", "container", "imds"]],
    ["java-v1", ["env_static", "web_identity", "profile", "container", "imds"]],
    ["java-v2", ["env_static", "web_identity", "profile", "container", "imds"]],
    ["js-v2", ["env_static", "profile", "container", "web_identity", "imds"]],
    ["js-v3", ["env_static", "profile", "web_identity", "container", "imds"]],
    ["dotnet-v3", ["profile", "env_static", "web_identity", "container", "imds"]],
    ["dotnet-v4", ["env_static", "web_identity", "profile", "container", "imds"]],
    ["ruby", ["env_static", "web_identity", "profile", "container", "imds"]],
    ["rust", ["env_static", "profile", "web_identity", "container", "imds"]],
    ["php", ["env_static", "web_identity", "profile", "container", "imds"]],
    ["cpp", ["env_static", "profile", "web_identity", "container", "imds"]],
  ] as [SdkFamily, ProviderKind[]][])("%s tries its providers in the documented order", (family, order) => {
    expect(CHAINS[family].order).toEqual(order);
    expect(CHAINS[family].source.length).toBeGreaterThan(10);
    // Whatever is configured, the first configured provider of that order wins and the rest are shadowed.
    const chosen = pick(family, ALL);
    expect(chosen.selected).toBe(order[0]);
    expect(chosen.shadowed).toEqual(order.slice(1).filter((k) => k !== "imds"));
  });

  it("static keys in the environment shadow IRSA in every SDK", () => {
    for (const family of Object.keys(CHAINS) as SdkFamily[]) {
      expect(pick(family, ["env_static", "web_identity"]).selected, family).toBe("env_static");
    }
  });

  it("IRSA wins over Pod Identity except in JavaScript v2, whose container provider comes first", () => {
    for (const family of Object.keys(CHAINS) as SdkFamily[]) {
      expect(pick(family, ["web_identity", "container"]).selected, family).toBe(family === "js-v2" ? "container" : "web_identity");
    }
  });

  it("a credentials file shadows IRSA only where the profile comes before web identity (JS v2/v3, Rust, C++, .NET v3)", () => {
    const before = (Object.keys(CHAINS) as SdkFamily[]).filter((f) => pick(f, ["profile", "web_identity"]).selected === "profile");
    expect(before.sort()).toEqual(["cpp", "dotnet-v3", "js-v2", "js-v3", "rust"]);
  });

  it("JavaScript v3 skips the environment keys when AWS_PROFILE is set; other SDKs do not", () => {
    expect(pick("js-v3", ["env_static", "web_identity"], true)).toEqual({
      selected: "web_identity",
      shadowed: [],
      skipped: ["env_static"],
    });
    expect(pick("go-v2", ["env_static", "web_identity"], true).selected).toBe("env_static");
  });

  it("with nothing configured every chain ends on the instance metadata service", () => {
    for (const family of Object.keys(CHAINS) as SdkFamily[]) expect(pick(family, []).selected).toBe("imds");
  });

  it("maps the SDK table's names and versions to a chain", () => {
    expect(familyOf("js", "2.1550.0")).toBe("js-v2");
    expect(familyOf("js", "3.458.0")).toBe("js-v3");
    expect(familyOf("java", "1.12.746")).toBe("java-v1");
    expect(familyOf("java", "2.21.30")).toBe("java-v2");
    expect(familyOf("python-botocore", "1.34.41")).toBe("python");
    expect(familyOf("aws-cli", "2.15.0")).toBe("python");
    expect(familyOf("dotnet", "3.7.300.0")).toBe("dotnet-v3");
    expect(familyOf("dotnet", "4.0.1.2")).toBe("dotnet-v4");
    expect(familyOf("ruby-core", "3.190.0")).toBe("ruby");
  });
});
