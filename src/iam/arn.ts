// ARN parsing and IAM's ARN comparison. An ARN has six colon-separated components; the last (the
// resource) may itself contain colons, so only the first five colons split.

import { wildcardMatch } from "./wildcard.js";

export interface Arn {
  partition: string;
  service: string;
  region: string;
  account: string;
  resource: string;
}

export function parseArn(s: string): Arn | null {
  if (!s.startsWith("arn:")) return null;
  const parts: string[] = [];
  let rest = s;
  for (let i = 0; i < 5; i++) {
    const colon = rest.indexOf(":");
    if (colon === -1) return null;
    parts.push(rest.slice(0, colon));
    rest = rest.slice(colon + 1);
  }
  const [, partition = "", service = "", region = "", account = ""] = parts;
  if (partition === "" || service === "") return null;
  return { partition, service, region, account, resource: rest };
}

/**
 * ArnLike / ArnEquals (IAM documents them as the same comparison): each component is compared on its
 * own, case-sensitively, with "*" and "?" wildcards that cannot reach into the next component.
 * A policy value that is not a whole ARN (e.g. "*") is compared as one string.
 */
export function arnMatches(pattern: string, value: string): boolean {
  const p = splitSix(pattern);
  const v = splitSix(value);
  if (p === null || v === null) return wildcardMatch(pattern, value);
  return p.every((part, i) => wildcardMatch(part, v[i] ?? ""));
}

function splitSix(s: string): string[] | null {
  const parts = s.split(":");
  if (parts.length < 6) return null;
  return [...parts.slice(0, 5), parts.slice(5).join(":")];
}
