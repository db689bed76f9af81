// The candidate families (src/logs/families.ts): each capped, without repeats, and the patterns that do
// not settle their category never point to more causes than a family may list.

import { describe, expect, it } from "vitest";
import {
  CANDIDATE_FAMILIES,
  looksNeeded,
  MAX_CANDIDATES,
  NO_CREDENTIALS,
  SERVICE_REFUSED_UNNAMED,
  WEB_IDENTITY_REFUSED,
} from "../../src/logs/families.js";
import { getLogPattern, LOG_PATTERNS } from "../../src/logs/patterns/index.js";

describe("candidate families", () => {
  it.each(Object.entries(CANDIDATE_FAMILIES))("%s needs at most MAX_CANDIDATES looks to tell its causes apart", (_, causes) => {
    expect(causes.length).toBeGreaterThan(0);
    expect(looksNeeded(causes)).toBeLessThanOrEqual(MAX_CANDIDATES);
    expect(new Set(causes).size).toBe(causes.length);
  });

  it("no pattern points to more causes than the cap", () => {
    const over = LOG_PATTERNS.filter((p) => looksNeeded(p.suggests) > MAX_CANDIDATES).map((p) => `${p.id} (${p.suggests.length})`);
    expect(over).toEqual([]);
  });

  it("the families' patterns use the family's list, in its order", () => {
    expect(getLogPattern("sts.web_identity_access_denied")?.suggests).toEqual(WEB_IDENTITY_REFUSED);
    expect(getLogPattern("permissions.unattributed_access_denied")?.suggests).toEqual(SERVICE_REFUSED_UNNAMED);
    expect(getLogPattern("creds.go_no_valid_providers")?.suggests).toEqual(NO_CREDENTIALS);
    // Without the annotation there is no AWS_ROLE_ARN, so STS is never asked: not a candidate for its refusal.
    expect(WEB_IDENTITY_REFUSED).not.toContain("irsa_annotation.missing");
    // Four trust-policy causes are one read of the trust policy.
    expect(looksNeeded(["trust_policy.subject_mismatch", "trust_policy.issuer_mismatch", "irsa_annotation.missing"])).toBe(2);
  });
});
