// The module compile cache: a folder the user owns (XDG cache, ~/.cache, or a private temp folder that is
// refused when someone else could write it), off with IRSA_DOCTOR_COMPILE_CACHE=0, absent on Node 20. And
// for real: the built CLI fills the folder on Node 22+ and leaves it alone when turned off.

import { execFile } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync } from "node:fs";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { compileCacheDir, enableCompileCache } from "../../src/cli/compile-cache.js";
import { BUILT_MAIN, REPO_ROOT, requireBuild } from "../mcp/support/harness.js";

const exec = promisify(execFile);
const scratch = () => mkdtempSync(join(tmpdir(), "irsa-doctor-cc-test-"));

describe("compile cache folder", () => {
  it("lives under $XDG_CACHE_HOME, else ~/.cache", () => {
    expect(compileCacheDir({ XDG_CACHE_HOME: "/x/cache", HOME: "/home/me" })).toBe("/x/cache/irsa-doctor/compile-cache");
    // A relative XDG_CACHE_HOME is invalid by the spec and ignored.
    expect(compileCacheDir({ XDG_CACHE_HOME: "cache" })).toMatch(
      /\/\.cache\/irsa-doctor\/compile-cache$|irsa-doctor-[^/]+\/compile-cache$/,
    );
  });

  it("is not enabled when turned off, or on a Node without the cache", () => {
    const asked: (string | undefined)[] = [];
    const api = { enableCompileCache: (dir?: string) => (asked.push(dir), { status: 0, directory: dir }) };
    expect(enableCompileCache({ IRSA_DOCTOR_COMPILE_CACHE: "0", XDG_CACHE_HOME: "/x" }, api)).toBeUndefined();
    expect(asked).toEqual([]);
    expect(enableCompileCache({ XDG_CACHE_HOME: "/x" }, {})).toBeUndefined();
    expect(enableCompileCache({ XDG_CACHE_HOME: "/x" }, api)).toBe("/x/irsa-doctor/compile-cache");
    expect(asked).toEqual(["/x/irsa-doctor/compile-cache"]);
  });

  it("does not stop the tool when the folder cannot be used", () => {
    const api = {
      enableCompileCache: () => {
        throw new Error("EACCES");
      },
    };
    expect(enableCompileCache({ XDG_CACHE_HOME: "/x" }, api)).toBeUndefined();
  });
});

describe("compile cache in the built CLI", () => {
  beforeAll(() => requireBuild());
  const major = Number(process.versions.node.split(".")[0]);
  const run = (env: NodeJS.ProcessEnv) =>
    exec(process.execPath, [BUILT_MAIN, "diagnose", "--snapshot", join(REPO_ROOT, "fixtures/scenarios/healthy--irsa")], {
      cwd: REPO_ROOT,
      env: { ...process.env, NODE_COMPILE_CACHE: "", ...env },
    });

  it(`fills the user's cache folder on Node 22+ and not on Node 20 (here Node ${major})`, async () => {
    const cache = scratch();
    await run({ XDG_CACHE_HOME: cache });
    const dir = join(cache, "irsa-doctor", "compile-cache");
    if (major >= 22) expect(readdirSync(dir).length).toBeGreaterThan(0);
    else expect(existsSync(dir)).toBe(false);
  });

  it("writes nothing with IRSA_DOCTOR_COMPILE_CACHE=0", async () => {
    const cache = scratch();
    const { stdout } = await run({ XDG_CACHE_HOME: cache, IRSA_DOCTOR_COMPILE_CACHE: "0" });
    expect(stdout).toMatch(/^root_cause: healthy/);
    expect(readdirSync(cache)).toEqual([]);
  });

  it("refuses a temp folder that others can write", () => {
    const tmp = scratch();
    const user = userInfo().username;
    // No XDG cache and no usable home: the temp folder is the last resort, and must be private.
    const shared = join(tmp, `irsa-doctor-${user}`);
    mkdirSync(shared);
    chmodSync(shared, 0o777);
    const env = { XDG_CACHE_HOME: "", HOME: "/", TMPDIR: tmp };
    expect(withEnv(env, () => compileCacheDir(env))).toBeUndefined();
    chmodSync(shared, 0o700);
    expect(withEnv(env, () => compileCacheDir(env))).toBe(join(shared, "compile-cache"));
  });
});

/** os.homedir() and os.tmpdir() read HOME and TMPDIR from process.env. */
function withEnv<T>(env: Record<string, string>, f: () => T): T {
  const saved = { ...process.env };
  Object.assign(process.env, env);
  try {
    return f();
  } finally {
    process.env = saved;
  }
}
