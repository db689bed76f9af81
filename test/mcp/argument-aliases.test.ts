// Arguments are camelCase; the awslabs EKS MCP server's snake_case names and a runbook step's spellings are
// accepted as aliases (the cloudwatch and deploy-addon tests call tools with them through the real server).

import { describe, expect, it } from "vitest";
import { withArgumentAliases } from "../../src/mcp/argument-aliases.js";

describe("withArgumentAliases", () => {
  const shape = { clusterName: 1, resourceType: 1, startTime: 1, findingIds: 1, diagnosisId: 1 };

  it("renames snake_case names to the camelCase ones the tool takes", () => {
    expect(withArgumentAliases(shape, { cluster_name: "c", resource_type: "cluster", start_time: "t", finding_ids: ["F-001"] })).toEqual({
      clusterName: "c",
      resourceType: "cluster",
      startTime: "t",
      findingIds: ["F-001"],
    });
  });

  it("takes cluster for clusterName and cluster_name for cluster", () => {
    expect(withArgumentAliases(shape, { cluster: "c" })).toEqual({ clusterName: "c" });
    expect(withArgumentAliases({ cluster: 1 }, { cluster_name: "c" })).toEqual({ cluster: "c" });
  });

  it("leaves a name given both ways, and an unknown name, for the strict parse to report", () => {
    expect(withArgumentAliases(shape, { diagnosisId: "a", diagnosis_id: "b", colour: "red" })).toEqual({
      diagnosisId: "a",
      diagnosis_id: "b",
      colour: "red",
    });
  });

  it("passes non-objects through", () => {
    expect(withArgumentAliases(shape, null)).toBeNull();
    expect(withArgumentAliases(shape, ["x"])).toEqual(["x"]);
  });
});
