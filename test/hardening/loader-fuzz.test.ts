// A fuzz-style sweep over the offline loader (issue 9, "Bad input"): a real scenario's bundle damaged in
// the ways a careless user or an attacker would — truncated files, fields of the wrong type, YAML alias
// bombs, links out of the bundle, huge files, FIFOs, control characters — and, for each, the same promises:
// the load does not throw, the damaged file is named in a warning, nothing from outside the bundle appears,
// the diagnosis still runs on the rest, and time and memory stay bounded.

import { execFileSync } from "node:child_process";
import { cp, mkdir, mkdtemp, open, readFile, readdir, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { runDiagnosis } from "../../src/diagnosis/index.js";
import { scanLogDir } from "../../src/logs/scan.js";
import { SnapshotError, loadSnapshotDir } from "../../src/snapshot/load/index.js";
import { LIMITS } from "../../src/snapshot/load/limits.js";
import type { Snapshot } from "../../src/snapshot/types.js";
import { SCENARIOS_DIR, h2Runbook } from "../support/scenarios.js";

const SCENARIO = "trust_policy.subject_mismatch--other-namespace";
const POD_FILE = "k8s/pod-payments-api-7d9c8b6f5-x2k4q.yaml";
const SA_FILE = "k8s/serviceaccount-payments-api.yaml";
const ROLE_FILE = "aws/iam-get-role-payments-api-irsa.json";
const CLUSTER_FILE = "aws/eks-describe-cluster-prod-eu.json";
/** Written outside every bundle: it must never show up in what a load returns. */
const OUTSIDE_MARKER = "OUTSIDE-THE-BUNDLE-7f3a";

let work: string;
let outside: string;
let counter = 0;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), "irsa-doctor-fuzz-"));
  outside = join(work, "outside");
  await cp(join(SCENARIOS_DIR, SCENARIO, "logs"), join(outside, "logs"), { recursive: true });
  await writeFile(join(outside, "shadow"), `root:${OUTSIDE_MARKER}:19000:0:99999:7:::\n`);
  await writeFile(join(outside, "credentials"), `[default]\naws_access_key_id = ${OUTSIDE_MARKER}\n`);
  await writeFile(
    join(outside, "pod.json"),
    JSON.stringify({ apiVersion: "v1", kind: "Pod", metadata: { name: OUTSIDE_MARKER, namespace: "payments" }, spec: { containers: [] } }),
  );
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

/** A fresh copy of the scenario, then `damage` applied to it. */
async function bundle(damage: (dir: string) => Promise<void>): Promise<string> {
  const dir = join(work, `b${++counter}`);
  await cp(join(SCENARIOS_DIR, SCENARIO), dir, { recursive: true });
  await rm(join(dir, "expected-report.yaml"));
  await damage(dir);
  return dir;
}

const edit = (file: string, change: (text: string) => string) => async (dir: string) =>
  writeFile(join(dir, file), change(await readFile(join(dir, file), "utf8")));

/** Parses a YAML or JSON file of the bundle, changes the object, writes it back as JSON at the same path. */
const mutate = (file: string, change: (o: Record<string, any>) => void) =>
  edit(file, (text) => {
    const value = (file.endsWith(".json") ? JSON.parse(text) : parseAllDocuments(text)[0]!.toJS()) as Record<string, any>;
    change(value);
    return JSON.stringify(value);
  });

/**
 * Loads, checks the promises every case shares, and returns the snapshot. `named: false` for a YAML file cut
 * at a place where what is left is still valid YAML: nothing can tell it from a shorter file.
 */
async function loadChecked(dir: string, damaged: string, options: { named?: boolean } = {}): Promise<Snapshot> {
  const started = Date.now();
  const snapshot = await loadSnapshotDir(dir);
  expect(Date.now() - started, "a damaged bundle still loads in bounded time").toBeLessThan(20_000);
  const text = JSON.stringify(snapshot);
  expect(text, "nothing from outside the bundle").not.toContain(OUTSIDE_MARKER);
  expect(text).not.toContain("\u001b");
  const named = snapshot.problems.filter((p) => p.source === damaged || p.source.startsWith(`${damaged} `) || damaged.startsWith(p.source));
  if (options.named !== false) expect(named, `a warning names ${damaged}; got ${JSON.stringify(snapshot.problems)}`).not.toHaveLength(0);
  // One bad file never aborts the diagnosis: the rest is diagnosed.
  const { report } = runDiagnosis(snapshot, await h2Runbook());
  expect(report.cause_id).toBeTruthy();
  expect(JSON.stringify(report)).not.toContain(OUTSIDE_MARKER);
  return snapshot;
}

const problemsOf = (s: Snapshot, source: string) =>
  s.problems
    .filter((p) => p.source === source)
    .map((p) => p.message)
    .join(" | ");

describe("truncated files", () => {
  for (const file of [POD_FILE, SA_FILE, ROLE_FILE, CLUSTER_FILE, "k8s/node-ip-10-0-42-17.json"]) {
    for (const fraction of [0.1, 0.5, 0.93]) {
      it(`${file} cut at ${fraction * 100}%`, async () => {
        const dir = await bundle(edit(file, (t) => t.slice(0, Math.floor(t.length * fraction))));
        await loadChecked(dir, file, { named: file.endsWith(".json") });
      });
    }
  }

  it("a truncated JSON file is named with the line where it stops, not quoted", async () => {
    const dir = await bundle(edit(ROLE_FILE, (t) => t.slice(0, 200)));
    const s = await loadChecked(dir, ROLE_FILE);
    expect(problemsOf(s, ROLE_FILE)).toMatch(/^not valid JSON: it ends early at line \d+ \(truncated\?\)/);
  });
});

describe("fields of the wrong type", () => {
  const cases: [string, string, (o: Record<string, any>) => void, RegExp][] = [
    [
      "containers holding junk",
      POD_FILE,
      (o) => void (o.spec.containers = [42, "x", null]),
      /field spec\.containers\[0\] is a number, expected an object/,
    ],
    [
      "env as an object",
      POD_FILE,
      (o) => void (o.spec.containers[0].env = { AWS_ROLE_ARN: "x" }),
      /field spec\.containers\[0\]\.env is an object, expected an array/,
    ],
    [
      "a role ARN as a number",
      POD_FILE,
      (o) => void (o.spec.containers[0].env = [{ name: "AWS_ROLE_ARN", value: 12 }]),
      /env\[0\]\.value is a number, expected a string/,
    ],
    [
      "annotations as a string",
      SA_FILE,
      (o) => void (o.metadata.annotations = "eks.amazonaws.com/role-arn"),
      /field metadata\.annotations is a string, expected a map/,
    ],
    [
      "a role-arn annotation as a number",
      SA_FILE,
      (o) => void (o.metadata.annotations["eks.amazonaws.com/role-arn"] = 7),
      /metadata\.annotations\["eks\.amazonaws\.com\/role-arn"\] is a number/,
    ],
    ["a name as a number", SA_FILE, (o) => void (o.metadata.name = 123), /metadata\.name/],
    ["status as a list", POD_FILE, (o) => void (o.status = [1, 2]), /field status is an array, expected an object/],
    ["volumes as a string", POD_FILE, (o) => void (o.spec.volumes = "aws-iam-token"), /field spec\.volumes is a string/],
    [
      "an issuer as a number",
      CLUSTER_FILE,
      (o) => void (o.cluster.identity.oidc.issuer = 5),
      /field identity\.oidc\.issuer is a number, expected a string/,
    ],
    ["a role's tags as a string", ROLE_FILE, (o) => void (o.Role.Tags = "team=payments"), /field Tags is a string/],
    ["a trust policy as a number", ROLE_FILE, (o) => void (o.Role.AssumeRolePolicyDocument = 3), /AssumeRolePolicyDocument/],
  ];
  for (const [what, file, change, message] of cases) {
    it(`${what} (${file}): a warning naming the file and the field`, async () => {
      const dir = await bundle(mutate(file, change));
      const s = await loadChecked(dir, file);
      expect(problemsOf(s, file)).toMatch(message);
    });
  }

  it("the pod left out for its shape is not reported as absent", async () => {
    const dir = await bundle(mutate(POD_FILE, (o) => void (o.spec.containers[0].env = {})));
    const s = await loadChecked(dir, POD_FILE);
    expect(s.k8s.pod.status).toBe("unavailable");
    expect(s.k8s.pod).toMatchObject({ reason: "parse_error" });
    expect(JSON.stringify(s.k8s.pod)).toContain(POD_FILE);
  });

  it("a document nested 100,000 levels deep is refused, the file's other documents still load", async () => {
    const deep = `${"[".repeat(100_000)}${"]".repeat(100_000)}`;
    const dir = await bundle(async (d) => writeFile(join(d, "k8s/deep.json"), `{"kind":"List","apiVersion":"v1","items":${deep}}`));
    const s = await loadChecked(dir, "k8s/deep.json");
    expect(problemsOf(s, "k8s/deep.json")).toMatch(/nests deeper than 100 levels/);
  });
});

describe("YAML alias bombs", () => {
  const bomb = [
    "a: &a [x, x, x, x, x, x, x, x, x]",
    ...Array.from(
      { length: 8 },
      (_, i) =>
        `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(9)
          .fill(`*${String.fromCharCode(97 + i)}`)
          .join(", ")}]`,
    ),
  ].join("\n");

  it("in a k8s file: a warning for that file, the rest loads", async () => {
    const dir = await bundle(async (d) =>
      writeFile(join(d, "k8s/bomb.yaml"), `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata:\n${bomb.replace(/^/gm, "  ")}\n`),
    );
    const s = await loadChecked(dir, "k8s/bomb.yaml");
    expect(problemsOf(s, "k8s/bomb.yaml")).toMatch(/too many aliases/);
    expect(s.k8s.pod.status).toBe("found");
  });

  it("in target.yaml: a clear error, not a crash", async () => {
    const dir = await bundle(async (d) =>
      writeFile(join(d, "target.yaml"), `cluster: prod-eu\nregion: eu-west-1\nnamespace: payments\nx:\n${bomb.replace(/^/gm, "  ")}\n`),
    );
    await expect(loadSnapshotDir(dir)).rejects.toThrow(/^target\.yaml uses too many aliases/);
  });
});

describe("links out of the bundle", () => {
  it("a k8s file linking to a file outside (/etc/shadow) is not followed and not quoted", async () => {
    const dir = await bundle(async (d) => symlink(join(outside, "shadow"), join(d, "k8s/shadow.json")));
    const s = await loadChecked(dir, "k8s/shadow.json");
    expect(problemsOf(s, "k8s/shadow.json")).toMatch(/symbolic link leading outside the bundle: not followed/);
  });

  it("an aws file linking to ~/.aws/credentials is not followed", async () => {
    const dir = await bundle(async (d) => symlink(join(outside, "credentials"), join(d, "aws/creds.json")));
    await loadChecked(dir, "aws/creds.json");
  });

  it("a pod file replaced by a link to a pod outside is not read", async () => {
    const dir = await bundle(async (d) => symlink(join(outside, "pod.json"), join(d, "k8s/pod-outside.json")));
    await loadChecked(dir, "k8s/pod-outside.json");
  });

  it("a link inside the bundle is still read", async () => {
    const dir = await bundle(async (d) => {
      await cp(join(d, SA_FILE), join(d, "sa-original.yaml"));
      await rm(join(d, SA_FILE));
      await symlink(join(d, "sa-original.yaml"), join(d, SA_FILE));
    });
    const s = await loadSnapshotDir(dir);
    expect(s.k8s.serviceAccount.status).toBe("found");
  });

  it("k8s/ itself linking outside is refused as a whole", async () => {
    const dir = await bundle(async (d) => {
      await rm(join(d, "k8s"), { recursive: true });
      await symlink(outside, join(d, "k8s"));
    });
    const s = await loadChecked(dir, "k8s/");
    expect(problemsOf(s, "k8s/")).toMatch(/leading outside the bundle/);
  });

  it("logs/ linking outside is not scanned", async () => {
    const dir = await bundle(async (d) => {
      await rm(join(d, "logs"), { recursive: true });
      await symlink(join(outside, "logs"), join(d, "logs"));
    });
    const s = await loadChecked(dir, "logs/");
    expect(s.logs.status).toBe("unavailable");
  });

  it("target.yaml linking outside is refused with a sentence", async () => {
    const dir = await bundle(async (d) => {
      await rm(join(d, "target.yaml"));
      await symlink(join(outside, "shadow"), join(d, "target.yaml"));
    });
    const error = await loadSnapshotDir(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SnapshotError);
    expect((error as Error).message).toMatch(/target\.yaml in .* is a symbolic link leading outside the folder/);
    expect((error as Error).message).not.toContain(OUTSIDE_MARKER);
  });
});

describe("huge files", () => {
  /** A sparse file: its size is what the loader sees, without writing the bytes. */
  async function sized(path: string, bytes: number, head: string): Promise<void> {
    const fh = await open(path, "w");
    await fh.write(head);
    await fh.truncate(bytes);
    await fh.close();
  }

  it(`a k8s JSON file over ${LIMITS.jsonListFileBytes / 2 ** 20} MB is refused unread`, async () => {
    const dir = await bundle((d) => sized(join(d, "k8s/huge.json"), LIMITS.jsonListFileBytes + 1, '{"kind":"List","items":['));
    const before = process.memoryUsage().rss;
    const s = await loadChecked(dir, "k8s/huge.json");
    expect(problemsOf(s, "k8s/huge.json")).toMatch(/is larger than .*: not read/);
    expect(process.memoryUsage().rss - before).toBeLessThan(200 * 2 ** 20);
  });

  it(`a k8s JSON file over ${LIMITS.jsonFileBytes / 2 ** 20} MB that is no List is refused at its first wrong byte`, async () => {
    const dir = await bundle((d) => sized(join(d, "k8s/huge.json"), LIMITS.jsonFileBytes + 1, '{"kind":"List","items":['));
    const before = process.memoryUsage().rss;
    const s = await loadChecked(dir, "k8s/huge.json");
    expect(problemsOf(s, "k8s/huge.json")).toMatch(/read item by item as a Kubernetes List, and this one is not valid JSON .*: not read/);
    expect(process.memoryUsage().rss - before).toBeLessThan(200 * 2 ** 20);
  });

  it(`a k8s YAML file over ${LIMITS.yamlFileBytes / 2 ** 20} MB is refused unread`, async () => {
    const dir = await bundle((d) => sized(join(d, "k8s/huge.yaml"), LIMITS.yamlFileBytes + 1, "kind: List\nitems:\n"));
    const s = await loadChecked(dir, "k8s/huge.yaml");
    expect(problemsOf(s, "k8s/huge.yaml")).toMatch(/is larger than 8 MB: not read/);
  });

  it("an aws file over the cap is refused unread", async () => {
    const dir = await bundle((d) => sized(join(d, "aws/huge.json"), LIMITS.jsonFileBytes + 1, "{"));
    await loadChecked(dir, "aws/huge.json");
  });

  it("target.yaml over 64 KB is refused with a sentence", async () => {
    const dir = await bundle((d) => sized(join(d, "target.yaml"), LIMITS.targetBytes + 1, "cluster: prod-eu\n"));
    await expect(loadSnapshotDir(dir)).rejects.toThrow(/target\.yaml in .* is larger than 64 KB: not read/);
  });
});

describe("FIFOs and other non-files", () => {
  const fifo = (path: string): void => void execFileSync("mkfifo", [path]);

  for (const where of ["k8s/pods.yaml", "aws/get-role.json", "aws/denied.error.txt"]) {
    it(`a FIFO as ${where} does not block`, async () => {
      const dir = await bundle(async (d) => fifo(join(d, where)));
      const s = await loadChecked(dir, where);
      expect(problemsOf(s, where)).toMatch(/FIFO|not a regular file/);
    });
  }

  it("a FIFO in logs/ does not block", async () => {
    const dir = await bundle(async (d) => fifo(join(d, "logs/app.log")));
    await loadChecked(dir, "logs/app.log");
  });

  it("a FIFO as target.yaml is refused at once", async () => {
    const dir = await bundle(async (d) => {
      await rm(join(d, "target.yaml"));
      fifo(join(d, "target.yaml"));
    });
    const started = Date.now();
    await expect(loadSnapshotDir(dir)).rejects.toThrow(/target\.yaml in .* is a FIFO \(named pipe\): only regular files are read/);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it("a link to /dev/zero is refused", async () => {
    const dir = await bundle(async (d) => symlink("/dev/zero", join(d, "k8s/zero.json")));
    await loadChecked(dir, "k8s/zero.json");
  });
});

describe("control characters", () => {
  it("an ANSI escape in a file name and in a document is escaped in the warnings", async () => {
    const name = "k8s/\u001b[2Jclear.json";
    const dir = await bundle(async (d) => writeFile(join(d, name), "\u001b[2J{"));
    const s = await loadChecked(dir, "k8s/\\u001b[2Jclear.json");
    expect(s.problems.map((p) => p.source)).toContain("k8s/\\u001b[2Jclear.json");
  });
});

describe("many files", () => {
  it(`more than ${LIMITS.bundleFiles} files in k8s/ and aws/: the rest are not read, with a warning`, async () => {
    const dir = await bundle(async (d) => {
      await Promise.all(
        Array.from({ length: LIMITS.bundleFiles + 5 }, (_, i) => writeFile(join(d, "aws", `empty-${String(i).padStart(5, "0")}.txt`), "")),
      );
    });
    const started = Date.now();
    const s = await loadSnapshotDir(dir);
    expect(Date.now() - started).toBeLessThan(60_000);
    expect(problemsOf(s, "aws/")).toMatch(/more than 10000 files in k8s\/ and aws\/ together: the rest were not read/);
    expect((await readdir(join(dir, "aws"))).length).toBeGreaterThan(LIMITS.bundleFiles);
  }, 120_000);
});

describe("many log files", () => {
  it("the log scan stops at its file cap and says so", async () => {
    const dir = join(work, "many-logs");
    await Promise.all(
      ["a", "b", "c"].map(async (name) => {
        await mkdir(join(dir, name), { recursive: true });
        await writeFile(join(dir, name, "0.log"), "2024-05-14T09:00:00Z started\n");
      }),
    );
    const result = await scanLogDir(dir, { maxFiles: 2 });
    expect(result.evidence.files).toEqual(["a/0.log", "b/0.log"]);
    expect(result.problems).toContainEqual({ source: ".", message: "more than 2 log files: the rest were not scanned" });
  });
});
