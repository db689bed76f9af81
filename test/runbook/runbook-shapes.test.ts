// Runbooks of other shapes than H2, so that the engine does not assume H2's sections, labels or counts:
// four phases with other names and separators, qualified and bold labels, numbered lists, paragraphs,
// nested bullets, shell commands without a tool, inline label steps, unknown sections, another order.

import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FIXTURES, lineOf, parseFile, summary } from "./helpers.js";
import { parseRunbook } from "../../src/runbook/index.js";

const NODE_FILE = join(FIXTURES, "a2-node-not-ready.md");
const DNS_FILE = join(FIXTURES, "a2-dns-resolution-failures.md");
const node = parseFile(NODE_FILE);
const dns = parseFile(DNS_FILE);

describe("four phases named otherwise, with every separator", () => {
  it("reads em dash, en dash, hyphen and colon headings, including 'Classify or Escalate'", () => {
    expect(node.phases.map((p) => [p.number, p.name])).toEqual([
      [1, "Triage"],
      [2, "Enrich"],
      [3, "Classify or Escalate"],
      [4, "Report"],
    ]);
    expect(node.phases[2]!.line).toBe(lineOf(NODE_FILE, "## Phase 3 - Classify or Escalate"));
  });

  it("a phase with no SHOULD list has none, and a phase with only SHOULD has only that", () => {
    expect(node.phases[0]!.steps.map((s) => s.level)).toEqual(["FIRST", "FIRST", "MUST", "MUST", "MAY"]);
    expect(node.phases[3]!.steps.map((s) => s.level)).toEqual(["SHOULD", "SHOULD"]);
  });

  it("ignores an unknown '## Notes' section and the preamble, even when they hold labels and bullets", () => {
    const texts = node.phases.flatMap((p) => p.steps.map((s) => s.text));
    expect(texts).not.toContain("MUST: not a step");
    expect(node.phases.flatMap((p) => p.notes).join(" ")).not.toMatch(/preamble|not part of the format/);
  });

  it("accepts extra frontmatter fields and sections in another order (Output Format before Common Issues)", () => {
    expect(node.outputFormat?.fields.map((f) => f.key)).toEqual(["root_cause", "evidence", "affected_nodes", "mitigation", "notes"]);
    expect(node.commonIssues).toHaveLength(2);
    expect(node.guardrails.safetyRatings).toHaveLength(3);
    expect(node.examples).toHaveLength(1);
  });
});

describe("labels, lists and paragraphs", () => {
  it("bold FIRST lead-in: steps get level FIRST, the lead-in becomes a note after the opening paragraph", () => {
    expect(node.phases[0]!.notes).toEqual([
      "Start from the control plane's view of the node before touching it.",
      "Confirm which nodes are NotReady",
    ]);
  });

  it("steps with a shell command and no tool; an indented line continues its step", () => {
    const [getNodes, describeNode] = node.phases[0]!.steps;
    expect(summary(getNodes!)).toEqual({ level: "FIRST", condition: null, tool: null, params: [], command: "kubectl get nodes -o wide" });
    expect(describeNode!.command).toBe("kubectl describe node <node-name>");
    expect(describeNode!.text).toBe(
      "Run `kubectl describe node <node-name>` to read the node conditions and the time of the last heartbeat",
    );
  });

  it("numbered items before any label default to MUST, with nested bullets as children", () => {
    const enrich = node.phases[1]!;
    const numbered = enrich.steps.slice(0, 3);
    expect(numbered.map((s) => [s.level, s.condition, s.line])).toEqual([
      ["MUST", null, lineOf(NODE_FILE, "1. Use `correlate`")],
      ["MUST", null, lineOf(NODE_FILE, "2. Check the kubelet service")],
      ["MUST", null, lineOf(NODE_FILE, "3. Compare the node's kernel")],
    ]);
    expect(numbered[0]!.params).toEqual([
      { name: "instanceId", value: null },
      { name: "pivotEvent", value: "NodeNotReady" },
    ]);
    expect(numbered[1]!.children.map(summary)).toEqual([
      { level: "MUST", condition: null, tool: null, params: [], command: "systemctl status kubelet" },
      {
        level: "MUST",
        condition: null,
        tool: "search",
        params: [{ name: "query", value: "Failed to start ContainerManager" }],
        command: null,
      },
    ]);
  });

  it("a qualified label gives its condition to its steps; a conditional lead-in is a condition too", () => {
    const enrich = node.phases[1]!;
    expect(enrich.steps.slice(3).map(summary)).toEqual([
      {
        level: "MUST",
        condition: "if IPVS mode detected",
        tool: "search",
        params: [
          { name: "query", value: "ipvs|IPVS" },
          { name: "timeWindow", value: "60" },
        ],
        command: null,
      },
      { level: "MUST", condition: "if IPVS mode detected", tool: null, params: [], command: "ipvsadm -Ln" },
      {
        level: "SHOULD",
        condition: "when the node runs Bottlerocket",
        tool: "search",
        params: [{ name: "query", value: "apiclient" }],
        command: null,
      },
    ]);
    expect(enrich.notes).toEqual([]);
  });

  it("bold **MUST:** label, two levels of nested bullets, a fenced command inside a step, and a paragraph note", () => {
    const classify = node.phases[2]!;
    const [failure, logs] = classify.steps;
    expect(failure!.level).toBe("MUST");
    expect(failure!.children.map((c) => c.text)).toEqual([
      "If `PLEG is not healthy`: the container runtime is overloaded",
      'If "NetworkPluginNotReady": the CNI is not ready',
    ]);
    expect(failure!.children[0]!.command).toBeNull();
    expect(failure!.children[0]!.children.map((c) => [c.level, c.command])).toEqual([["MUST", "crictl ps"]]);
    expect(logs!.text).toBe("Gather the runtime's own logs:");
    expect(logs!.command).toBe('journalctl -u containerd --since "30 min ago"');
    expect(classify.notes).toEqual(["If no cause is found, the case is escalated."]);
  });

  it("a label with a step on its own line ('MAY: Run ...') sets the level of the bullets after it", () => {
    const classify = node.phases[2]!;
    expect(classify.steps.slice(2).map((s) => [s.level, s.tool, s.command, s.line])).toEqual([
      ["MAY", null, "dmesg -T", lineOf(NODE_FILE, "MAY: Run `dmesg -T`")],
      ["MAY", "cluster_health", null, lineOf(NODE_FILE, "Use `cluster_health`")],
    ]);
  });

  it("bold text inside a step is kept as plain text", () => {
    expect(node.phases[3]!.steps[1]!.text).toBe("Recommend the fix, or escalate");
  });
});

describe("other sections in other shapes", () => {
  it("YAML-looking common issues with a value continued on the next line", () => {
    expect(node.commonIssues[1]).toEqual({
      symptoms: "NetworkPluginNotReady",
      diagnosis: "The CNI plugin (aws-node) is not running or cannot reach its IPAM daemon.",
      resolution: "Operator action: check the aws-node pod on the node",
    });
  });

  it("markdown common issues and guardrails (### headings, **Symptoms:** bullets, `tool`: RATING)", () => {
    expect(dns.commonIssues).toEqual([
      {
        symptoms: "SERVFAIL bursts during traffic peaks",
        diagnosis: "CoreDNS replicas are too few for the query rate",
        resolution: "Operator action: scale CoreDNS or enable NodeLocal DNSCache",
      },
      {
        symptoms: "5 second DNS delays",
        diagnosis: "UDP conntrack insert races drop packets",
        resolution: "Operator action: use single-request-reopen or TCP for DNS",
      },
    ]);
    expect(dns.guardrails).toEqual({
      escalationConditions: ["VPC resolver packet-per-second limit reached"],
      safetyRatings: [
        { tools: ["search"], rating: "GREEN", note: "read-only" },
        { tools: ["Scale CoreDNS"], rating: "YELLOW", note: "operator action" },
      ],
    });
  });

  it("safety ratings: plain tool lists, a described action kept whole when its parentheses hold a command", () => {
    expect(node.guardrails.safetyRatings).toEqual([
      { tools: ["collect", "errors", "search", "correlate"], rating: "GREEN", note: "read-only" },
      { tools: ["Restart kubelet"], rating: "YELLOW", note: "operator action on the node" },
      { tools: ["Cordon and drain (kubectl drain)"], rating: "RED", note: "evicts workloads" },
    ]);
  });

  it("example calls spread over lines, single quotes, booleans; shell lines are not calls", () => {
    expect(node.examples[0]!.calls).toEqual([
      { tool: "collect", args: { instanceId: "i-0123456789abcdef0" } },
      { tool: "search", args: { instanceId: "i-0123456789abcdef0", query: "PLEG is not healthy|NetworkPluginNotReady", limit: 50 } },
      { tool: "correlate", args: { instanceId: "i-0123456789abcdef0", pivotEvent: "NodeNotReady", timeWindow: 30, follow: true } },
    ]);
  });

  it("a list of scalars and an empty value in the output template", () => {
    const nodes = node.outputFormat!.fields[2]!;
    expect([nodes.kind, nodes.placeholder, nodes.items]).toEqual(["list", "<node name>", []]);
    const notes = node.outputFormat!.fields[4]!;
    expect([notes.kind, notes.placeholder]).toEqual(["scalar", null]);
  });

  it("a runbook without Examples or Output Format: none, and unlabelled bullets of both markers are MUST", () => {
    expect(dns.examples).toEqual([]);
    expect(dns.outputFormat).toBeNull();
    expect(dns.phases[0]!.steps.map((s) => [s.level, s.tool, s.command])).toEqual([
      ["MUST", null, "kubectl -n kube-system get pods -l k8s-app=kube-dns"],
      ["MUST", null, "nslookup kubernetes.default"],
      ["MUST", "search", null],
    ]);
    // key=value inside a command is the command's, not a parameter of the step
    expect(dns.phases[0]!.steps[0]!.params).toEqual([]);
  });
});

describe("identity of runbooks sharing a code", () => {
  it("two 'A2 — ...' runbooks get distinct ids built from the code and the title", () => {
    expect([node.code, node.id]).toEqual(["A2", "a2-node-not-ready"]);
    expect([dns.code, dns.id]).toEqual(["A2", "a2-dns-resolution-failures"]);
  });

  it("a title without a code gives a slug id and a null code", () => {
    const markdown = [
      "---",
      'title: "Image pull failures"',
      "description: d",
      "status: s",
      "severity: LOW",
      "triggers: []",
      "owner: o",
      "objective: o",
      "context: c",
      "---",
      "## Phase 1 — Triage",
      "- Look",
    ].join("\n");
    const result = parseRunbook(markdown, "image-pull.md");
    expect("runbook" in result && [result.runbook.id, result.runbook.code]).toEqual(["image-pull-failures", null]);
  });

  it("CRLF line endings parse like LF, with the same lines", () => {
    const result = parseRunbook(node.markdown.replace(/\n/g, "\r\n"), "crlf.md");
    if (!("runbook" in result)) throw new Error(JSON.stringify(result.errors));
    expect(result.runbook.phases).toEqual(node.phases);
    expect(result.runbook.commonIssues).toEqual(node.commonIssues);
  });
});
