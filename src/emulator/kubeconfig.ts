// The kubeconfig the emulator writes for itself: its URL and a token that is obviously not a credential,
// in a private temporary folder that close() removes.

import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stringify } from "yaml";

export const FAKE_TOKEN = "irsa-doctor-emulator-fake-token-not-a-credential";
const NAME = "irsa-doctor-emulator";

function kubeconfigYaml(serverUrl: string, namespace: string): string {
  return stringify({
    apiVersion: "v1",
    kind: "Config",
    // Plain HTTP on loopback: client-node 1.4 refuses an http:// server unless TLS verification is
    // marked skipped, though there is no TLS here to verify.
    clusters: [{ name: NAME, cluster: { server: serverUrl, "insecure-skip-tls-verify": true } }],
    users: [{ name: NAME, user: { token: FAKE_TOKEN } }],
    contexts: [{ name: NAME, context: { cluster: NAME, user: NAME, namespace } }],
    "current-context": NAME,
  });
}

export interface WrittenKubeconfig {
  path: string;
  remove(): Promise<void>;
}

export async function writeKubeconfig(serverUrl: string, namespace: string): Promise<WrittenKubeconfig> {
  const dir = await mkdtemp(join(tmpdir(), "irsa-doctor-emulator-"));
  const path = join(dir, "kubeconfig");
  await writeFile(path, kubeconfigYaml(serverUrl, namespace), { mode: 0o600 });
  return { path, remove: () => rm(dir, { recursive: true, force: true }) };
}
