// A copy of the healthy IRSA scenario seeded with every credential form the hardening issue names, each
// with a value of its own so a leak says which form got through: AWS secret keys bare and assigned, access
// key ids, bearer tokens, JWTs, kubeconfig `token:` and `client-key-data`, a PEM private key,
// X-Amz-Security-Token, a password in a URL, a secret on the line after its variable name, and an AWS error
// message quoting a key. The secrets sit in env values, annotations, log lines and an error file.

import { cp, mkdtemp, readFile, readdir, rm, writeFile, mkdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseAllDocuments, stringify } from "yaml";
import { scenarioDir } from "../collect/helpers.js";

export const POD = "payments-api-7d9c8b6f5-x2k4q";
export const NAMESPACE = "payments";

/** Fake values in the real shapes. Each must be absent from every output. */
export const SEEDED = {
  bareSecretKey: "Zq8mN3pLx7Rt2VwKb9Yc4Hd6Jf1Gs5Ae0Uo8Ii3Q",
  assignedSecretKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
  envSecretKey: "k3YtR9vQ2mLp8XwZ4nBc7Hd1Jf6Gs0Ae5Uo9IiQ2",
  accessKeyId: "AKIAZ7QWERTYUIOPASD2",
  bearer: "ya29.a0AfB_byC-bearer-token-value-9f8e7d6c",
  bareBearer: "gho_16C7e42F292c6912E7710c838347Ae178B4a",
  jwt: "eyJhbGciOiJSUzI1NiIsImtpZCI6InNlZWRlZCJ9.eyJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQ6cGF5bWVudHMifQ.c2VlZGVkLXNpZ25hdHVyZQ",
  eksToken: "k8s-aws-v1.aHR0cHM6Ly9zdHMuZXUtd2VzdC0xLmFtYXpvbmF3cy5jb20vP0FjdGlvbj1HZXRDYWxsZXJJZGVudGl0eQ",
  staticKubeToken: "q9vX2mLp8RtZ4nBc7Hd1Jf6Gs0Ae5Uo9",
  clientKeyData: "LS0tLS1CRUdJTiBSU0EgUFJJVkFURSBLRVktLS0tLQpNSUlFcEFJQkFBS0NBUUVBc2VlZGVkCg==",
  pemBody: "MIIEpAIBAAKCAQEAseededPEMbodyLINEabcdefghijklmnopqrstuvwxyz0123",
  securityToken: "AQoDYXdzEPT//////////wEXAMPLEtvSRyh0FW7jEXAMPLEsessionVALUE",
  sessionToken: "IQoJb3JpZ2luX2VjEXAMPLEsessionTOKENvalue1234567890abcdef",
  urlPassword: "pr0xyP4ssw0rdSeeded",
  nextLineSecret: "N3xtL1neSecretVa1ueXYZ/abcDEF12345678901",
  dbPassword: "hunter2-db-Pa55-seeded",
  errorKeyId: "AKIAERRORMESSAGEKEY7",
} as const;

/** Formats that must not appear in any output whatever the value (a new form leaking is caught too). */
export const SECRET_FORMATS: [string, RegExp][] = [
  ["an AWS access key id", /\b(AKIA|ASIA)[A-Z0-9]{16}\b/],
  ["a JWT", /eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/],
  ["a PEM private key", /BEGIN [A-Z ]*PRIVATE KEY-----\s*[A-Za-z0-9+/]/],
  ["an EKS bearer token", /k8s-aws-v1\.[A-Za-z0-9_-]{8,}/],
];

export async function buildSeededBundle(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "irsa-doctor-seeded-"));
  await cp(scenarioDir("healthy--irsa"), dir, { recursive: true });
  const s = SEEDED;

  const podFile = (await readdir(join(dir, "k8s"))).find((f) => f.startsWith(`pod-${POD}`));
  if (!podFile) throw new Error(`healthy--irsa has no k8s/pod-${POD}.* file`);
  const podPath = join(dir, "k8s", podFile);
  const pod = parseAllDocuments(await readFile(podPath, "utf8"))[0]?.toJS() as {
    spec: { containers: { env?: { name: string; value?: string }[]; args?: string[] }[] };
    metadata: { annotations?: Record<string, string>; labels?: Record<string, string> };
  };
  const container = pod.spec.containers[0]!;
  container.env = [
    ...(container.env ?? []),
    { name: "AWS_SECRET_ACCESS_KEY", value: s.envSecretKey },
    { name: "DB_PASSWORD", value: s.dbPassword },
    { name: "HTTPS_PROXY", value: `http://svc-payments:${s.urlPassword}@proxy.internal:3128` },
    { name: "UPLOAD_SESSION", value: s.sessionToken },
    { name: "LEGACY_SIGNING", value: s.bareSecretKey },
  ];
  container.args = ["--token", s.staticKubeToken];
  pod.metadata.annotations = {
    ...pod.metadata.annotations,
    "example.com/bootstrap-kubeconfig": `users:\n- name: ci\n  user:\n    token: ${s.eksToken}\n    client-key-data: ${s.clientKeyData}\n`,
    "example.com/registry-auth": `Bearer ${s.bareBearer}`,
  };
  await writeFile(podPath, stringify(pod));

  const logDir = join(dir, "logs", POD);
  const logFile = (await readdir(logDir))[0]!;
  const at = (sec: number) => `2024-05-14T09:31:${String(sec).padStart(2, "0")}.000Z`;
  const lines = [
    `${at(1)} ERROR aws AccessDenied: not authorized; static keys aws_access_key_id=${s.accessKeyId} aws_secret_access_key=${s.assignedSecretKey}`,
    `${at(2)} ERROR aws AccessDenied: loaded legacy signing key ${s.bareSecretKey} from config`,
    `${at(3)} ERROR http  AccessDenied calling upstream with header Authorization: Bearer ${s.bearer}`,
    `${at(4)} ERROR http  AccessDenied retried with Bearer ${s.bareBearer}`,
    `${at(5)} ERROR auth  InvalidIdentityToken: read projected token: ${s.jwt}`,
    `${at(6)} ERROR kube  Unauthorized with kubeconfig user token: ${s.staticKubeToken}`,
    `${at(7)} ERROR kube  Unauthorized; exec plugin printed {"kind":"ExecCredential","status":{"token":"${s.eksToken}"}}`,
    `${at(8)} ERROR kube  client-key-data: ${s.clientKeyData}`,
    `${at(9)} ERROR tls   AccessDenied: failed to load key -----BEGIN RSA PRIVATE KEY-----`,
    s.pemBody,
    "-----END RSA PRIVATE KEY-----",
    `${at(10)} ERROR s3    AccessDenied GET https://bucket.s3.amazonaws.com/k?X-Amz-Security-Token=${encodeURIComponent(s.securityToken)}&X-Amz-Date=20240514T093110Z`,
    `${at(11)} ERROR net   AccessDenied via proxy http://svc-payments:${s.urlPassword}@proxy.internal:3128`,
    `${at(12)} ERROR cfg   AccessDenied: credentials dumped, AWS_SECRET_ACCESS_KEY:`,
    `    ${s.nextLineSecret}`,
    `${at(13)} ERROR cfg   AccessDenied: session AWS_SESSION_TOKEN=${s.sessionToken}`,
    "",
  ];
  await writeFile(join(logDir, logFile), (await readFile(join(logDir, logFile), "utf8")) + lines.join("\n"));

  await mkdir(join(dir, "aws"), { recursive: true });
  // An AWS error that quotes credentials, where the loader turns it into missing evidence.
  await rm(join(dir, "aws", "iam-list-attached-role-policies-payments-api-irsa.json"));
  await writeFile(
    join(dir, "aws", "iam-list-attached-role-policies-payments-api-irsa.error.txt"),
    `An error occurred (AccessDenied) when calling the ListAttachedRolePolicies operation: User with access key ${s.errorKeyId} and secret ${s.assignedSecretKey} is not authorized to perform: iam:ListAttachedRolePolicies on resource: role payments-api-irsa\n`,
  );
  return dir;
}

/** Every seeded value and secret format found in `text`, named; empty when nothing leaked. */
export function leaksIn(text: string): string[] {
  const found: string[] = [];
  for (const [name, value] of Object.entries(SEEDED)) {
    for (const form of new Set([value, encodeURIComponent(value)])) if (text.includes(form)) found.push(`${name} (${form})`);
  }
  for (const [what, re] of SECRET_FORMATS) {
    const m = re.exec(text);
    if (m) found.push(`${what}: ${m[0]}`);
  }
  return found;
}
