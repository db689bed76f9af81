// Hadoop's S3A connector does not take the AWS SDK's default credential chain: it builds its own from
// fs.s3a.aws.credentials.provider, whose default in every release (2.8 to 3.4, SDK v1 and v2) is
// TemporaryAWSCredentialsProvider, SimpleAWSCredentialsProvider (both read fs.s3a.* keys from the Hadoop
// configuration), the environment's access keys, then IAMInstanceCredentialsProvider (the container
// credentials endpoint, then the EC2 instance profile). Web identity is not in it
// (https://hadoop.apache.org/docs/current/hadoop-aws/tools/hadoop-aws/authentication.html). So a JVM whose own
// SDK client uses IRSA runs its S3A file system as the node's instance role unless the provider list names a
// web identity provider, and S3 answers a bodyless 403 that names nobody. The evidence: S3A's own wording of
// the refusal ("AccessDeniedException: <path>: <operation> on <path>: ..." from S3AUtils.translateException)
// in a container given web identity settings and no static keys, no provider list naming web identity in
// its spec, and the pod's role allowing the read S3A was refused.

import type { Facts } from "../../diagnosis/facts/index.js";
import { valueOf } from "../../snapshot/evidence.js";
import type { Container, LogMatch, Snapshot } from "../../snapshot/types.js";
import { containerOfLog } from "./symptoms.js";
import { evaluateIdentityPolicies } from "../permissions/identity-policies.js";

/** S3AUtils.translateException: "java.nio.file.AccessDeniedException: <path>: <operation> on <path>: <cause>". */
const S3A_REFUSAL = /AccessDeniedException: (s3[an]?:\/\/([^/\s:]+)\/?([^\s:]*)): (\w+) on s3[an]?:\/\//;
/** S3A operations that read an object (HEAD or GET): IAM checks s3:GetObject for both. */
const READS = new Set(["getFileStatus", "open", "read", "getObjectMetadata", "reopen", "lazySeek"]);
/** Providers that read AWS_WEB_IDENTITY_TOKEN_FILE, directly or as part of the SDK's default chain. */
const WEB_IDENTITY_PROVIDER = /WebIdentityToken\w*CredentialsProvider|DefaultCredentialsProvider|DefaultAWSCredentialsProviderChain/;
const PROVIDER_KEY = /fs\.s3a\.(?:bucket\.[^.\s]+\.)?aws\.credentials\.provider/;

export interface S3aFallback {
  line: LogMatch;
  container: string;
  path: string;
  operation: string;
  /** The pod's role allows the refused read: so the refusal was not the role's. null when not evaluated. */
  roleAllows: boolean | null;
  /** The SDK generation the stack names, for the provider class to configure. */
  sdk: "v1" | "v2" | null;
}

const containersOf = (f: Facts): Container[] => (f.pod ? [...(f.pod.spec.initContainers ?? []), ...f.pod.spec.containers] : []);

/** Every string of the container's spec a provider list could be set in: command, args, env values. */
function specText(c: Container): string {
  const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);
  return [...strings(c["command"]), ...strings(c["args"]), ...(c.env ?? []).map((e) => `${e.name}=${e.value ?? ""}`)].join("\n");
}

/** The container names a provider list, and none of it reads web identity. */
function providerListOf(c: Container): "web_identity" | "other" | "unset" {
  const text = specText(c);
  if (!PROVIDER_KEY.test(text)) return "unset";
  return WEB_IDENTITY_PROVIDER.test(text) ? "web_identity" : "other";
}

function roleAllowsRead(s: Snapshot, f: Facts, bucket: string, key: string): boolean | null {
  const role = f.irsaRole;
  const perms = role ? valueOf(s.aws.rolePermissions[role.name]) : undefined;
  if (!perms) return null;
  const verdict = evaluateIdentityPolicies(perms, "s3:GetObject", `arn:${f.aws.partition}:s3:::${bucket}/${key}`);
  if (verdict.decision === "allow") return true;
  return verdict.missing.length === 0 ? false : null;
}

/** The first S3A refusal of a container that carries IRSA's settings but whose S3A provider list cannot use them. */
export function s3aFallback(s: Snapshot, f: Facts): S3aFallback | null {
  const byName = new Map(containersOf(f).map((c) => [c.name, c]));
  for (const m of f.logMatches) {
    const hit = S3A_REFUSAL.exec(m.text);
    if (!hit) continue;
    const name = containerOfLog(m);
    const c = byName.get(name) ?? (byName.size === 1 ? [...byName.values()][0] : undefined);
    if (!c) continue;
    const env = new Set((c.env ?? []).map((e) => e.name));
    // Keys in the environment are in S3A's list before the instance profile: a static-keys case, not this one.
    if (!env.has("AWS_WEB_IDENTITY_TOKEN_FILE") || env.has("AWS_ACCESS_KEY_ID")) continue;
    if (providerListOf(c) === "web_identity") continue;
    const [, path, bucket, key, operation] = hit as unknown as [string, string, string, string, string];
    return {
      line: m,
      container: c.name,
      path,
      operation,
      roleAllows: READS.has(operation) && key ? roleAllowsRead(s, f, bucket, key) : null,
      sdk: /software\.amazon\.awssdk/.test(m.text) ? "v2" : /com\.amazonaws\./.test(m.text) ? "v1" : null,
    };
  }
  return null;
}

/** The provider class that makes S3A use the pod's web identity token, for the SDK its stack names. */
export function webIdentityProviderFor(sdk: S3aFallback["sdk"]): string {
  return sdk === "v1"
    ? "com.amazonaws.auth.WebIdentityTokenCredentialsProvider"
    : "software.amazon.awssdk.auth.credentials.WebIdentityTokenFileCredentialsProvider";
}
