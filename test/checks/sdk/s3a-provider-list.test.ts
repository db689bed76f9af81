// Hadoop S3A's own provider list has no web identity provider: an S3A refusal in a container given IRSA's settings,
// for a read the pod's role allows, is the node's role (medium); a provider list naming web identity, static keys in
// the environment, or a role that does not allow the read leave it to the other causes.

import { describe, expect, it } from "vitest";
import { check } from "../../../src/checks/sdk/falls-back-to-node-role.js";
import { deriveFacts } from "../../../src/diagnosis/facts/index.js";
import type { Snapshot } from "../../../src/snapshot/types.js";
import { loadScenario, variant } from "../../support/scenarios.js";

const SPARK = "sdk.falls_back_to_node_role--spark-s3a-instance-profile-before-web-identity";
const run = (s: Snapshot) => check.run(s, deriveFacts(s));

function container(s: Snapshot) {
  if (s.k8s.pod.status !== "found") throw new Error("no pod");
  const c = s.k8s.pod.value.spec.containers.find((x) => x.name === "orchestration");
  if (!c) throw new Error("no orchestration container");
  return c;
}

describe("sdk.falls_back_to_node_role from Hadoop S3A's provider list", () => {
  it("names S3A's default chain and the provider to set when the role allows the refused read", async () => {
    const finding = run(await loadScenario(SPARK));
    expect(finding?.confidence).toBe("medium");
    expect(finding?.detail).toContain("Hadoop S3A in container orchestration");
    expect(finding?.detail).toContain("allows s3:GetObject on it");
    expect(finding?.actions[0]?.command).toContain(
      "spark.hadoop.fs.s3a.aws.credentials.provider software.amazon.awssdk.auth.credentials.WebIdentityTokenFileCredentialsProvider",
    );
  });

  it("stays quiet when the container's spec sets a web identity provider for S3A", async () => {
    const s = await variant(SPARK, (x) => {
      const c = container(x);
      c["args"] = ["--conf", "spark.hadoop.fs.s3a.aws.credentials.provider=com.amazonaws.auth.WebIdentityTokenCredentialsProvider"];
    });
    expect(run(s)).toBeNull();
  });

  it("still fires when the spec sets a provider list without web identity", async () => {
    const s = await variant(SPARK, (x) => {
      container(x).env?.push({
        name: "SPARK_SUBMIT_OPTS",
        value: "-Dspark.hadoop.fs.s3a.aws.credentials.provider=org.apache.hadoop.fs.s3a.auth.IAMInstanceCredentialsProvider",
      });
    });
    expect(run(s)?.causeId).toBe("sdk.falls_back_to_node_role");
  });

  it("leaves static keys in the environment to the static-keys cause", async () => {
    const s = await variant(SPARK, (x) => {
      container(x).env?.push({ name: "AWS_ACCESS_KEY_ID", value: "AKIAEXAMPLEEXAMPLE00" });
    });
    expect(run(s)).toBeNull();
  });

  it("leaves a role that does not allow the read to the permissions cause", async () => {
    const s = await variant(SPARK, (x) => {
      const perms = Object.values(x.aws.rolePermissions)[0];
      if (perms?.status !== "found") throw new Error("no permissions");
      for (const p of perms.value.inline) p.Document = { Version: "2012-10-17", Statement: [] };
    });
    expect(run(s)).toBeNull();
  });
});
