// Test support for the snapshot loader: writes a snapshot directory from a map of relative paths to
// contents (objects are written as JSON) and removes it afterwards.

import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach } from "vitest";

const created: string[] = [];
afterEach(async () => {
  await Promise.all(created.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

export const TARGET = "cluster: prod-eu\nregion: eu-west-1\nnamespace: payments\n";

/** Creates a snapshot directory; `null` makes an empty folder. */
export async function writeSnapshot(files: Record<string, string | object | null>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "irsa-doctor-snapshot-"));
  created.push(dir);
  for (const [path, content] of Object.entries(files)) {
    const full = join(dir, path);
    if (content === null) {
      await mkdir(full, { recursive: true });
      continue;
    }
    await mkdir(dirname(full), { recursive: true });
    await writeFile(full, typeof content === "string" ? content : JSON.stringify(content, null, 4));
  }
  return dir;
}

export function pod(
  name: string,
  extra: { namespace?: string; sa?: string; node?: string; created?: string; status?: object; owner?: string } = {},
) {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      name,
      namespace: extra.namespace ?? "payments",
      creationTimestamp: extra.created ?? "2024-05-14T09:00:00Z",
      ...(extra.owner ? { ownerReferences: [{ apiVersion: "apps/v1", kind: "ReplicaSet", name: extra.owner, controller: true }] } : {}),
    },
    spec: {
      serviceAccountName: extra.sa ?? "payments-api",
      ...(extra.node ? { nodeName: extra.node } : {}),
      containers: [{ name: "app", image: "app:1" }],
    },
    status: extra.status ?? {
      phase: "Running",
      containerStatuses: [{ name: "app", ready: true, restartCount: 0, state: { running: {} } }],
    },
  };
}
