// The user's runbook, H2, parsed end to end: every phase and step, the guardrails, the common issues,
// the examples and the output format.

import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT, lineOf, parseFile, summary } from "./helpers.js";
import type { Runbook, StepParam } from "../../src/runbook/index.js";

const FILE = join(ROOT, "runbooks", "h2-irsa-pod-identity.md");
const h2: Runbook = parseFile(FILE);
const [triage, enrich, report] = h2.phases;
const bare = (name: string): StepParam => ({ name, value: null });
const param = (name: string, value: string): StepParam => ({ name, value });

describe("H2 frontmatter and identity", () => {
  it("reads every frontmatter field", () => {
    expect(h2.title).toBe("H2 — IRSA / Pod Identity Confusion");
    expect(h2.status).toBe("active");
    expect(h2.severity).toBe("HIGH");
    expect(h2.owner).toBe("devops-agent");
    expect(h2.objective).toMatch(/^Identify the IRSA or Pod Identity misconfiguration/);
    expect(h2.context).toMatch(/ServiceAccount annotations, OIDC provider, trust policies/);
    expect(h2.triggers).toEqual([
      "AccessDenied.*AssumeRoleWithWebIdentity",
      "ExpiredTokenException",
      "InvalidIdentityToken",
      "No OpenIDConnect provider found",
    ]);
  });

  it("derives the id from the code and a slug of the title", () => {
    expect(h2.id).toBe("h2-irsa-pod-identity-confusion");
    expect(h2.code).toBe("H2");
  });

  it("keeps the markdown verbatim and serialises to JSON unchanged", () => {
    expect(h2.markdown.startsWith("---\ntitle:")).toBe(true);
    expect(JSON.parse(JSON.stringify(h2))).toEqual(h2);
  });
});

describe("H2 phases", () => {
  it("has the three phases with their numbers, names and heading lines", () => {
    expect(h2.phases.map((p) => [p.number, p.name, p.line])).toEqual([
      [1, "Triage", lineOf(FILE, "## Phase 1")],
      [2, "Enrich", lineOf(FILE, "## Phase 2")],
      [3, "Report", lineOf(FILE, "## Phase 3")],
    ]);
  });

  it("Phase 1 FIRST: four Kubernetes reads with their tools and params, the lead-in kept as a note", () => {
    const first = triage!.steps.filter((s) => s.level === "FIRST");
    expect(first.map((s) => s.tool)).toEqual(["list_k8s_resources", "read_k8s_resource", "read_k8s_resource", "get_k8s_events"]);
    expect(first[0]!.params).toEqual([
      bare("clusterName"),
      param("kind", "Pod"),
      param("apiVersion", "v1"),
      param("namespace", "<namespace>"),
    ]);
    expect(first[1]!.params).toEqual([
      bare("clusterName"),
      param("kind", "Pod"),
      param("apiVersion", "v1"),
      param("namespace", "<namespace>"),
      param("name", "<pod-name>"),
    ]);
    expect(first[2]!.params).toEqual([
      bare("clusterName"),
      param("kind", "ServiceAccount"),
      param("apiVersion", "v1"),
      param("namespace", "<namespace>"),
      param("name", "<sa-name>"),
    ]);
    expect(first[3]!.params).toEqual([
      bare("clusterName"),
      param("kind", "Pod"),
      param("namespace", "<namespace>"),
      param("name", "<pod-name>"),
    ]);
    expect(first.every((s) => s.condition === null && s.command === null && s.children.length === 0)).toBe(true);
    expect(first[0]!.line).toBe(lineOf(FILE, "Use `list_k8s_resources`"));
    expect(triage!.notes).toEqual(["Check pod state before collecting logs"]);
  });

  it("Phase 1 MUST: collect, status, errors, search with their params", () => {
    const must = triage!.steps.filter((s) => s.level === "MUST");
    expect(must.map(summary)).toEqual([
      { level: "MUST", condition: null, tool: "collect", params: [bare("instanceId")], command: null },
      { level: "MUST", condition: null, tool: "status", params: [bare("executionId")], command: null },
      { level: "MUST", condition: null, tool: "errors", params: [bare("instanceId"), param("severity", "high")], command: null },
      {
        level: "MUST",
        condition: null,
        tool: "search",
        command: null,
        params: [
          bare("instanceId"),
          param("query", "AccessDenied.*AssumeRoleWithWebIdentity|ExpiredTokenException|InvalidIdentityToken|No OpenIDConnect provider"),
        ],
      },
    ]);
    expect(must[0]!.text).toBe("Use `collect` tool with instanceId of the node running the affected pod to gather node-level logs");
  });

  it("Phase 1 SHOULD and MAY steps", () => {
    const should = triage!.steps.filter((s) => s.level === "SHOULD");
    expect(should.map((s) => [s.tool, s.params])).toEqual([
      ["search", [param("query", "eks.amazonaws.com/role-arn|service-account|projected.*token")]],
      ["search", [param("query", "AWS_ROLE_ARN|AWS_WEB_IDENTITY_TOKEN_FILE|EKS_POD_IDENTITY")]],
    ]);
    const may = triage!.steps.filter((s) => s.level === "MAY");
    expect(may.map((s) => [s.tool, s.params])).toEqual([
      ["cluster_health", [bare("clusterName")]],
      ["search", [param("query", "pod-identity-agent|pod identity association")]],
    ]);
    expect(triage!.steps).toHaveLength(12);
  });

  it("Phase 2 MUST: the errors-classification step has its four branches as children", () => {
    const must = enrich!.steps.filter((s) => s.level === "MUST");
    expect(must.map((s) => s.tool)).toEqual(["correlate", "errors", "search"]);
    expect(must[0]!.params).toEqual([bare("instanceId"), param("pivotEvent", "AccessDenied")]);
    const classify = must[1]!;
    expect(classify.text).toBe("Review findings from `errors` tool to classify the failure:");
    expect(classify.params).toEqual([]);
    expect(classify.children.map((c) => c.text)).toEqual([
      'If "AssumeRoleWithWebIdentity" denied: SA annotation missing or trust policy mismatch',
      'If "No OpenIDConnect provider found": OIDC provider not created for cluster',
      'If "InvalidIdentityToken": trust policy condition has wrong namespace/SA',
      'If "ExpiredTokenException": token expiration or projected volume mount issue',
    ]);
    expect(classify.children.every((c) => c.level === "MUST" && c.tool === null && c.children.length === 0)).toBe(true);
    expect(classify.children[0]!.line).toBe(lineOf(FILE, 'If "AssumeRoleWithWebIdentity" denied'));
    expect(must[2]!.params).toEqual([param("query", "sts.*AssumeRole|oidc|web-identity")]);
  });

  it("Phase 2 SHOULD searches and MAY EKS MCP log reads with quoted params", () => {
    const should = enrich!.steps.filter((s) => s.level === "SHOULD");
    expect(should.map((s) => s.params[0]?.value)).toEqual([
      "audience|sts.amazonaws.com",
      "pod-identity|EKS_POD_IDENTITY_AGENT",
      "MutatingWebhookConfiguration|pod-identity-webhook",
      "169.254.170.23|eks-pod-identity-agent|Read timeout",
    ]);
    const may = enrich!.steps.filter((s) => s.level === "MAY");
    expect(may.map((s) => s.tool)).toEqual(["search", "get_cloudwatch_logs", "get_cloudwatch_logs"]);
    expect(may[1]!.params).toEqual([
      bare("clusterName"),
      param("resource_type", "cluster"),
      param("log_type", "control-plane"),
      param("filter_pattern", "ServiceAccount"),
    ]);
    expect(may[2]!.params.at(-1)).toEqual(param("filter_pattern", "podidentityassociation"));
  });

  it("Phase 3: summarize with bare params, then steps with no tool", () => {
    expect(report!.steps.map((s) => [s.level, s.tool])).toEqual([
      ["MUST", "summarize"],
      ["MUST", null],
      ["MUST", null],
      ["MUST", null],
      ["SHOULD", null],
      ["SHOULD", null],
      ["MAY", null],
    ]);
    expect(report!.steps[0]!.params).toEqual([bare("instanceId"), bare("finding_ids")]);
    expect(report!.steps[3]!.text).toMatch(/^Operator action — not available via MCP tools: annotate ServiceAccount/);
    expect(h2.phases.flatMap((p) => p.steps).every((s) => s.command === null)).toBe(true);
  });
});

describe("H2 guardrails, common issues, examples and output format", () => {
  it("parses escalation conditions and safety ratings, naming the tool inside 'Log collection (collect)'", () => {
    expect(h2.guardrails.escalationConditions).toEqual([
      "OIDC provider creation requires cluster admin access",
      "IAM role trust policy changes require security team approval",
      "Multiple services affected by the same IRSA misconfiguration — check via cluster_health",
    ]);
    expect(h2.guardrails.safetyRatings).toEqual([
      { tools: ["collect", "search", "errors", "correlate", "cluster_health"], rating: "GREEN", note: "read-only" },
      { tools: ["Annotate ServiceAccount"], rating: "YELLOW", note: "operator action, not available via MCP tools" },
      { tools: ["Create OIDC provider"], rating: "YELLOW", note: "operator action, not available via MCP tools" },
      { tools: ["Modify IAM trust policy"], rating: "RED", note: "operator action, requires security team approval" },
    ]);
  });

  it("reads all 12 common issues as complete triples", () => {
    expect(h2.commonIssues).toHaveLength(12);
    expect(h2.commonIssues[0]).toEqual({
      symptoms: "errors tool returns findings with AccessDenied AssumeRoleWithWebIdentity",
      diagnosis: "ServiceAccount not annotated with IAM role ARN. Use search with query=eks.amazonaws.com/role-arn to confirm.",
      resolution: "Operator action: kubectl annotate sa <sa> -n <ns> eks.amazonaws.com/role-arn=<role-arn>",
    });
    expect(h2.commonIssues[4]!.symptoms).toBe("search returns 'Request ARN is invalid' or extra colons in IAM ARN");
    expect(h2.commonIssues[11]!.resolution).toMatch(/^Operator action: upgrade AWS SDK/);
    for (const issue of h2.commonIssues) {
      expect(issue.symptoms.length * issue.diagnosis.length * issue.resolution.length).toBeGreaterThan(0);
      expect(issue.resolution.startsWith('"')).toBe(false);
    }
  });

  it("reads the example's 7 calls with strings, a number and an array as written", () => {
    expect(h2.examples).toHaveLength(1);
    const example = h2.examples[0]!;
    expect(example.text.split("\n")[0]).toBe("# Step 1: Collect logs from node running affected pod");
    expect(example.text).not.toContain("```");
    expect(example.calls.map((c) => c.tool)).toEqual(["collect", "status", "errors", "search", "search", "correlate", "summarize"]);
    expect(example.calls[1]!.args).toEqual({ executionId: "<id-from-step-1>" });
    expect(example.calls[2]!.args).toEqual({ instanceId: "i-0abc123def456", severity: "high" });
    expect(example.calls[5]!.args).toEqual({ instanceId: "i-0abc123def456", pivotEvent: "AccessDenied", timeWindow: 120 });
    expect(example.calls[6]!.args).toEqual({ instanceId: "i-0abc123def456", finding_ids: ["F-001", "F-002"] });
  });

  it("describes the output format's keys, kinds, placeholders and choices", () => {
    const format = h2.outputFormat!;
    expect(format.template.startsWith('root_cause: "<irsa_annotation|')).toBe(true);
    expect(format.fields.map((f) => [f.key, f.kind])).toEqual([
      ["root_cause", "scalar"],
      ["evidence", "list"],
      ["severity", "scalar"],
      ["mitigation", "map"],
    ]);
    const [rootCause, evidence, severity, mitigation] = format.fields;
    expect(rootCause!.placeholder).toBe("<irsa_annotation|oidc_provider|trust_policy|pod_identity> — <detail>");
    expect(rootCause!.choices).toEqual(["irsa_annotation", "oidc_provider", "trust_policy", "pod_identity"]);
    expect(evidence!.items.map((f) => f.key)).toEqual(["type", "content"]);
    expect(severity!.placeholder).toBe("HIGH");
    expect(mitigation!.fields.map((f) => f.key)).toEqual(["immediate", "long_term"]);
    expect((format.value as { severity: string }).severity).toBe("HIGH");
  });
});
