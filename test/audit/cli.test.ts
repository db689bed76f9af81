// `irsa-doctor audit` in-process: a fleet bundle audited in every format, the JSON keys the issue names,
// --only-broken, --fail-on broken's exit 3, usage errors, and SARIF output that fits the SARIF 2.1.0
// schema's required structure (version, runs, tool.driver, rules, results with ruleId, level, message,
// logical locations).

import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Ajv } from "ajv";
import { parse } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/run.js";
import type { CliIo } from "../../src/cli/io.js";
import { SCENARIOS } from "./helpers.js";
import { buildSeededBundle, leaksIn } from "../redact/seeded-bundle.js";
// @ts-expect-error a plain ES module shared with bench/audit.mjs
import { generateFleet } from "../../bench/fleet.mjs";

let dir: string;

async function cli(argv: string[]) {
  let stdout = "";
  let stderr = "";
  const io: CliIo = { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), env: {}, cwd: process.cwd(), stdinIsTTY: true };
  const code = await runCli(argv, io);
  return { code, stdout, stderr };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "irsa-doctor-audit-cli-"));
  await generateFleet(dir, 60);
}, 60_000);
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The part of the SARIF 2.1.0 schema (sarif-schema-2.1.0.json) that the output uses, with its required keys. */
const SARIF_SHAPE = {
  type: "object",
  required: ["version", "runs"],
  properties: {
    $schema: { type: "string" },
    version: { const: "2.1.0" },
    runs: {
      type: "array",
      items: {
        type: "object",
        required: ["tool"],
        properties: {
          tool: {
            type: "object",
            required: ["driver"],
            properties: {
              driver: {
                type: "object",
                required: ["name"],
                properties: {
                  name: { type: "string" },
                  informationUri: { type: "string" },
                  rules: {
                    type: "array",
                    items: {
                      type: "object",
                      required: ["id"],
                      properties: {
                        id: { type: "string" },
                        shortDescription: { $ref: "#/$defs/message" },
                        fullDescription: { $ref: "#/$defs/message" },
                      },
                    },
                  },
                },
              },
            },
          },
          results: {
            type: "array",
            items: {
              type: "object",
              required: ["message"],
              properties: {
                ruleId: { type: "string" },
                ruleIndex: { type: "integer", minimum: -1 },
                level: { enum: ["none", "note", "warning", "error"] },
                message: { $ref: "#/$defs/message" },
                locations: {
                  type: "array",
                  items: {
                    type: "object",
                    properties: {
                      logicalLocations: {
                        type: "array",
                        items: {
                          type: "object",
                          properties: { name: { type: "string" }, fullyQualifiedName: { type: "string" }, kind: { type: "string" } },
                        },
                      },
                    },
                  },
                },
                properties: { type: "object" },
              },
            },
          },
        },
      },
    },
  },
  $defs: { message: { type: "object", required: ["text"], properties: { text: { type: "string" } } } },
};

describe("irsa-doctor audit --snapshot", () => {
  it("prints the JSON the issue names, and exits 0 whatever it found", async () => {
    const { code, stdout } = await cli(["audit", "--snapshot", dir, "--format", "json"]);
    expect(code).toBe(0);
    const out = JSON.parse(stdout) as Record<string, any>;
    expect(Object.keys(out).slice(0, 3)).toEqual(["summary", "cluster_findings", "bindings"]);
    expect(Object.keys(out["summary"])).toEqual(["bindings", "healthy", "broken", "inconclusive", "by_cause"]);
    expect(Object.keys(out["bindings"][0])).toEqual([
      "namespace",
      "service_account",
      "mechanism",
      "role_arn",
      "cause_id",
      "confidence",
      "pods",
      "evidence",
    ]);
    expect(out["summary"]["broken"]).toBeGreaterThan(0);
  });

  it("--only-broken keeps only broken bindings; yaml says the same as json", async () => {
    const json = JSON.parse((await cli(["audit", "--snapshot", dir, "--format", "json", "--only-broken"])).stdout);
    expect(json.bindings.length).toBe(json.summary.broken);
    expect(json.bindings.every((b: { cause_id: string }) => b.cause_id !== "healthy")).toBe(true);
    const yaml = parse((await cli(["audit", "--snapshot", dir, "--format", "yaml", "--only-broken"])).stdout);
    expect(yaml).toEqual(json);
  });

  it("--fail-on broken exits 3 when a binding is broken, 0 when none is", async () => {
    expect((await cli(["audit", "--snapshot", dir, "--fail-on", "broken"])).code).toBe(3);
    const healthy = await cli(["audit", "--snapshot", join(SCENARIOS, "healthy--irsa"), "--fail-on", "broken"]);
    expect(healthy.code).toBe(0);
    expect(healthy.stdout).toMatch(/^1 bindings: 0 broken, 1 healthy/);
  });

  it("--namespace audits only the namespaces named", async () => {
    const out = JSON.parse((await cli(["audit", "--snapshot", dir, "--format", "json", "-n", "team-0001"])).stdout);
    expect(out.bindings.length).toBeGreaterThan(0);
    expect(out.bindings.every((b: { namespace: string }) => b.namespace === "team-0001")).toBe(true);
  });

  it("SARIF 2.1.0: fits the schema's structure, one result per broken binding", async () => {
    const { stdout } = await cli(["audit", "--snapshot", dir, "--format", "sarif"]);
    const sarif = JSON.parse(stdout);
    const validate = new Ajv({ strict: false }).compile(SARIF_SHAPE);
    expect(validate(sarif), JSON.stringify(validate.errors)).toBe(true);
    const json = JSON.parse((await cli(["audit", "--snapshot", dir, "--format", "json"])).stdout);
    expect(sarif.runs[0].results).toHaveLength(json.summary.broken);
    const rules = sarif.runs[0].tool.driver.rules.map((r: { id: string }) => r.id);
    for (const r of sarif.runs[0].results) expect(rules[r.ruleIndex]).toBe(r.ruleId);
  });

  it.each(["json", "table", "sarif"])("a bundle seeded with every credential form leaks none through --format %s", async (format) => {
    const seeded = await buildSeededBundle();
    try {
      const r = await cli(["audit", "--snapshot", seeded, "--format", format]);
      expect(r.code).toBe(0);
      expect(leaksIn(r.stdout)).toEqual([]);
      expect(leaksIn(r.stderr)).toEqual([]);
    } finally {
      await rm(seeded, { recursive: true, force: true });
    }
  });

  it("says what is wrong with bad usage", async () => {
    expect((await cli(["audit", "--snapshot", dir, "--format", "xml"])).code).toBe(2);
    expect((await cli(["audit", "--snapshot", dir, "--fail-on", "healthy"])).code).toBe(2);
    const mixed = await cli(["audit", "--snapshot", dir, "--cluster", "x"]);
    expect(mixed.code).toBe(2);
    expect(mixed.stderr).toContain("drop --cluster");
    const missing = await cli(["audit", "--snapshot", join(dir, "nope")]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("does not exist");
  });
});
