// Which log file is which pod's and container's, and how a request on the shared port is told apart
// (SigV4 credential scope first, then X-Amz-Target, query Version, and the path).

import { describe, expect, test } from "vitest";
import { detectService } from "../../src/emulator/aws/detect-service.js";
import { findLogFile, type LogFile } from "../../src/emulator/k8s/pod-logs.js";

function file(rel: string): LogFile {
  const parts = rel.split("/");
  const base = parts[parts.length - 1]!;
  let stem = base.replace(/\.(log|txt)$/i, "");
  const previous = stem.endsWith(".previous");
  if (previous) stem = stem.slice(0, -".previous".length);
  return { rel, dirs: parts.slice(0, -1), base, stem, previous };
}

describe("log attribution", () => {
  const files = [
    "pods/shop/web-1/web.log",
    "pods/shop/web-1/sidecar.log",
    "pods/shop/web-1/web.previous.log",
    "pods/other/web-1/web.log",
    "api-2_app.log",
    "job-3.txt",
    "web-10/web.log",
    "solo-10.log",
  ].map(file);
  const ask = (pod: string, containers: string[], container: string, namespace = "shop", previous = false) =>
    findLogFile(files, { namespace, pod, containers, container, previous })?.rel ?? null;

  test("the capture layout: namespace folder wins over the same pod name elsewhere", () => {
    expect(ask("web-1", ["web", "sidecar"], "web")).toBe("pods/shop/web-1/web.log");
    expect(ask("web-1", ["web", "sidecar"], "web", "other")).toBe("pods/other/web-1/web.log");
    expect(ask("web-1", ["web", "sidecar"], "sidecar")).toBe("pods/shop/web-1/sidecar.log");
  });

  test("previous=true reads the .previous file only", () => {
    expect(ask("web-1", ["web", "sidecar"], "web", "shop", true)).toBe("pods/shop/web-1/web.previous.log");
    expect(ask("web-1", ["web", "sidecar"], "sidecar", "shop", true)).toBeNull();
  });

  test("a file named <pod>_<container> and a pod-wide file for a single-container pod", () => {
    expect(ask("api-2", ["app", "proxy"], "app")).toBe("api-2_app.log");
    expect(ask("api-2", ["app", "proxy"], "proxy")).toBeNull();
    expect(ask("job-3", ["main"], "main")).toBe("job-3.txt");
  });

  test("a pod-wide file is not used for one container of a multi-container pod", () => {
    expect(ask("job-3", ["main", "helper"], "main")).toBeNull();
  });

  test("a longer pod name whose folder merely starts with another pod's name is not that pod's", () => {
    expect(ask("web-10", ["web"], "web")).toBe("web-10/web.log");
    expect(ask("web-1", ["web", "sidecar"], "web", "nowhere")).not.toBe("web-10/web.log");
    expect(ask("solo-1", ["main"], "main")).toBeNull();
    expect(ask("solo-10", ["main"], "main")).toBe("solo-10.log");
  });
});

describe("service detection", () => {
  const sig = (service: string) => ({
    authorization: `AWS4-HMAC-SHA256 Credential=AKID/20240601/us-east-1/${service}/aws4_request, SignedHeaders=host, Signature=abc`,
  });

  test("the SigV4 credential scope names the service", () => {
    for (const s of ["iam", "sts", "eks", "cloudtrail", "logs"]) expect(detectService("/", sig(s), "")).toBe(s);
    expect(detectService("/", sig("s3"), "")).toBe("unknown");
  });

  test("unsigned requests: X-Amz-Target, then Kubernetes and EKS paths, then the query Version", () => {
    expect(detectService("/", { "x-amz-target": "CloudTrail_20131101.LookupEvents" }, "{}")).toBe("cloudtrail");
    expect(detectService("/", { "x-amz-target": "Logs_20140328.FilterLogEvents" }, "{}")).toBe("logs");
    expect(detectService("/api/v1/pods", {}, "")).toBe("k8s");
    expect(detectService("/apis", {}, "")).toBe("k8s");
    expect(detectService("/version", {}, "")).toBe("k8s");
    expect(detectService("/clusters/x", {}, "")).toBe("eks");
    expect(detectService("/", {}, "Action=GetRole&Version=2010-05-08")).toBe("iam");
    expect(detectService("/", {}, "Action=GetCallerIdentity&Version=2011-06-15")).toBe("sts");
    expect(detectService("/anything", {}, "")).toBe("unknown");
  });

  test("a Kubernetes bearer token is not mistaken for a signature", () => {
    expect(detectService("/api/v1/pods", { authorization: "Bearer token" }, "")).toBe("k8s");
  });
});
