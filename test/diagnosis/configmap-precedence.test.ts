// The environment a container gets from ConfigMaps, built as the kubelet builds it: envFrom sources in order
// (a later one wins a key an earlier one set), each key under its prefix, then env, which wins over all; a
// configMapKeyRef takes the key's value; a key the ConfigMap lacks sets nothing.

import { describe, expect, test } from "vitest";
import { containerSources } from "../../src/diagnosis/credential-path/index.js";
import { found } from "../../src/snapshot/evidence.js";
import type { ConfigMapEnv, Container, Pod } from "../../src/snapshot/types.js";

const cm = (name: string, data: Record<string, string | null>) =>
  found<ConfigMapEnv>({ namespace: "app", name, data }, "k8s/configmaps.yaml");
const pod = (c: Container): Pod => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name: "p", namespace: "app" },
  spec: { containers: [c] },
});
const sourcesOf = (c: Container, maps: Record<string, ReturnType<typeof cm>>) => containerSources(pod(c), c, false, [], undefined, maps);

describe("ConfigMap-sourced variables", () => {
  test("env wins over envFrom, and a later envFrom wins over an earlier one", () => {
    const c: Container = {
      name: "app",
      env: [{ name: "AWS_REGION", value: "eu-west-1" }],
      envFrom: [{ configMapRef: { name: "first" } }, { configMapRef: { name: "second" } }],
    };
    const s = sourcesOf(c, {
      first: cm("first", { AWS_REGION: "us-east-1", AWS_PROFILE: "first", AWS_STS_REGIONAL_ENDPOINTS: "legacy" }),
      second: cm("second", { AWS_PROFILE: "second" }),
    });
    expect(s.env.get("AWS_REGION")?.value).toBe("eu-west-1");
    expect(s.env.get("AWS_PROFILE")).toMatchObject({ value: "second", origin: expect.stringMatching(/^ConfigMap second key AWS_PROFILE/) });
    expect(s.env.get("AWS_STS_REGIONAL_ENDPOINTS")?.value).toBe("legacy");
    expect(s.envFrom).toEqual([]);
  });

  test("a prefix makes AWS_ names of plain keys, and one that cannot is skipped", () => {
    const c: Container = {
      name: "app",
      envFrom: [
        { configMapRef: { name: "keys" }, prefix: "AWS_" },
        { configMapRef: { name: "ui" }, prefix: "UI_" },
      ],
    };
    const s = sourcesOf(c, {
      keys: cm("keys", { ACCESS_KEY_ID: null, SECRET_ACCESS_KEY: null }),
      ui: cm("ui", { AWS_ACCESS_KEY_ID: null }),
    });
    expect([...s.env.keys()].sort()).toEqual(["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"]);
    expect(s.available.has("env_static")).toBe(true);
  });

  test("configMapKeyRef takes the key's value; a key the ConfigMap lacks sets nothing", () => {
    const c: Container = {
      name: "app",
      env: [
        { name: "AWS_CONTAINER_CREDENTIALS_FULL_URI", valueFrom: { configMapKeyRef: { name: "pi", key: "uri" } } },
        { name: "AWS_PROFILE", valueFrom: { configMapKeyRef: { name: "pi", key: "nope", optional: true } } },
      ],
    };
    const s = sourcesOf(c, { pi: cm("pi", { uri: "http://169.254.170.23/v1/credentials" }) });
    expect(s.env.get("AWS_CONTAINER_CREDENTIALS_FULL_URI")).toMatchObject({ value: "http://169.254.170.23/v1/credentials" });
    expect(s.env.has("AWS_PROFILE")).toBe(false);
    expect(s.available.has("container")).toBe(true);
  });

  test("an unread ConfigMap may hold static keys and says what would read it; an optional one that does not exist adds nothing", () => {
    const c: Container = {
      name: "app",
      envFrom: [{ configMapRef: { name: "unread" } }, { configMapRef: { name: "gone", optional: true } }],
    };
    const s = containerSources(pod(c), c, false, [], undefined, { gone: { status: "absent", source: "live" } });
    expect(s.envFrom).toEqual(["ConfigMap unread"]);
    expect(s.unread.join(" ")).toMatch(/kubectl get configmap unread -n app -o yaml/);
    expect(s.possible.has("env_static")).toBe(true);
  });
});
