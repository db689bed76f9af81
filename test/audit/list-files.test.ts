// A fleet bundle's `kubectl get sa,pods -A -o json` of a large cluster is bigger than the cap on a file read whole
// (32 MB): such a JSON List is split item by item while it is read (src/snapshot/load/json-list-stream.ts), with the
// same result as parsing it whole, up to a cap of its own; past a cap the problem names the file, the cap and what
// to do.

import { mkdtemp, open, readFile, readdir, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { loadFleetDir } from "../../src/audit/offline.js";
import { runAudit } from "../../src/audit/run.js";
import { JsonListError, JsonListSplitter } from "../../src/snapshot/load/json-list-stream.js";
import { parseK8sFile, streamedK8sList } from "../../src/snapshot/load/k8s-files.js";
import { LIMITS } from "../../src/snapshot/load/limits.js";
// @ts-expect-error a plain ES module shared with bench/audit.mjs
import { generateFleet } from "../../bench/fleet.mjs";

/** `text` through the splitter in chunks of `size` bytes, as the reader hands a file over. */
function split(text: string, size: number, maxPieceBytes = 1 << 20) {
  const items: unknown[] = [];
  const splitter = new JsonListSplitter((v) => items.push(v), { maxPieceBytes });
  const bytes = Buffer.from(text);
  for (let i = 0; i < bytes.length; i += size) splitter.push(bytes.subarray(i, i + size));
  return { items, top: splitter.end(), count: splitter.count };
}

describe("the JSON List splitter", () => {
  const doc = {
    apiVersion: "v1",
    items: [
      { kind: "Pod", metadata: { name: 'a"]}{,\\', labels: { "x\u00e9\u6f22": "\ud83d\ude00" } }, n: [1, -2.5e3, { x: null }] },
      { kind: "X", v: true, w: false },
      7,
      "s]",
      null,
      [],
      {},
    ],
    kind: "List",
    'k"ey': 3.5e2,
    metadata: { resourceVersion: "" },
  };
  test.each([1, 2, 3, 7, 64, 1 << 20])("gives every item and member, compact and indented, in chunks of %i bytes", (size) => {
    const { items: expected, ...members } = doc;
    for (const indent of [0, 4]) {
      const { items, top, count } = split(JSON.stringify(doc, null, indent), size);
      expect(items).toEqual(expected);
      expect(top).toEqual(members);
      expect(count).toBe(expected.length);
    }
  });

  test.each([
    ["[1]", /is not a JSON object/],
    ['{"items": [', /ends before its top-level object closes/],
    ['{"kind": "List"}', /has no "items" array/],
    ['{"items": [{"a": tru}]}', /is not valid JSON \(in item 1\)/],
    ['{"items": [{}, {"a": 1,}]}', /is not valid JSON \(in item 2\)/],
    ['{"items": []} x', /after the end/],
    ['{"items": [\u0000]}', /byte 0x00 at offset 11/],
  ])("refuses %j", (text, message) => {
    expect(() => split(text, 3)).toThrow(JsonListError);
    expect(() => split(text, 3)).toThrow(message);
  });

  test("refuses an item over its cap, and holds no more of it than the cap", () => {
    const text = JSON.stringify({ items: [{ a: "x".repeat(100) }, { b: "y".repeat(5000) }] });
    expect(() => split(text, 64, 1000)).toThrow(/has an item 2 larger than 1000 bytes/);
  });
});

describe("a List read item by item gives what parseK8sFile gives when it reads it whole", () => {
  const pod = (name: string) => ({ metadata: { name, namespace: "apps" }, spec: { containers: [{ name: "c", image: "i" }] } });
  test.each([
    ["kubectl's List", "k8s/sa-pods.json", { apiVersion: "v1", items: [{ kind: "Pod", apiVersion: "v1", ...pod("a") }], kind: "List" }],
    ["a typed PodList (items without kind)", "k8s/pods.json", { apiVersion: "v1", kind: "PodList", items: [pod("a"), pod("b")] }],
    ["an empty List its file name types", "k8s/events.json", { apiVersion: "v1", items: [], kind: "List" }],
    [
      "a Secret (key names only) and an item without kind",
      "k8s/mixed.json",
      {
        apiVersion: "v1",
        items: [
          { kind: "Secret", apiVersion: "v1", metadata: { name: "s", namespace: "apps" }, data: { AWS_ACCESS_KEY_ID: "eA==" } },
          pod("c"),
        ],
        kind: "List",
      },
    ],
    ["a document that is not a List", "k8s/pod.json", { apiVersion: "v1", kind: "Pod", items: [], ...pod("d") }],
  ])("%s", (_, source, doc) => {
    const text = JSON.stringify(doc, null, 4);
    const list = streamedK8sList(source);
    const splitter = new JsonListSplitter((v, i) => list.item(v, i), { maxPieceBytes: 1 << 20 });
    splitter.push(Buffer.from(text));
    const streamed = list.end(splitter.end(), splitter.count);
    const whole = parseK8sFile(text, source);
    if (doc.kind === "Pod") {
      // Whole, a Pod with an items field is a Pod; a file over the cap must be a List, and says so.
      expect(streamed.objects).toEqual([]);
      expect(streamed.problems[0]?.message).toMatch(/is not a Kubernetes List/);
      return;
    }
    expect(streamed).toEqual(whole);
  });
});

describe("a fleet bundle whose kubectl List is over the cap on a file read whole", () => {
  let dir: string;
  let padded: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "irsa-doctor-list-split-"));
    await generateFleet(dir, 240);
    padded = await mkdtemp(join(tmpdir(), "irsa-doctor-list-one-"));
    await generateFleet(padded, 240, { oneFile: true });
    // kubectl's indented List, grown past 32 MB with LimitRanges (a kind nothing reads), `kind` last.
    const file = join(padded, "k8s/sa-pods.json");
    const list = JSON.parse(await readFile(file, "utf8")) as { items: unknown[] };
    const filler = "x".repeat(1 << 20);
    for (let i = 0; i < 33; i++)
      list.items.push({
        apiVersion: "v1",
        kind: "LimitRange",
        metadata: { name: `big-${i}`, namespace: "team-0000" },
        data: { f: filler },
      });
    const fh = await open(file, "w");
    await fh.write('{\n    "apiVersion": "v1",\n    "items": [\n');
    for (const [i, item] of list.items.entries())
      await fh.write(`${JSON.stringify(item, null, 4)}${i + 1 < list.items.length ? "," : ""}\n`);
    await fh.write('    ],\n    "kind": "List"\n}\n');
    await fh.close();
  }, 120_000);
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
    await rm(padded, { recursive: true, force: true });
  });

  test("is read item by item: the same objects and verdicts as the same cluster in files of 1,000", async () => {
    expect((await stat(join(padded, "k8s/sa-pods.json"))).size).toBeGreaterThan(LIMITS.jsonFileBytes);
    expect((await readdir(join(padded, "k8s"))).filter((f) => f.startsWith("sa-pods"))).toEqual(["sa-pods.json"]);
    const one = await loadFleetDir(padded);
    const parts = await loadFleetDir(dir);
    expect(one.problems).toEqual([]);
    expect(one.objects.length).toBe(parts.objects.length);
    const verdicts = (f: typeof one) =>
      runAudit(f).bindings.map((b) => `${b.namespace}/${b.service_account} ${b.cause_id} ${b.confidence} ${b.pods.join(",")}`);
    expect(verdicts(one)).toEqual(verdicts(parts));
  }, 120_000);
});

describe("past a cap, the problem names the file, the cap and what to do", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "irsa-doctor-list-caps-"));
    await generateFleet(dir, 20);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  /** A sparse file: its size is what the loader sees, without writing the bytes. */
  async function sized(name: string, bytes: number, head: string): Promise<void> {
    const fh = await open(join(dir, name), "w");
    await fh.write(head);
    await fh.truncate(bytes);
    await fh.close();
  }
  const problemOf = async (source: string) => (await loadFleetDir(dir)).problems.find((p) => p.source === source)?.message;

  test("a JSON List over 256 MB: split it", async () => {
    // Read first (k8s/ is read in name order), with the whole bundle budget still left.
    await sized("k8s/a-huge.json", LIMITS.jsonListFileBytes + 1, '{"apiVersion":"v1","items":[');
    expect(await problemOf("k8s/a-huge.json")).toBe(
      "is larger than 256 MB: not read — split it into several files, one `kubectl get ... -o json` per namespace or per kind",
    );
    await rm(join(dir, "k8s/a-huge.json"));
  });

  test("a JSON file over 32 MB that is not a List: refused at its first wrong byte, naming the cap", async () => {
    await sized("k8s/zeros.json", LIMITS.jsonFileBytes + 1, '{"apiVersion":"v1","items":[');
    expect(await problemOf("k8s/zeros.json")).toBe(
      "a JSON file over 32 MB is read item by item as a Kubernetes List, and this one is not valid JSON (byte 0x00 at offset 28): not read",
    );
    await rm(join(dir, "k8s/zeros.json"));
  });

  test("a YAML file over 8 MB: save it as JSON", async () => {
    await writeFile(join(dir, "k8s/big.yaml"), "");
    await sized("k8s/big.yaml", LIMITS.yamlFileBytes + 1, "kind: List\nitems:\n");
    expect(await problemOf("k8s/big.yaml")).toBe(
      "is larger than 8 MB: not read — save it as JSON (`kubectl get ... -o json`): a JSON List is read item by item up to 256 MB",
    );
    await rm(join(dir, "k8s/big.yaml"));
  });
});
