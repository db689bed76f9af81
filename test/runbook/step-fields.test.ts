// How a step's text gives its tool, params and command, and how labels are read: the conventions the
// phase parser relies on, one case per rule.

import { describe, expect, it } from "vitest";
import { readStepFields } from "../../src/runbook/step-fields.js";
import { readLabel } from "../../src/runbook/labels.js";
import { stripEmphasis } from "../../src/runbook/markdown-text.js";

describe("tool", () => {
  it.each([
    ["Use `search` tool with query=`a|b`", "search"],
    ["Use EKS MCP `get_cloudwatch_logs` with clusterName", "get_cloudwatch_logs"],
    ["Review findings from `errors` tool to classify", "errors"],
    ["Use the `describe_eks_resource` MCP call", "describe_eks_resource"],
    ["Check the `eks.amazonaws.com/role-arn` annotation", null],
    ["If `PLEG is not healthy`: the runtime is overloaded", null],
    ["Use `kubectl get nodes` to list nodes", null],
    ["Use `kubectl` to list nodes", null],
    ["Look at `aws-node` logs", null],
  ])("%s -> %s", (text, tool) => {
    expect(readStepFields(text).tool).toBe(tool);
  });
});

describe("command", () => {
  it.each([
    ["Run `kubectl get nodes` and look", "kubectl get nodes"],
    ["Check `curl -s http://169.254.169.254/latest/meta-data/`", "curl -s http://169.254.169.254/latest/meta-data/"],
    ["Run `my-tool --check` on the node", "my-tool --check"],
    ["Search for `No OpenIDConnect provider found` in logs", null],
    ["Use `search` tool with query=`kubectl logs|aws sts`", null],
    ["Look for `connection refused` messages", null],
  ])("%s -> %s", (text, command) => {
    expect(readStepFields(text).command).toBe(command);
  });

  it("a step can have both a tool and a command", () => {
    expect(readStepFields("Use `search` tool with query=`x`, then run `aws sts get-caller-identity`")).toMatchObject({
      tool: "search",
      command: "aws sts get-caller-identity",
    });
  });
});

describe("params", () => {
  it("key=value with backticked regexes, quotes, single quotes, placeholders and bare values, in text order", () => {
    expect(readStepFields("Use `t` tool with a=`x|y, z`, b=\"two words\", c='q', d=<ns>, e=high.").params).toEqual([
      { name: "a", value: "x|y, z" },
      { name: "b", value: "two words" },
      { name: "c", value: "q" },
      { name: "d", value: "<ns>" },
      { name: "e", value: "high" },
    ]);
  });

  it("bare names after 'with' up to the clause's end; prose after it is not a parameter", () => {
    expect(readStepFields("Use `t` tool with clusterName, instanceId and mode to check the node_name field").params).toEqual([
      { name: "clusterName", value: null },
      { name: "instanceId", value: null },
      { name: "mode", value: null },
    ]);
    expect(readStepFields("Use `t` tool with the node's instance id").params).toEqual([]);
  });

  it("no bare names without a tool; key=value inside a command belongs to the command", () => {
    expect(readStepFields("Check with clusterName first").params).toEqual([]);
    expect(readStepFields("Run `kubectl get pods -l app=web` with severity=low").params).toEqual([{ name: "severity", value: "low" }]);
  });

  it("a name given twice keeps its first value", () => {
    expect(readStepFields("Use `t` tool with instanceId and instanceId=i-1").params).toEqual([{ name: "instanceId", value: null }]);
  });
});

describe("labels", () => {
  it.each([
    ["MUST:", { level: "MUST", condition: null, leadIn: null, inlineStep: null }],
    ["**SHOULD:**", { level: "SHOULD", condition: null, leadIn: null, inlineStep: null }],
    ["MAY (if IPVS mode detected):", { level: "MAY", condition: "if IPVS mode detected", leadIn: null, inlineStep: null }],
    ["**MUST** (if IPVS mode detected):", { level: "MUST", condition: "if IPVS mode detected", leadIn: null, inlineStep: null }],
    [
      "FIRST — Check pod state before collecting logs:",
      { level: "FIRST", condition: null, leadIn: "Check pod state before collecting logs", inlineStep: null },
    ],
    [
      "SHOULD – when the node runs Bottlerocket:",
      { level: "SHOULD", condition: "when the node runs Bottlerocket", leadIn: null, inlineStep: null },
    ],
    ["MAY: Run `dmesg -T`", { level: "MAY", condition: null, leadIn: null, inlineStep: "Run `dmesg -T`" }],
  ])("%s", (line, label) => {
    expect(readLabel(line)).toEqual(label);
  });

  it.each(["MUST be done first", "Must:", "MUSTARD:", "MUST (unclosed:", "- MUST: a step"])("not a label: %s", (line) => {
    expect(readLabel(line)).toBeNull();
  });
});

describe("emphasis", () => {
  it("removes bold and italic outside code spans and keeps regexes inside them", () => {
    expect(stripEmphasis("**Use** the _right_ `token.*expir|a_b_c` tool for *finding_ids*")).toBe(
      "Use the right `token.*expir|a_b_c` tool for finding_ids",
    );
  });
});
