// Mechanisms behind the seventh dev collection's misses, each in its emitter's own words (the source is
// named beside each line; none is a corpus line): a bodyless 403 in later Java v2 releases, aws-config's ECS
// provider built without a DNS resolver, and JavaScript v2's chain hiding an unreadable token file.

import { describe, expect, it } from "vitest";
import { JS_V2_CHAIN_EMPTY } from "../../src/logs/families.js";
import { getLogPattern } from "../../src/logs/patterns/index.js";
import { recogniseMessages } from "../../src/logs/recognise.js";

const ids = (line: string): string[] => recogniseMessages(line).map((m) => m.patternId);

describe("the seventh collection's mechanisms", () => {
  it("reads Java v2's bodyless 403 filled with the status text as a refusal that names no caller", () => {
    // aws-sdk-java-v2: a HEAD request's 403 has no error body; later 2.x releases put the status text where
    // earlier ones printed "null" (AwsServiceException's message, then "(Service: S3, Status Code: 403, ...").
    expect(
      ids("software.amazon.awssdk.services.s3.model.S3Exception: Forbidden (Service: S3, Status Code: 403, Request ID: 8Q2K1V0C5B7N3M4X)"),
    ).toContain("permissions.unattributed_access_denied");
    expect(
      ids("software.amazon.awssdk.services.s3.model.S3Exception: Forbidden (Service: S3, Status Code: 404, Request ID: 8Q2K)"),
    ).toEqual([]);
  });

  it("reads aws-config's ECS provider without a DNS resolver as the SDK refusing the agent's URI", () => {
    // aws-config src/ecs.rs: EcsConfigurationError::InvalidFullUri with InvalidFullUriErrorKind::NoDnsResolver.
    const line =
      "provider failed to provide credentials provider=EcsContainer error=the credentials provider was not properly configured: invalid full URI for ECS provider (no DNS resolver was provided. Enable `rt-tokio` or provide a `dns` resolver to the builder.): http://[fd00:ec2::23]/v1/credentials";
    expect(ids(line)).toContain("sdk.container_host_rejected");
    expect(getLogPattern("sdk.container_host_rejected")?.decides).toBe("sdk.too_old");
  });

  it("takes an ECR host whose registry id a source masked or replaced, as it does a real one", () => {
    // ".dkr.ecr." names ECR whatever the registry id; go-containerregistry's and Docker's words for a request
    // that carried no registry token.
    expect(
      ids('could not get tags: Get "https://ACCOUNT.dkr.ecr.eu-west-1.amazonaws.com/v2/shop/api/tags/list": no basic auth credentials'),
    ).toContain("ecr.registry_unauthenticated");
    expect(ids('Get "https://registry.example.com/v2/shop/api/tags/list": no basic auth credentials')).toEqual([]);
  });

  it("reads a node-role principal that GitLab's job log masked ([MASKED]) as the node's role", () => {
    // GitLab prints a masked CI variable as [MASKED] (docs: CI/CD variables, "Mask a CI/CD variable").
    expect(
      ids(
        "DENIED: User: arn:aws:sts::[MASKED]:assumed-role/[MASKED]-NodeInstanceRole/i-[MASKED] is not authorized to perform: ecr:PutImage on resource: arn:aws:ecr:us-east-1:[MASKED]:repository/shop",
      ),
    ).toContain("permissions.node_role_access_denied");
  });

  it("reads Go v1's NoCredentialProviders where a paste wraps its message", () => {
    // aws-sdk-go aws/credentials/chain_provider.go: ErrNoValidProvidersFoundInChain, "no valid providers in chain. Deprecated."
    expect(ids('level=error msg="error syncing tables" err="NoCredentialProviders: no valid providers')).toContain(
      "creds.go_no_valid_providers",
    );
  });

  it("lists an unreadable token file among JavaScript v2's hidden chain failures", () => {
    expect(JS_V2_CHAIN_EMPTY).toContain("token.not_mounted_or_unreadable");
  });
});
