// readLog reads only the bytes a client asked for (the last tailLines lines, at most limitBytes of them),
// from the file's end backwards; it must give what reading the whole file and cutting it gives.

import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { readLog, type LogFile } from "../../src/emulator/k8s/pod-logs.js";

/** The kubelet's answer computed the plain way, from the whole text. */
function reference(text: string, tailLines?: number, limitBytes?: number): string {
  let out = text;
  if (tailLines !== undefined) {
    const lines = out.split("\n");
    if (lines[lines.length - 1] === "") lines.pop();
    out =
      tailLines === 0
        ? ""
        : lines
            .slice(-tailLines)
            .map((l) => `${l}\n`)
            .join("");
  }
  if (limitBytes !== undefined && Buffer.byteLength(out) > limitBytes) out = Buffer.from(out).subarray(0, limitBytes).toString("utf8");
  return out;
}

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "irsa-doctor-pod-logs-"));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const file = (rel: string): LogFile => ({ rel, dirs: [], base: rel, stem: rel.replace(/\.log$/, ""), previous: false });

// Lines longer than the 64 KiB read-back chunk, empty lines, multi-byte characters, with and without a final newline.
const long = "x".repeat(70 * 1024);
const TEXTS: Record<string, string> = {
  empty: "",
  one: "only line",
  "one-nl": "only line\n",
  blanks: "a\n\n\nb\n",
  unicode: "é1\nñ2\n✓3",
  "long-lines": `${long}\nshort\n${long}é\nlast\n`,
  many: Array.from({ length: 5000 }, (_, i) => `line ${i} ${"y".repeat(i % 97)}`).join("\n"),
};

describe.each(Object.entries(TEXTS))("%s", (name, text) => {
  test.each([
    [undefined, undefined],
    [0, undefined],
    [1, undefined],
    [2, undefined],
    [3, 5],
    [4000, undefined],
    [100000, undefined],
    [undefined, 10],
    [2, 70 * 1024 + 3],
  ])("tailLines %s, limitBytes %s: as reading the whole file", async (tailLines, limitBytes) => {
    await writeFile(join(root, `${name}.log`), text);
    expect(await readLog(root, file(`${name}.log`), tailLines, limitBytes)).toBe(reference(text, tailLines, limitBytes));
  });
});
