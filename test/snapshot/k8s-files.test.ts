// k8s/ files as kubectl prints them: single objects, Lists, typed API lists, multi-document YAML.
// Only the kinds read are kept; Secrets never are, and credentials in pod env are masked.

import { describe, expect, test } from "vitest";
import { parseK8sFile } from "../../src/snapshot/load/k8s-files.js";

const names = (r: ReturnType<typeof parseK8sFile>) => r.objects.map((o) => `${o.value.kind}/${o.value.metadata.name}`);

describe("parseK8sFile", () => {
  test("a kubectl List is flattened and items of unread kinds are ignored without a problem", () => {
    const text = `apiVersion: v1
items:
- apiVersion: v1
  kind: ServiceAccount
  metadata: {name: payments-api, namespace: payments}
- apiVersion: v1
  kind: LimitRange
  metadata: {name: settings, namespace: payments}
kind: List
metadata:
  resourceVersion: ""
`;
    const r = parseK8sFile(text, "k8s/all.yaml");
    expect(names(r)).toEqual(["ServiceAccount/payments-api"]);
    expect(r.problems).toEqual([]);
  });

  test("a ConfigMap is kept (envFrom may take AWS_* variables from it) with credential keys masked and binary data dropped", () => {
    const text = `apiVersion: v1
kind: ConfigMap
metadata: {name: app-env, namespace: payments}
data:
  AWS_REGION: eu-west-1
  AWS_SECRET_ACCESS_KEY: wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY
  SECRET_ACCESS_KEY: wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY
binaryData:
  blob: AAECAw==
`;
    const r = parseK8sFile(text, "k8s/configmaps.yaml");
    expect(names(r)).toEqual(["ConfigMap/app-env"]);
    const cm = r.objects[0]?.value as unknown as { data: Record<string, string>; binaryData?: unknown };
    expect(cm.data["AWS_REGION"]).toBe("eu-west-1");
    expect(JSON.stringify(cm)).not.toContain("wJalrXUtnFEMI");
    expect(cm.binaryData).toBeUndefined();
  });

  test("multi-document YAML yields every document; an empty trailing document is fine", () => {
    const text =
      "apiVersion: v1\nkind: Namespace\nmetadata: {name: payments}\n---\napiVersion: v1\nkind: ServiceAccount\nmetadata: {name: default, namespace: payments}\n---\n";
    expect(names(parseK8sFile(text, "k8s/multi.yaml"))).toEqual(["Namespace/payments", "ServiceAccount/default"]);
  });

  test("a typed list from the API (PodList) fills each item's kind and records that pods were listed", () => {
    const json = JSON.stringify({
      apiVersion: "v1",
      kind: "PodList",
      items: [{ metadata: { name: "p", namespace: "payments" }, spec: { containers: [{ name: "c" }] } }],
    });
    const r = parseK8sFile(json, "k8s/pods.json");
    expect(names(r)).toEqual(["Pod/p"]);
    expect(r.objects[0]?.value.apiVersion).toBe("v1");
    expect(r.listedKinds).toEqual(["Pod"]);
  });

  test("an empty typed list still says the kind was looked for", () => {
    const r = parseK8sFile(JSON.stringify({ apiVersion: "v1", kind: "EventList", items: [] }), "k8s/events.json");
    expect(r.objects).toEqual([]);
    expect(r.listedKinds).toEqual(["Event"]);
  });

  test("a Secret is dropped, alone or inside a List, and never kept", () => {
    const secret = {
      apiVersion: "v1",
      kind: "Secret",
      metadata: { name: "db", namespace: "payments" },
      data: { password: "aHVudGVyMg==" },
    };
    const single = parseK8sFile(JSON.stringify(secret), "k8s/secret.json");
    const list = parseK8sFile(JSON.stringify({ apiVersion: "v1", kind: "List", items: [secret] }), "k8s/list.json");
    expect(single.objects).toEqual([]);
    expect(list.objects).toEqual([]);
    expect(JSON.stringify([single, list])).not.toContain("aHVudGVyMg==");
  });

  test("static AWS credentials in pod env keep their name but lose their value", () => {
    const p = {
      apiVersion: "v1",
      kind: "Pod",
      metadata: {
        name: "p",
        namespace: "payments",
        annotations: { "kubectl.kubernetes.io/last-applied-configuration": '{"env":"wJalrXUtnFEMI"}' },
      },
      spec: {
        containers: [
          {
            name: "c",
            env: [
              { name: "AWS_ACCESS_KEY_ID", value: "AKIAIOSFODNN7EXAMPLE" },
              { name: "AWS_SECRET_ACCESS_KEY", value: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY" },
            ],
          },
        ],
      },
    };
    const r = parseK8sFile(JSON.stringify(p), "k8s/pod.json");
    const env = (r.objects[0]?.value.spec as { containers: { env: { name: string; value: string }[] }[] }).containers[0]?.env;
    expect(env?.map((e) => e.name)).toEqual(["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"]);
    expect(JSON.stringify(r.objects)).not.toContain("wJalrXUtnFEMI");
    expect(JSON.stringify(r.objects)).not.toContain("AKIAIOSFODNN7EXAMPLE");
  });

  test("an events.k8s.io/v1 Event is read in the core/v1 shape", () => {
    const e = {
      apiVersion: "events.k8s.io/v1",
      kind: "Event",
      metadata: { name: "p.1", namespace: "payments" },
      regarding: { kind: "Pod", name: "p", namespace: "payments" },
      note: "Back-off restarting failed container",
      reason: "BackOff",
      type: "Warning",
      deprecatedCount: 7,
      deprecatedLastTimestamp: "2024-05-14T09:31:00Z",
    };
    const ev = parseK8sFile(JSON.stringify(e), "k8s/ev.json").objects[0]?.value as Record<string, unknown>;
    expect(ev.involvedObject).toEqual({ kind: "Pod", name: "p", namespace: "payments" });
    expect(ev.message).toBe("Back-off restarting failed container");
    expect(ev.count).toBe(7);
    expect(ev.lastTimestamp).toBe("2024-05-14T09:31:00Z");
  });

  test("invalid YAML is a problem naming the document and line; valid documents of the file still load", () => {
    const text = "apiVersion: v1\nkind: Namespace\nmetadata: {name: payments}\n---\nkind: [Pod\n";
    const r = parseK8sFile(text, "k8s/broken.yaml");
    expect(names(r)).toEqual(["Namespace/payments"]);
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]?.source).toBe("k8s/broken.yaml");
    expect(r.problems[0]?.message).toMatch(/^YAML document 2 is not valid at line \d+, column \d+ \([a-z ]+\): not read$/);
  });

  test("invalid JSON and objects without kind or name are problems, not silent skips", () => {
    expect(parseK8sFile("{ not json", "k8s/x.json").problems[0]?.message).toMatch(/^not valid JSON/);
    expect(parseK8sFile('{"items": 3}', "k8s/y.json").problems[0]?.message).toContain("has no kind");
    expect(parseK8sFile('{"apiVersion":"v1","kind":"Pod","metadata":{}}', "k8s/z.json").problems[0]?.message).toContain(
      "without apiVersion or metadata.name",
    );
    expect(parseK8sFile('{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{}}', "k8s/w.json").problems[0]?.message).toContain(
      "Pod p: field spec.containers is missing (expected an array); not read",
    );
  });
});
