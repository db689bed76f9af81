// closestNames (src/util/closest.ts): the "did you mean" list of the target check. Edit distance, a prefix
// counted as close, nothing far-fetched, at most five.

import { describe, expect, it } from "vitest";
import { closestNames, editDistance } from "../../src/util/closest.js";

describe("closestNames", () => {
  it.each([
    ["kitten", "sitting", 3],
    ["", "abc", 3],
    ["payments", "payments", 0],
  ])("editDistance(%j, %j) = %d", (a, b, d) => {
    expect(editDistance(a, b)).toBe(d);
  });

  it("ranks by distance, counts a name the given one begins as close, and drops the far ones", () => {
    const names = ["payments-api-7d9c8b6f5-x2k4q", "payments-worker-5c6d7-abcde", "billing", "paymnets-api"];
    expect(closestNames("payments-api", names)).toEqual(["payments-api-7d9c8b6f5-x2k4q", "paymnets-api"]);
    expect(closestNames("zzz", names)).toEqual([]);
  });

  it("returns at most the number asked, ties by name", () => {
    expect(closestNames("ab", ["ac", "ad", "ae", "aa"], 2)).toEqual(["aa", "ac"]);
  });
});
