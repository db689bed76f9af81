// Builds log bundles at test time in a temp dir: a directory shaped like the EKS log collector's output,
// with a rotated kubelet.log.1, a gzipped rotated pod log, a 1 MB line, binary junk and a corrupt .gz, and
// the same directory packed as .tar.gz (by node-tar; the committed fixture is GNU tar's).

import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { gzipSync } from "node:zlib";
import { create } from "tar";

export const POD_DIR = "var_log/pods/shop_payments-6c8d9f7b4-p9m2z_1d2e3f4a-2222-4b6c-9d0e-1f2a3b4c5d6e/payments";
export const WRITTEN = new Date("2024-11-28T10:05:00Z");

export interface BuiltBundle {
  root: string;
  dir: string;
  tgz: string;
  cleanup(): void;
}

const kubelet = (lines: string[]) => lines.map((l) => `Nov 28 ${l}`).join("\n") + "\n";

export const FILES: Record<string, string | Buffer> = {
  "kubelet/kubelet.log": kubelet([
    '10:00:00 ip-10-0-7-12 kubelet[2231]: I1128 10:00:00.000000    2231 kubelet.go:2400] "SyncLoop ADD" source="api" pods=["shop/payments-6c8d9f7b4-p9m2z"]',
    '10:00:09 ip-10-0-7-12 kubelet[2231]: E1128 10:00:09.000000    2231 pod_workers.go:1300] "Error syncing pod" err="CrashLoopBackOff" pod="shop/payments-6c8d9f7b4-p9m2z"',
  ]),
  "kubelet/kubelet.log.1": kubelet([
    '09:30:00 ip-10-0-7-12 kubelet[2231]: W1128 09:30:00.000000    2231 projected.go:200] "token expired, refresh" pod="shop/payments-6c8d9f7b4-p9m2z"',
  ]),
  [`${POD_DIR}/0.log`]: [
    "2024-11-28T10:00:08.000000000Z stderr F Caused by: software.amazon.awssdk.services.sts.model.StsException: Not authorized to perform sts:AssumeRoleWithWebIdentity (Service: Sts, Status Code: 403, Request ID: d8ee3773-3046-41d0-9b95-373ec1ae7b07)",
    `2024-11-28T10:00:08.500000000Z stderr F ${"x".repeat(1024 * 1024)} AccessDenied`,
    "2024-11-28T10:00:09.000000000Z stdout F shutting down",
    "",
  ].join("\n"),
  [`${POD_DIR}/0.log.20241128-095900.gz`]: gzipSync(
    "2024-11-28T09:58:00.000000000Z stderr F Caused by: software.amazon.awssdk.services.sts.model.ExpiredTokenException: Token expired: current date/time 1732787880 must be before the expiration date/time 1732787000 (Service: Sts, Status Code: 400)\n",
  ),
  "system/core.dump": Buffer.concat([Buffer.from("ELF"), Buffer.alloc(100), Buffer.from("InvalidIdentityToken")]),
  "var_log/broken.log.gz": Buffer.concat([
    Buffer.from([0x1f, 0x8b, 0x08, 0x00]),
    Buffer.from("not deflate data at all, just bytes after a gzip header".repeat(4)),
  ]),
  "var_log/messages": "Nov 28 10:00:10 ip-10-0-7-12 systemd[1]: Started Session 12 of User ec2-user.\n",
};

export async function buildBundle(): Promise<BuiltBundle> {
  const root = mkdtempSync(join(tmpdir(), "irsa-doctor-bundle-"));
  const dir = join(root, "eks_i-0123456789abcdef0");
  for (const [name, content] of Object.entries(FILES)) {
    const path = join(dir, name);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
    utimesSync(path, WRITTEN, WRITTEN);
  }
  const tgz = join(root, "eks_i-0123456789abcdef0_2024-11-28_1005-UTC_0.7.3.tar.gz");
  await create({ gzip: true, file: tgz, cwd: dir, portable: true }, ["."]);
  return { root, dir, tgz, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}
