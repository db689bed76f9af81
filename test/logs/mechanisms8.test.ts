// Mechanisms behind the eighth round's misses on dev, each in its emitter's own words (the source is named beside
// each line): a client without a region, which stops the web identity exchange before it reaches STS.

import { describe, expect, it } from "vitest";
import { REGION_MISSING } from "../../src/logs/families.js";
import { getLogPattern } from "../../src/logs/patterns/index.js";
import { recogniseMessages } from "../../src/logs/recognise.js";

const ids = (line: string): string[] => recogniseMessages(line).map((m) => m.patternId);

describe("the eighth round's mechanisms", () => {
  it.each([
    "botocore.exceptions.NoRegionError: You must specify a region.", // botocore/exceptions.py
    "ConfigError: Missing region in config", // aws-sdk-js v2 event_listeners.js
    "Error: Region is missing", // aws-sdk-js-v3 config-resolver
    "MissingRegion: could not find region configuration", // aws-sdk-go aws/request ErrMissingRegion
    "operation error STS: AssumeRoleWithWebIdentity, failed to resolve service endpoint, an AWS region is required, but was not found", // aws-sdk-go-v2
    "Unable to load region from any of the providers in the chain software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain@5a2e4553", // aws-sdk-java-v2
  ])("reads a client without a region as the SDK's configuration or an unmutated pod: %s", (line) => {
    expect(ids(line)).toEqual(["sdk.region_missing"]);
    expect(getLogPattern("sdk.region_missing")?.suggests).toEqual(REGION_MISSING);
  });

  it("lets a web identity exchange that failed for want of a region give way to the region (it never reached STS)", () => {
    // nginx-s3-gateway's njs credential code.
    expect(ids('js: Could not assume role using web identity: "Missing required AWS_REGION env variable"')).toEqual(["sdk.region_missing"]);
    expect(ids("js: Could not assume role using web identity: AccessDenied")).not.toContain("sdk.region_missing");
  });
});
