// Node's module compile cache for the CLI: on Node 22+ (module.enableCompileCache), V8 keeps the compiled code
// of every module it loads in a folder, so a later start skips parsing and compiling the bundled AWS SDK and
// Kubernetes client (most of a cold start). The folder is the user's own: $XDG_CACHE_HOME or ~/.cache, else a
// folder in the temp directory named for the user, used only when it belongs to them and no one else can
// write it (compiled code from a folder someone else controls would run as ours). Turned off with
// IRSA_DOCTOR_COMPILE_CACHE=0 or Node's own NODE_DISABLE_COMPILE_CACHE=1. Imports node built-ins only: it
// runs before anything else is loaded, or the cache would miss those modules.

import { lstatSync, mkdirSync } from "node:fs";
import module from "node:module";
import { homedir, tmpdir, userInfo } from "node:os";
import { join } from "node:path";

type CacheApi = { enableCompileCache?: (dir?: string) => { status: number; directory?: string } };

/** The folder for the cache, or undefined when no folder the user owns can be had. */
export function compileCacheDir(env: NodeJS.ProcessEnv): string | undefined {
  const xdg = env["XDG_CACHE_HOME"];
  if (xdg?.startsWith("/")) return join(xdg, "irsa-doctor", "compile-cache");
  const home = safe(homedir);
  if (home && home !== "/") return join(home, ".cache", "irsa-doctor", "compile-cache");
  const uid = process.getuid?.();
  if (uid === undefined) return undefined;
  const own = join(tmpdir(), `irsa-doctor-${safe(() => userInfo().username) ?? uid}`);
  try {
    mkdirSync(own, { mode: 0o700 });
  } catch {
    // It exists already: fine only if it is ours and closed to others.
  }
  const stat = safe(() => lstatSync(own));
  if (!stat || !stat.isDirectory() || stat.uid !== uid || (stat.mode & 0o022) !== 0) return undefined;
  return join(own, "compile-cache");
}

/** Turns the cache on when Node has it and the user has not turned it off; returns the folder used. */
export function enableCompileCache(env: NodeJS.ProcessEnv, api: CacheApi = module as CacheApi): string | undefined {
  if (env["IRSA_DOCTOR_COMPILE_CACHE"] === "0" || !api.enableCompileCache) return undefined;
  const dir = compileCacheDir(env);
  if (dir === undefined) return undefined;
  try {
    return api.enableCompileCache(dir).directory;
  } catch {
    // A cache is a speed-up only: an unwritable folder must not stop the tool.
    return undefined;
  }
}

function safe<T>(f: () => T): T | undefined {
  try {
    return f();
  } catch {
    return undefined;
  }
}
