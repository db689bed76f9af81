// runEmulatorCommand, the body of `irsa-doctor emulate`: the export lines it prints, the kubeconfig it
// writes (dummy token, removed on stop), a clean stop, and a clear error for a bad snapshot.

import { existsSync, readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { runEmulatorCommand } from "../../src/emulator/index.js";
import { shellQuote } from "../../src/emulator/command.js";
import { SHOP_SNAPSHOT } from "./helpers.js";

function sink() {
  let text = "";
  return {
    write: (s: string) => (text += s),
    get text() {
      return text;
    },
  };
}

async function until(check: () => boolean, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("runEmulatorCommand", () => {
  test("prints export lines for the kubeconfig, endpoint, region and dummy keys, serves, and stops on abort", async () => {
    const stdout = sink();
    const stderr = sink();
    const stop = new AbortController();
    const running = runEmulatorCommand({ snapshotDir: SHOP_SNAPSHOT, port: 0, stdout, stderr, signal: stop.signal });
    await until(() => stdout.text.split("\n").length > 6);
    const env = Object.fromEntries(
      stdout.text
        .trim()
        .split("\n")
        .map((line) => {
          const m = /^export ([A-Z_]+)=(.*)$/.exec(line);
          expect(m).not.toBeNull();
          return [m?.[1], m?.[2]];
        }),
    );
    expect(Object.keys(env)).toEqual([
      "KUBECONFIG",
      "AWS_ENDPOINT_URL",
      "AWS_REGION",
      "AWS_DEFAULT_REGION",
      "AWS_ACCESS_KEY_ID",
      "AWS_SECRET_ACCESS_KEY",
    ]);
    expect(env["AWS_ENDPOINT_URL"]).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(env["AWS_REGION"]).toBe("eu-central-1");
    expect(env["AWS_DEFAULT_REGION"]).toBe("eu-central-1"); // AWS CLI v1 reads only this one
    expect(env["AWS_SECRET_ACCESS_KEY"]).toContain("fake");
    const kubeconfig = readFileSync(env["KUBECONFIG"] ?? "", "utf8");
    expect(kubeconfig).toContain(`server: ${env["AWS_ENDPOINT_URL"]}`);
    expect(kubeconfig).toContain("token: irsa-doctor-emulator-fake-token-not-a-credential");
    const version = (await (await fetch(`${env["AWS_ENDPOINT_URL"]}/version`)).json()) as { gitVersion: string };
    expect(version.gitVersion).toMatch(/^v1\.30\.0/);
    stop.abort();
    expect(await running).toBe(0);
    expect(existsSync(env["KUBECONFIG"] ?? "")).toBe(false);
    await expect(fetch(`${env["AWS_ENDPOINT_URL"]}/version`)).rejects.toThrow();
    expect(stderr.text).toContain("stopped after 1 request(s)");
  });

  test("a directory that is not a snapshot exits 1 with a message saying what to pass", async () => {
    const stdout = sink();
    const stderr = sink();
    const code = await runEmulatorCommand({ snapshotDir: "/nonexistent/snapshot", stdout, stderr });
    expect(code).toBe(1);
    expect(stdout.text).toBe("");
    expect(stderr.text).toContain("/nonexistent/snapshot");
    expect(stderr.text).toContain("target.yaml");
  });

  test("shellQuote leaves plain values bare and single-quotes the rest", () => {
    expect(shellQuote("http://127.0.0.1:8080")).toBe("http://127.0.0.1:8080");
    expect(shellQuote("/tmp/a b/kubeconfig")).toBe("'/tmp/a b/kubeconfig'");
    expect(shellQuote("it's")).toBe("'it'\\''s'");
  });
});
