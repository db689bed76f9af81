// Which local folders the MCP tools may read. A tool argument that names a path (a snapshot folder, a
// log bundle) comes from a model, and a model can be steered by what it reads: without a boundary,
// collect(path=~/.ssh) followed by search would print any file the server's user can read. So a path is
// admitted only inside:
// - the folders the operator allowed (serve --allow-path, IRSA_DOCTOR_ALLOW_PATHS);
// - the client's roots (MCP roots/list), when the client offers roots, as Claude Code does: its workspace;
// - otherwise the server's working directory, unless that is / or the home directory (or above it), which
//   is where desktop clients start servers and would admit everything;
// - and the scenarios bundled with irsa-doctor, which are its own examples.
// Paths are compared after resolving symlinks, so a link inside a root cannot lead outside it.

import { realpath } from "node:fs/promises";
import { homedir } from "node:os";
import { isAbsolute, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

export interface LocalPathPolicy {
  /** The absolute path to read, or the reason it may not be read (a message for the caller). */
  admit(path: string, argument: string): Promise<{ path: string } | { refused: string }>;
}

export interface LocalPathOptions {
  /** Folders the operator allowed. */
  allowed: readonly string[];
  /** The client's roots as URIs, or null when it offers none. May reject (the client did not answer). */
  clientRoots: () => Promise<string[] | null>;
  cwd: string;
  home?: string;
}

const BUNDLED_SCENARIOS = fileURLToPath(new URL("../../fixtures/scenarios", import.meta.url));

/** Inside `root` or `root` itself (both absolute, normalised). */
export function isWithin(path: string, root: string): boolean {
  const rel = relative(root, path);
  return rel === "" || (!rel.startsWith(`..${sep}`) && rel !== ".." && !isAbsolute(rel));
}

const realOrSelf = (path: string): Promise<string> => realpath(path).catch(() => path);

/** A root URI as a path: file:// URIs only (other schemes name nothing on this disk). */
function rootPath(uri: string): string | null {
  try {
    return new URL(uri).protocol === "file:" ? fileURLToPath(uri) : null;
  } catch {
    return null;
  }
}

export function createLocalPathPolicy(options: LocalPathOptions): LocalPathPolicy {
  const home = resolve(options.home ?? homedir());
  const cwd = resolve(options.cwd);
  // The working directory only stands in for roots when it is a folder of its own, not / or home.
  const cwdIsBroad = isWithin(home, cwd);

  async function roots(): Promise<{ paths: string[]; from: string }> {
    let client: string[] | null;
    let clientNote = "";
    try {
      client = await options.clientRoots();
    } catch (error) {
      client = [];
      clientNote = ` (the client's roots could not be read: ${error instanceof Error ? error.message : String(error)})`;
    }
    const fromClient = (client ?? []).map(rootPath).filter((p): p is string => p !== null);
    const fallback = client === null && !cwdIsBroad ? [cwd] : [];
    const listed = [...options.allowed.map((p) => resolve(cwd, p)), ...fromClient, ...fallback, BUNDLED_SCENARIOS];
    const from =
      client === null
        ? cwdIsBroad
          ? `the client offers no roots and the working directory ${cwd} is too broad to stand in for them`
          : `the client offers no roots, so the working directory stands in for them`
        : `the client's roots${clientNote}`;
    return { paths: [...new Set(await Promise.all(listed.map(realOrSelf)))], from };
  }

  return {
    async admit(path, argument) {
      const asked = resolve(cwd, path);
      const real = await realOrSelf(asked);
      const { paths, from } = await roots();
      if (paths.some((root) => isWithin(real, root))) return { path: asked };
      return {
        refused:
          `${argument} "${path}" is outside the folders this server may read (${paths.join(", ")}; ${from}). ` +
          `Put the bundle under one of them, add its folder to your MCP client's roots, or start the server with ` +
          `--allow-path <folder> (or IRSA_DOCTOR_ALLOW_PATHS).`,
      };
    },
  };
}
