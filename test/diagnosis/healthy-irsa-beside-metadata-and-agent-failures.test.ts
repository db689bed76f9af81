// An IRSA pod whose chain checks out is not made unhealthy, nor blamed on its SDK, by two failures that are not on
// its credential path: its own lookup of instance metadata for configuration (a controller reading its VPC id from
// IMDS), and a Pod Identity agent failing beside it (IRSA never calls the agent). Held-back set 7's Gateway API
// controller on Auto Mode showed both, called sdk.too_old (medium). The metadata failure stays a caveat: the pod fails.

import { appendFile, cp, mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadSnapshotDir } from "../../src/snapshot/load/index.js";
import { SCENARIOS_DIR, diagnoseSnapshot } from "../support/scenarios.js";

const LOG = "logs/payments-api-7d9c8b6f5-x2k4q/payments-api.log";
const AGENT_LOG = "logs/kube-system/eks-pod-identity-agent-p8d4x/eks-pod-identity-agent.log";
// Go v1's EC2Metadata error as a controller wraps it when its configuration leaves the VPC id out.
const VPC_LOOKUP =
  '{"level":"fatal","ts":"2024-05-14T11:02:17.321Z","logger":"setup","msg":"init config failed: vpcId is not specified: EC2MetadataError: failed to make EC2Metadata request\\n\\n\\tstatus code: 401, request id: \\ncaused by: "}';
const CREDENTIALS_LOOKUP =
  "2024-05-14T11:02:17Z EC2RoleRequestError: no EC2 instance role found\ncaused by: EC2MetadataError: failed to make EC2Metadata request";
const AGENT_BIND =
  '{"bind-addr":"169.254.170.23:80","level":"fatal","msg":"Unable to start server: listen tcp 169.254.170.23:80: bind: address already in use","time":"2024-05-14T11:03:03Z"}';

let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

async function healthyIrsaWith(lines: { pod?: string; agent?: string }) {
  dir = await mkdtemp(join(tmpdir(), "irsa-doctor-offpath-"));
  await cp(join(SCENARIOS_DIR, "healthy--irsa"), dir, { recursive: true });
  if (lines.pod) await appendFile(join(dir, LOG), `${lines.pod}\n`);
  if (lines.agent) {
    await mkdir(join(dir, AGENT_LOG, ".."), { recursive: true });
    await appendFile(join(dir, AGENT_LOG), `${lines.agent}\n`);
  }
  return diagnoseSnapshot(await loadSnapshotDir(dir));
}

describe("an IRSA pod beside failures off its credential path", () => {
  it("is healthy (medium, the metadata failure a caveat), not sdk.too_old, when its IMDS call fetched a VPC id", async () => {
    const { report } = await healthyIrsaWith({ pod: VPC_LOOKUP, agent: AGENT_BIND });
    expect(report.cause_id).toBe("healthy");
    expect(report.confidence).toBe("medium");
    expect(report.candidates.map((c) => c.cause_id)).not.toContain("sdk.too_old");
    expect(report.evidence.find((e) => e.type === "caveat")?.content).toContain("vpcId is not specified");
  });

  it("is healthy at high when only a Pod Identity agent fails beside it", async () => {
    const { report } = await healthyIrsaWith({ agent: AGENT_BIND });
    expect(report.cause_id).toBe("healthy");
    expect(report.confidence).toBe("high");
  });

  it("still counts an IMDS failure that fetched credentials as the SDK ignoring IRSA", async () => {
    const { report } = await healthyIrsaWith({ pod: CREDENTIALS_LOOKUP });
    expect(report.cause_id).toBe("sdk.too_old");
  });
});
