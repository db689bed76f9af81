// Builds, in a temporary folder, a copy of the healthy IRSA scenario with what the shared fixtures lack:
// an inline role policy (so GetRolePolicy is exercised), an AWS managed policy (not in ListPolicies' local
// scope, so the GetPolicy fallback is exercised), a Secret object, and credentials where pods and
// logs leak them (a JWT and AWS keys in env values and log lines), for the capture's secret tests.

import { cp, mkdtemp, readFile, readdir, writeFile, appendFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseAllDocuments, stringify } from "yaml";
import { scenarioDir } from "../collect/helpers.js";

export const BASE = "healthy--irsa";
export const ROLE = "payments-api-irsa";
export const POD = "payments-api-7d9c8b6f5-x2k4q";
export const INLINE_POLICY = "kms-decrypt-statements";
export const AWS_MANAGED_POLICY = "AmazonS3ReadOnlyAccess";

/** Obviously fake credentials in the real formats, so a leak is caught by format, not only by value. */
export const FAKE = {
  accessKeyId: "AKIAIOSFODNN7EXAMPLE",
  secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
  jwt: "eyJhbGciOiJSUzI1NiIsImtpZCI6ImZha2UifQ.eyJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQ6cGF5bWVudHM6cGF5bWVudHMtYXBpIn0.ZmFrZS1zaWduYXR1cmU",
  secretData: "c3VwZXItc2VjcmV0LXBhc3N3b3Jk",
};

export async function buildVariant(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "irsa-doctor-variant-"));
  await cp(scenarioDir(BASE), dir, { recursive: true });

  await writeFile(join(dir, "aws", `iam-list-role-policies-${ROLE}.json`), JSON.stringify({ PolicyNames: [INLINE_POLICY] }, null, 4));
  const doc = {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "Decrypt",
        Effect: "Allow",
        Action: "kms:Decrypt",
        Resource: "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
      },
    ],
  };
  await writeFile(
    join(dir, "aws", `iam-get-role-policy-${ROLE}-${INLINE_POLICY}.json`),
    JSON.stringify({ RoleName: ROLE, PolicyName: INLINE_POLICY, PolicyDocument: doc }, null, 4),
  );

  const attachedFile = join(dir, "aws", `iam-list-attached-role-policies-${ROLE}.json`);
  const attached = JSON.parse(await readFile(attachedFile, "utf8")) as { AttachedPolicies: { PolicyName: string; PolicyArn: string }[] };
  attached.AttachedPolicies.push({ PolicyName: AWS_MANAGED_POLICY, PolicyArn: `arn:aws:iam::aws:policy/${AWS_MANAGED_POLICY}` });
  await writeFile(attachedFile, JSON.stringify(attached, null, 4));
  const managed = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["s3:Get*", "s3:List*"], Resource: "*" }] };
  await writeFile(
    join(dir, "aws", `iam-get-policy-version-${AWS_MANAGED_POLICY}.json`),
    JSON.stringify(
      { PolicyVersion: { Document: managed, VersionId: "v3", IsDefaultVersion: true, CreateDate: "2021-09-27T20:16:37+00:00" } },
      null,
      4,
    ),
  );

  const podFile = (await readdir(join(dir, "k8s"))).find((f) => f.startsWith(`pod-${POD}`));
  if (!podFile) throw new Error(`${BASE} has no k8s/pod-${POD}.* file: the variant cannot be built`);
  const podPath = join(dir, "k8s", podFile);
  const pod = parseAllDocuments(await readFile(podPath, "utf8"))[0]?.toJS() as {
    spec: { containers: { env?: { name: string; value?: string }[] }[] };
    metadata: { annotations?: Record<string, string> };
  };
  const container = pod.spec.containers[0];
  if (!container) throw new Error("the pod has no container");
  container.env = [
    ...(container.env ?? []),
    { name: "AWS_ACCESS_KEY_ID", value: FAKE.accessKeyId },
    { name: "AWS_SECRET_ACCESS_KEY", value: FAKE.secretAccessKey },
    { name: "STATEMENTS_API_TOKEN", value: FAKE.jwt },
    { name: "LEGACY_KEY_PAIR", value: `${FAKE.accessKeyId}:${FAKE.secretAccessKey}` },
  ];
  pod.metadata.annotations = { ...pod.metadata.annotations, "example.com/bootstrap-token": FAKE.jwt };
  await writeFile(podPath, stringify(pod));

  await writeFile(
    join(dir, "k8s", "secret-payments-api.yaml"),
    stringify({
      apiVersion: "v1",
      kind: "Secret",
      metadata: { name: "payments-api-db", namespace: "payments" },
      type: "Opaque",
      data: { password: FAKE.secretData },
    }),
  );

  const logDir = join(dir, "logs", POD);
  const logFile = (await readdir(logDir))[0];
  if (!logFile) throw new Error("the scenario has no pod log");
  await appendFile(
    join(logDir, logFile),
    [
      `2024-05-14T09:31:00.000Z DEBUG aws         static keys aws_access_key_id=${FAKE.accessKeyId} aws_secret_access_key=${FAKE.secretAccessKey}`,
      `2024-05-14T09:31:01.000Z DEBUG auth        read projected token: ${FAKE.jwt}`,
      "",
    ].join("\n"),
  );
  return dir;
}
