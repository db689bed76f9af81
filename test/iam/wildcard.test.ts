// The wildcard matcher and CIDR test the operators rely on, including inputs that would make a naive
// backtracking matcher slow.

import { describe, expect, it } from "vitest";
import { hasWildcard, wildcardMatch } from "../../src/iam/index.js";
import { ipInCidr } from "../../src/iam/ip.js";

describe("wildcardMatch", () => {
  const cases: [string, string, boolean][] = [
    ["*", "", true],
    ["*", "anything:at/all", true],
    ["a*", "a", true],
    ["a*c", "abbbc", true],
    ["a*c", "abbbd", false],
    ["a?c", "abc", true],
    ["a?c", "ac", false],
    ["*:sub", "oidc.eks/id/X:sub", true],
    ["a*b*c", "axxbyyc", true],
    ["a*b*c", "axxbyy", false],
    ["exact", "exact", true],
    ["exact", "exactly", false],
  ];
  for (const [pattern, value, expected] of cases) {
    it(`${JSON.stringify(pattern)} ${expected ? "matches" : "does not match"} ${JSON.stringify(value)}`, () => {
      expect(wildcardMatch(pattern, value)).toBe(expected);
    });
  }
  it("is case-sensitive unless asked otherwise", () => {
    expect(wildcardMatch("S3:Get*", "s3:GetObject")).toBe(false);
    expect(wildcardMatch("S3:Get*", "s3:GetObject", true)).toBe(true);
  });
  it("stays fast on a pattern that makes naive backtracking exponential", () => {
    const start = Date.now();
    expect(wildcardMatch(`${"*a".repeat(30)}b`, "a".repeat(5000))).toBe(false);
    expect(Date.now() - start).toBeLessThan(1000);
  });
  it("knows which values carry a wildcard", () => {
    expect(hasWildcard("system:serviceaccount:ns:*")).toBe(true);
    expect(hasWildcard("a?")).toBe(true);
    expect(hasWildcard("system:serviceaccount:ns:sa")).toBe(false);
  });
});

describe("ipInCidr", () => {
  const cases: [string, string, boolean][] = [
    ["10.0.0.0/8", "10.255.0.1", true],
    ["10.0.0.0/8", "11.0.0.1", false],
    ["192.0.2.7", "192.0.2.7", true],
    ["192.0.2.0/32", "192.0.2.1", false],
    ["0.0.0.0/0", "8.8.8.8", true],
    ["2001:db8::/32", "2001:db8:ffff::1", true],
    ["2001:db8::/32", "2001:db9::1", false],
    ["::ffff:10.0.0.0/104", "::ffff:10.1.2.3", true],
    ["10.0.0.0/8", "2001:db8::1", false],
    ["10.0.0.0/33", "10.0.0.1", false],
    ["not-an-ip", "10.0.0.1", false],
  ];
  for (const [cidr, ip, expected] of cases) {
    it(`${cidr} ${expected ? "contains" : "does not contain"} ${ip}`, () => {
      expect(ipInCidr(cidr, ip)).toBe(expected);
    });
  }
});
