// `npm run build` ships client-node and the AWS SDK as esbuild bundles (scripts/bundle-vendor.mjs). These
// tests hold the bundles to the sources: the same exports, nothing left to load from the packages, and
// the built collectors (which import only the bundles) gathering over the wire exactly what the sources
// gather from the same emulator, with the same requests.

import { readFileSync, readdirSync } from "node:fs";
import { builtinModules } from "node:module";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { scenarioDir, withEmulator } from "../collect/helpers.js";
import { collectLive } from "../../src/collect/index.js";
import { awsClientConfig } from "../emulator/helpers.js";

const DIST = fileURLToPath(new URL("../../dist/vendor/", import.meta.url));
const ENTRIES = ["aws", "aws-logs", "kubernetes"];
// Optional packages the libraries try inside try/catch (native speed-ups, the CRT signer); absent here.
const OPTIONAL = new Set(["@aws-sdk/signature-v4-crt", "bufferutil", "utf-8-validate", "encoding"]);

const builtDist = async <T>(path: string): Promise<T> => (await import(new URL(`../../dist/${path}`, import.meta.url).href)) as T;

describe("the vendor bundles", () => {
  it.each(ENTRIES)("dist/vendor/%s.js exports what src/vendor declares", async (name) => {
    const fromSource = Object.keys(await import(`../../src/vendor/${name}.ts`)).sort();
    const fromBundle = Object.keys(await builtDist<object>(`vendor/${name}.js`)).sort();
    expect(fromSource.length).toBeGreaterThan(0);
    expect(fromBundle).toEqual(fromSource);
  });

  it("load nothing from the bundled packages: only Node's built-ins and the optional extras", () => {
    const files = readdirSync(DIST).filter((f) => f.endsWith(".js"));
    expect(files).toEqual(expect.arrayContaining(ENTRIES.map((e) => `${e}.js`)));
    const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
    const loaded = new Set<string>();
    for (const f of files) {
      const code = readFileSync(DIST + f, "utf8");
      for (const m of code.matchAll(
        /(?:\brequire\(|\bimport\(|\bimport\s*\{[^}]*\}\s*from|\bexport\s*\{[^}]*\}\s*from|\bimport\s*\*\s*as\s+\w+\s*from)\s*"([\w@./:-]+)"/g,
      ))
        loaded.add(m[1] ?? "");
    }
    const outside = [...loaded].filter((s) => !s.startsWith("./") && !builtins.has(s) && !OPTIONAL.has(s));
    expect(outside).toEqual([]);
    expect([...loaded].some((s) => s.startsWith("./chunk-"))).toBe(true);
  });
});

describe("the built collectors, on the bundles, against the emulator", () => {
  it.each(["healthy--irsa", "healthy--pod-identity", "trust_policy.subject_mismatch--other-namespace"])(
    "%s: the same evidence and the same requests as the sources",
    async (scenario) => {
      const built = await builtDist<{ collectLive: typeof collectLive }>("collect/index.js");
      const { loadSnapshotDir } = await import("../../src/snapshot/load/index.js");
      const t = (await loadSnapshotDir(scenarioDir(scenario))).target;
      const target = { namespace: t.namespace, pod: t.pod, serviceAccount: t.serviceAccount, incidentTime: t.incidentTime };
      const run = (collect: typeof collectLive) =>
        withEmulator(scenarioDir(scenario), {}, async (e) => {
          // One clock for both: the snapshot records when it was read (capturedAt).
          const live = await collect(target, { cluster: t.cluster ?? undefined, clock: () => new Date("2024-05-14T10:00:00Z") });
          const requests = e
            .requests()
            .map((r) => `${r.service} ${r.action ?? r.method} ${r.path}`)
            .sort();
          return { snapshot: JSON.parse(JSON.stringify(live.snapshot)) as unknown, requests };
        });
      const fromSource = await run(collectLive);
      const fromBundle = await run(built.collectLive);
      expect(fromBundle.requests.length).toBeGreaterThan(10);
      expect(fromBundle.requests).toEqual(fromSource.requests);
      expect(fromBundle.snapshot).toEqual(fromSource.snapshot);
    },
  );

  it("the bundled CloudWatch Logs client reads through the emulator", async () => {
    const { CloudWatchLogsClient, FilterLogEventsCommand } =
      await builtDist<typeof import("../../src/vendor/aws-logs.js")>("vendor/aws-logs.js");
    await withEmulator(scenarioDir("healthy--irsa"), {}, async (e) => {
      const client = new CloudWatchLogsClient(awsClientConfig(e));
      const out = await client.send(new FilterLogEventsCommand({ logGroupName: "/aws/eks/prod-eu/cluster", limit: 5 }));
      client.destroy();
      expect(out.events).toEqual([]);
      expect(e.requests().map((r) => `${r.service} ${r.action}`)).toContain("logs FilterLogEvents");
    });
  });
});
