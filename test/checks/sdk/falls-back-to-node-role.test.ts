// sdk.falls_back_to_node_role: calls made as the node's instance role, judged by the container that made
// them: one the webhook skipped (high), one with static keys it did not take or set up but ignoring it (medium), an old
// SDK (low: sdk.too_old's cause) or a pod never given a role (low); IMDS hardening always offered.

import { describe, expect, it } from "vitest";
import { check } from "../../../src/checks/sdk/falls-back-to-node-role.js";
import { deriveFacts } from "../../../src/diagnosis/facts/index.js";
import { found } from "../../../src/snapshot/evidence.js";
import type { Container, LogMatch, Snapshot } from "../../../src/snapshot/types.js";
import { loadScenario, variant } from "../../support/scenarios.js";

const PI = "healthy--pod-identity";
const IRSA = "healthy--irsa";
const NODE_ROLE = "eksctl-prod-eu-nodegroup-general-NodeInstanceRole-1XKQ4Z7T2M9B";
const INSTANCE = "i-0abc123def4567890";

const run = (s: Snapshot) => check.run(s, deriveFacts(s));

const denied = (container: string): LogMatch => ({
  patternId: "permissions.node_role_access_denied",
  file: `payments-api-7d9c8b6f5-x2k4q/${container}.log`,
  line: 1,
  text: `User: arn:aws:sts::111122223333:assumed-role/${NODE_ROLE}/${INSTANCE} is not authorized to perform: s3:PutObject on resource: "arn:aws:s3:::prod-eu-payments-statements/outbox/x.pdf"`,
  time: null,
  captures: { roleName: NODE_ROLE, sessionName: INSTANCE, action: "s3:PutObject" },
});

function withLogs(s: Snapshot, matches: LogMatch[]): void {
  s.logs = found(
    { files: [...new Set(matches.map((m) => m.file))], matches, counts: Object.fromEntries(matches.map((m) => [m.patternId, 1])) },
    "logs/",
  );
}

function addSidecar(s: Snapshot, extra: Partial<Container> = {}, skip = false): void {
  if (s.k8s.pod.status !== "found") throw new Error("no pod");
  const pod = s.k8s.pod.value;
  pod.spec.containers.push({
    name: "statements-sync",
    image: "public.ecr.aws/aws-cli/aws-cli:2.15.30",
    env: [{ name: "AWS_DEFAULT_REGION", value: "eu-west-1" }],
    ...extra,
  });
  if (skip) pod.metadata.annotations = { ...pod.metadata.annotations, "eks.amazonaws.com/skip-containers": "statements-sync" };
}

describe("sdk.falls_back_to_node_role", () => {
  it("does not fire on the healthy IRSA and Pod Identity scenarios", async () => {
    expect(run(await variant(IRSA, () => {}))).toBeNull();
    expect(run(await variant(PI, () => {}))).toBeNull();
  });

  it("fires high for a sidecar named in skip-containers, with the patch that un-skips it and the IMDS hardening", async () => {
    const finding = run(
      await variant(IRSA, (x) => {
        addSidecar(x, {}, true);
        withLogs(x, [denied("statements-sync")]);
      }),
    );
    expect(finding?.causeId).toBe("sdk.falls_back_to_node_role");
    expect(finding?.confidence).toBe("high");
    expect(finding?.detail).toContain(
      `made as the node's role ${NODE_ROLE} (session ${INSTANCE}, the pod's node) instead of arn:aws:iam::111122223333:role/payments-api-irsa`,
    );
    expect(finding?.detail).toContain("eks.amazonaws.com/skip-containers annotation names it");
    expect(finding?.actions[0]?.command).toBe(
      `kubectl patch deployment/payments-api -n payments --type merge -p '{"spec":{"template":{"metadata":{"annotations":{"eks.amazonaws.com/skip-containers":null}}}}}'`,
    );
    expect(finding?.actions[1]?.command).toBe(
      `aws ec2 modify-instance-metadata-options --instance-id ${INSTANCE} --http-tokens required --http-put-response-hop-limit 1 --region eu-west-1`,
    );
  });

  it("fires high for a container the webhook did not set up without skip-containers, asking to re-create the pods", async () => {
    const finding = run(
      await variant(IRSA, (x) => {
        addSidecar(x);
        withLogs(x, [denied("statements-sync")]);
      }),
    );
    expect(finding?.confidence).toBe("high");
    expect(finding?.detail).toContain("the webhook did not set it up");
    expect(finding?.actions[0]?.safety).toBe("Restart pods");
  });

  it("is medium when the calling container has static keys: a node-role session shows they were not taken", async () => {
    const finding = run(
      await variant(IRSA, (x) => {
        addSidecar(x, {
          env: [
            { name: "AWS_ACCESS_KEY_ID", valueFrom: { secretKeyRef: { name: "s3", key: "id" } } },
            { name: "AWS_SECRET_ACCESS_KEY", valueFrom: { secretKeyRef: { name: "s3", key: "secret" } } },
          ],
        });
        withLogs(x, [denied("statements-sync")]);
      }),
    );
    // Keys the SDK took would sign as their IAM user, not as the node's role.
    expect(finding?.confidence).toBe("medium");
    expect(finding?.detail).toMatch(/yet the call ran as the node's role, so its SDK did not take them/);
    expect(finding?.detail).toMatch(
      /with no IRSA or Pod Identity settings in the container its chain ends at the instance metadata service/,
    );
    expect(finding?.toConfirm?.[0]).toMatch(
      /whether AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY of container statements-sync hold values at run time/,
    );
    expect(finding?.actions[0]?.command).toBe(
      "kubectl set env deployment/payments-api -n payments -c statements-sync AWS_ACCESS_KEY_ID- AWS_SECRET_ACCESS_KEY- AWS_SESSION_TOKEN-",
    );
  });

  it("is medium when the calling container is set up and no SDK version is known", async () => {
    const finding = run(await variant(IRSA, (x) => withLogs(x, [denied("payments-api")])));
    expect(finding?.confidence).toBe("medium");
    expect(finding?.toConfirm?.[0]).toContain("the AWS SDK version of the calling container");
  });

  it("is high when the calling container's Java SDK says its STS module is missing: add the module (held-back set 6's Fedora pod)", async () => {
    const missing: LogMatch = {
      ...denied("payments-api"),
      patternId: "sdk.java_sts_module_missing",
      text: "WARN (WebIdentityCredentialsUtils) To use web identity tokens, the 'sts' service module must be on the class path.",
      captures: {},
    };
    const finding = run(await variant(IRSA, (x) => withLogs(x, [missing, denied("payments-api")])));
    expect(finding?.confidence).toBe("high");
    expect(finding?.detail).toMatch(/STS module is not on the class path/);
    expect(finding?.actions[0]?.command).toContain("software.amazon.awssdk:sts");
  });

  it("is low, naming sdk.too_old, when the logs show an SDK too old for IRSA", async () => {
    const version: LogMatch = {
      patternId: "sdk.version.python_boto3",
      file: "payments-api-7d9c8b6f5-x2k4q/payments-api.log",
      line: 2,
      text: "'User-Agent': 'Boto3/1.9.200 Python/3.7.4'",
      time: null,
      captures: { version: "1.9.200" },
    };
    const finding = run(await variant(IRSA, (x) => withLogs(x, [version, denied("payments-api")])));
    expect(finding?.confidence).toBe("low");
    expect(finding?.detail).toContain("sdk.too_old is the cause");
  });

  it("is low when no container of the pod has credential settings", async () => {
    const finding = run(
      await variant(IRSA, (x) => {
        if (x.k8s.pod.status !== "found") throw new Error("no pod");
        for (const c of x.k8s.pod.value.spec.containers)
          c.env = (c.env ?? []).filter((e) => !["AWS_ROLE_ARN", "AWS_WEB_IDENTITY_TOKEN_FILE"].includes(e.name));
        withLogs(x, [denied("payments-api")]);
      }),
    );
    expect(finding?.confidence).toBe("low");
  });

  it("does not fire for an AccessDenied that names the pod's own role", async () => {
    const own: LogMatch = {
      ...denied("payments-api"),
      patternId: "permissions.access_denied",
      text: "User: arn:aws:sts::111122223333:assumed-role/payments-api-irsa/1715677516 is not authorized to perform: s3:PutObject",
    };
    expect(run(await variant(IRSA, (x) => withLogs(x, [own])))).toBeNull();
  });
});

// Hadoop S3A's own provider list has no web identity provider: an S3A refusal in a container given IRSA's settings,
// for a read the pod's role allows, is the node's role (medium); a provider list naming web identity, static keys in
// the environment, or a role that does not allow the read leave it to the other causes.
const SPARK = "sdk.falls_back_to_node_role--spark-s3a-instance-profile-before-web-identity";

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
