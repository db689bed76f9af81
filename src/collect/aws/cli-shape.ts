// Turns an AWS SDK v3 output into what `aws <service> <command> --output json` prints, so live outputs
// are classified by the offline loader's own code and capture saves exactly the offline format: no
// $metadata or paging fields, times as the CLI prints them, IAM policy documents decoded (IAM sends them
// URL-encoded and the SDK does not decode them), pages merged as the CLI's auto-pagination does.

import { parsePolicy } from "../../iam/index.js";

/** "2024-01-22T14:03:44.185000+00:00", or without the fraction when it is zero, as the CLI prints times. */
function cliTime(d: Date): string {
  const iso = d.toISOString();
  const ms = d.getUTCMilliseconds();
  return ms === 0 ? iso.replace(/\.\d{3}Z$/, "+00:00") : iso.replace(/\.(\d{3})Z$/, ".$1000+00:00");
}

const PAGING_KEYS = new Set(["$metadata", "IsTruncated", "Marker", "NextToken", "nextToken"]);

/** A deep copy without SDK-only fields, with Dates as CLI strings and undefined values dropped. */
function plainCli(value: unknown, top = true): unknown {
  if (value instanceof Date) return cliTime(value);
  if (Array.isArray(value)) return value.map((v) => plainCli(v, false));
  if (value === null || typeof value !== "object") return value;
  if (value instanceof Uint8Array) return Buffer.from(value).toString("base64");
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (v === undefined || (top && PAGING_KEYS.has(k))) continue;
    out[k] = plainCli(v, false);
  }
  return out;
}

/**
 * A policy document as the CLI prints it: decoded to an object. A document that does not decode is kept
 * as received, so the loader's classification reports it rather than this code hiding it.
 */
function decodedDocument(raw: unknown): unknown {
  if (typeof raw !== "string") return raw;
  try {
    return parsePolicy(raw).original;
  } catch {
    return raw;
  }
}

type Obj = Record<string, unknown>;

/** The CLI output of one operation from the SDK output(s) it took (several pages for the paged lists). */
export function cliOutput(operation: string, pages: unknown[]): unknown {
  const [first = {}] = pages.map((p) => plainCli(p) as Obj);
  const all = pages.map((p) => plainCli(p) as Obj);
  const merged = (key: string) => all.flatMap((p) => (Array.isArray(p[key]) ? (p[key] as unknown[]) : []));
  switch (operation) {
    case "GetRole": {
      const role = first["Role"] as Obj | undefined;
      return role ? { Role: { ...role, AssumeRolePolicyDocument: decodedDocument(role["AssumeRolePolicyDocument"]) } } : first;
    }
    case "GetRolePolicy":
      return { ...first, PolicyDocument: decodedDocument(first["PolicyDocument"]) };
    case "GetPolicyVersion": {
      const version = first["PolicyVersion"] as Obj | undefined;
      return version ? { PolicyVersion: { ...version, Document: decodedDocument(version["Document"]) } } : first;
    }
    case "ListAttachedRolePolicies":
      return { AttachedPolicies: merged("AttachedPolicies") };
    case "ListRolePolicies":
      return { PolicyNames: merged("PolicyNames") };
    case "ListPolicies":
      return { Policies: merged("Policies") };
    case "ListPodIdentityAssociations":
      return { associations: merged("associations") };
    case "ListClusters":
      return { clusters: merged("clusters") };
    case "LookupEvents":
      return { Events: merged("Events") };
    default:
      return first;
  }
}
