// Which mount a file path lands on in a container. /var/run is a symlink to /run in the images pods run
// (FHS 3.0; Debian, Ubuntu, Alpine, UBI and distroless all ship it), so "/run/secrets/..." and
// "/var/run/secrets/..." name one file: an SDK told either reads the service-account mount at the other.

import type { VolumeMount } from "../../snapshot/types.js";

/** The path with /var/run written as /run, so the two spellings compare equal. */
export function canonicalPath(path: string): string {
  return path.replace(/^\/var\/run(?=\/|$)/, "/run").replace(/\/+$/, "") || "/";
}

/** Whether two paths name the same file once /var/run and /run are taken as one. */
export function samePath(a: string | null | undefined, b: string | null | undefined): boolean {
  return typeof a === "string" && typeof b === "string" && canonicalPath(a) === canonicalPath(b);
}

/** Whether `file` is `mountPath` itself or lies under it. */
export function isUnder(file: string, mountPath: string): boolean {
  const f = canonicalPath(file);
  const m = canonicalPath(mountPath);
  return f === m || f.startsWith(m === "/" ? "/" : `${m}/`);
}

/** The deepest mount `file` lies under, and the file's path inside the volume; null when none. */
export function mountOf<M extends Pick<VolumeMount, "mountPath">>(file: string, mounts: readonly M[]): { mount: M; rel: string } | null {
  const mount = mounts
    .filter((m) => isUnder(file, m.mountPath))
    .sort((a, b) => canonicalPath(b.mountPath).length - canonicalPath(a.mountPath).length)[0];
  if (!mount) return null;
  const rel = canonicalPath(file).slice(canonicalPath(mount.mountPath).length).replace(/^\//, "");
  return { mount, rel };
}
