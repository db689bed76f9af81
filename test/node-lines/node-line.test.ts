// The Node line notice: nothing on the lines the AWS SDK supports (22, 24), one notice in irsa-doctor's words
// on Node 20 (past its end of life; the SDK drops it in January 2027), as a JSON log record when the server
// was asked for JSON logs, and the SDK's own copy muted only then and only when the user has not set it.

import { describe, expect, it } from "vitest";
import { nodeLineNotice, SDK_NOTICE_VARIABLE, tellAboutNodeLine } from "../../src/cli/node-line.js";

function tell(version: string, argv: string[] = [], env: NodeJS.ProcessEnv = {}) {
  const lines: string[] = [];
  tellAboutNodeLine(version, argv, env, (line) => lines.push(line));
  return { lines, env };
}

describe("Node line notice", () => {
  it.each(["22.23.3", "22.12.0", "24.21.0", "v24.0.0", "26.1.0"])("says nothing on Node %s and mutes nothing", (version) => {
    expect(nodeLineNotice(version)).toBeUndefined();
    expect(tell(version)).toEqual({ lines: [], env: {} });
  });

  it("tells a Node 20 user once what to do, and when support ends", () => {
    const { lines, env } = tell("20.20.2", ["diagnose", "--snapshot", "x"]);
    expect(lines).toEqual([
      "irsa-doctor: Node 20 is past its end of life (April 2026), and the AWS SDK that irsa-doctor uses stops supporting it in January 2027, when irsa-doctor will too: install Node 22 or 24.",
    ]);
    // Told once: the SDK's multi-line notice saying the same is not added to it.
    expect(env[SDK_NOTICE_VARIABLE]).toBe("true");
  });

  it("names an untested older line as unsupported", () => {
    expect(nodeLineNotice("18.19.0")).toBe("Node 18 is not supported (irsa-doctor is tested on Node 20, 22, 24): install Node 22 or 24.");
  });

  it("leaves the SDK's notice on when the user asked for it", () => {
    const { lines, env } = tell("v20.19.0", [], { [SDK_NOTICE_VARIABLE]: "false" });
    expect(lines).toHaveLength(1);
    expect(env[SDK_NOTICE_VARIABLE]).toBe("false");
  });

  it.each([
    [["serve", "--log-format", "json"], {}],
    [["serve", "--log-format=json"], {}],
    [[], { IRSA_DOCTOR_LOG_FORMAT: "JSON" }],
  ])("writes a JSON log record when the server logs JSON (%j %j)", (argv, env) => {
    const { lines } = tell("20.20.2", argv, env);
    expect(lines).toHaveLength(1);
    const record = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(record).toMatchObject({
      level: "warn",
      msg: expect.stringMatching(/^Node 20 is past its end of life .* install Node 22 or 24\.$/),
    });
  });
});
