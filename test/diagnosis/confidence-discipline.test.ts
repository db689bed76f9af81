// Confidence discipline over every scenario: a `high` verdict names evidence for the decisive hop of the
// credential path, read from a file the scenario really holds (and, for file:line, a line it really has).
// A healthy `high` needs every container path proven: no broken hop, nothing uncertain, no contender left.
// The checks are a function that reports what is wrong, so the cases at the end can show it failing.

import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { decisiveEvidence, disciplined } from "../../src/diagnosis/decisive.js";
import { diagnose } from "../../src/diagnosis/engine.js";
import type { Diagnosis } from "../../src/diagnosis/index.js";
import type { Check, Finding } from "../../src/checks/types.js";
import { SCENARIOS_DIR, loadScenario, scenarioNames } from "../support/scenarios.js";
import { CHECKS } from "../../src/checks/registry.js";

/** "k8s/pod.yaml", "logs/a/b.log:12", "k8s/kube-apiserver.yaml (first --service-account-issuer)", "a.json, b.json". */
function groundingProblem(dir: string, source: string): string | null {
  const parts = source.replace(/ \(.*\)$/, "").split(", ");
  if (parts.length > 1) return parts.map((p) => groundingProblem(dir, p)).find((x) => x !== null) ?? null;
  const bare = parts[0]!;
  const m = /^(.*?):(\d+)$/.exec(bare);
  const file = m ? m[1]! : bare;
  // Logs are cited relative to logs/, everything else relative to the snapshot folder.
  const path = [join(dir, file), join(dir, "logs", file)].find((p) => existsSync(p));
  if (!path) return `source ${source}: no such file in the scenario`;
  if (m && readFileSync(path, "utf8").split("\n").length < Number(m[2])) return `source ${source}: the file has no line ${m[2]}`;
  return null;
}

/** What is wrong with a high verdict's proof; empty when it holds. */
function unprovenHigh(d: Diagnosis, dir: string): string[] {
  if (d.confidence !== "high") return [];
  if (d.outcome === "healthy") {
    return d.facts.credentialPaths.flatMap((p) => [
      ...p.hops.filter((h) => h.status === "broken").map((h) => `container ${p.container}: hop ${h.name} is broken`),
      ...p.uncertain.map((u) => `container ${p.container}: ${u}`),
      ...(p.contenders.length ? [`container ${p.container}: ${p.contenders.join(", ")} not ruled out`] : []),
    ]);
  }
  if (!d.primary) return ["a high verdict without a finding"];
  const decisive = decisiveEvidence(d.primary);
  if (decisive.length === 0) return [`${d.primary.causeId}: no sourced evidence of a decisive type`];
  const grounded = decisive.filter((e) => groundingProblem(dir, e.source!) === null);
  return grounded.length > 0 ? [] : decisive.map((e) => groundingProblem(dir, e.source!)!);
}

describe("confidence discipline", () => {
  for (const name of scenarioNames()) {
    it(`${name}: a high verdict names grounded evidence for its decisive hop`, async () => {
      const d = diagnose(await loadScenario(name), CHECKS);
      expect(unprovenHigh(d, join(SCENARIOS_DIR, name))).toEqual([]);
    });
  }

  it("fails a high finding whose evidence says nothing about where it was read (and the engine lowers it)", async () => {
    const s = await loadScenario("trust_policy.subject_mismatch--other-namespace");
    const real = diagnose(s, CHECKS);
    expect(real.confidence).toBe("high");
    const unsourced: Finding = { ...real.primary!, evidence: real.primary!.evidence.map((e) => ({ type: e.type, content: e.content })) };
    expect(
      unprovenHigh({ ...real, primary: unsourced }, join(SCENARIOS_DIR, "trust_policy.subject_mismatch--other-namespace")),
    ).not.toEqual([]);
    const check: Check = { id: unsourced.causeId, title: "t", description: "d", run: () => unsourced };
    const d = diagnose(s, [check]);
    expect(d.confidence).toBe("medium");
    expect(d.primary?.toConfirm?.join(" ")).toMatch(/none of this finding's evidence says where it was read/);
  });

  it("fails a source that names a file the scenario does not hold, or a line past its end", async () => {
    const name = "trust_policy.subject_mismatch--other-namespace";
    const real = diagnose(await loadScenario(name), CHECKS);
    const moved = (source: string): Diagnosis => ({
      ...real,
      primary: { ...real.primary!, evidence: real.primary!.evidence.map((e) => (e.type === "trust_policy" ? { ...e, source } : e)) },
    });
    expect(unprovenHigh(moved("aws/no-such-file.json"), join(SCENARIOS_DIR, name))).toContain(
      "source aws/no-such-file.json: no such file in the scenario",
    );
    const file = real.primary!.evidence.find((e) => e.type === "trust_policy")!.source!;
    expect(unprovenHigh(moved(`${file}:99999`), join(SCENARIOS_DIR, name))[0]).toMatch(/has no line 99999/);
  });

  it("fails a healthy high verdict when a container path still has a contender", async () => {
    const d = diagnose(await loadScenario("healthy--irsa"), CHECKS);
    expect(d.outcome).toBe("healthy");
    const [p] = d.facts.credentialPaths;
    const contested = { ...d, facts: { ...d.facts, credentialPaths: [{ ...p!, contenders: ["profile" as const] }] } };
    expect(unprovenHigh(contested, join(SCENARIOS_DIR, "healthy--irsa"))).toEqual(["container payments-api: profile not ruled out"]);
  });

  it("leaves a proven finding as it is", async () => {
    const real = diagnose(await loadScenario("trust_policy.subject_mismatch--other-namespace"), CHECKS);
    expect(disciplined(real.primary!)).toBe(real.primary);
  });

  it("lowers a hop after the token when no container of the pod carries the web identity token", async () => {
    const d = diagnose(await loadScenario("oidc_provider.missing--never-created"), CHECKS);
    expect(d.confidence).toBe("high");
    const noToken = { pod: d.facts.pod, credentialPaths: d.facts.credentialPaths.map((p) => ({ ...p, provider: "imds" as const })) };
    // Read from the configuration only (the provider list), the finding cannot show a token ever reached STS.
    const configOnly: Finding = {
      ...d.primary!,
      evidence: d.primary!.evidence.filter((e) => e.type !== "credential_finding" && e.type !== "cloudtrail"),
    };
    const lowered = disciplined(configOnly, noToken);
    expect(lowered.confidence).toBe("medium");
    expect(lowered.toConfirm?.at(-1)).toMatch(/the pod never presents a web identity token, so this hop is not what fails it now/);
    // The scenario's own STS refusal (its log line) shows a token did reach STS: it stays high.
    expect(disciplined(d.primary!, noToken).confidence).toBe("high");
    // And with the token on a container's path nothing changes.
    expect(disciplined(configOnly, d.facts).confidence).toBe("high");
  });

  it("keeps a token finding high when a container presents Pod Identity's token instead", async () => {
    const d = diagnose(await loadScenario("token.not_mounted_or_unreadable--sidecar-env-copied"), CHECKS);
    const configOnly: Finding = { ...d.primary!, evidence: d.primary!.evidence.filter((e) => e.type !== "credential_finding") };
    const as = (provider: "container" | "imds") => ({
      pod: d.facts.pod,
      credentialPaths: d.facts.credentialPaths.map((p) => ({ ...p, provider })),
    });
    expect(disciplined(configOnly, as("container")).confidence).toBe("high");
    expect(disciplined(configOnly, as("imds")).confidence).toBe("medium");
  });

  it("says healthy only when no failed CloudTrail call of the pod's own role is left unexplained", async () => {
    const name = "credential_chain.assumes_own_role--falcosidekick-chart-rolearn-assumes-own-role";
    const d = diagnose(
      await loadScenario(name),
      CHECKS.filter((c) => c.id !== "credential_chain.assumes_own_role"),
    );
    expect(d.outcome).toBe("inconclusive");
    expect(d.summary[0]).toBe(
      "a failed call in CloudTrail that no check could explain: AssumeRole at 2023-09-27T12:13:42+00:00: AccessDenied (aws/cloudtrail-lookup-events-AssumeRole.json, aws/cloudtrail-lookup-events-AssumeRoleWithWebIdentity.json)",
    );
  });
});
