// The candidate families (src/logs/families.ts): each capped, without repeats, and the patterns that do
// not settle their category never point to more causes than a family may list.

import { describe, expect, it } from "vitest";
import {
  CANDIDATE_FAMILIES,
  JS_V2_CHAIN_EMPTY,
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
    expect(getLogPattern("creds.js_v2_missing_credentials")?.suggests).toEqual(JS_V2_CHAIN_EMPTY);
    // Four trust-policy causes are one read of the trust policy.
    expect(looksNeeded(["trust_policy.subject_mismatch", "trust_policy.issuer_mismatch", "irsa_annotation.missing"])).toBe(2);
    // A missing annotation, a pod older than it, a webhook that did not inject and a container's own
    // AWS_ROLE_ARN are one read of the service account and the pod; the SDK's fallback is a look of its own.
    expect(
      looksNeeded([
        "irsa_annotation.missing",
        "irsa_annotation.pod_predates_annotation",
        "webhook.not_injecting",
        "credential_chain.role_arn_override",
        "sdk.falls_back_to_node_role",
      ]),
    ).toBe(2);
  });
});
