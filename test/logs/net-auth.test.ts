// The net for an application's own words that AWS did not accept its identity (src/logs/patterns/unexplained-auth.ts):
// a line no specific pattern knows now names the family of candidates in a log-only verdict instead of nothing,
// stays inconclusive, and leaves alone what is not AWS's (Kubernetes RBAC and authentication, other registries,
// other services' 401s, the kubelet's own image pulls, a working chain's debug lines). In a full bundle it is a
// medium complaint: a healthy pod stays healthy at medium confidence with the line quoted.

import { appendFile, cp, mkdtemp, rm } from "node:fs/promises";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { writeBundle, type CorpusEntry } from "../../bench/corpus-lib.mjs";
import {
  AUTH_NOT_ACCEPTED,
  looksNeeded,
  MAX_CANDIDATES,
  REGISTRY_LOGIN_FAILED,
  S3CMD_LOOKUP_FAILED,
  SERVICE_REFUSED_UNNAMED,
  UNEXPLAINED_BY_PATTERN,
} from "../../src/logs/families.js";
import { recogniseMessages } from "../../src/logs/recognise.js";
import { loadSnapshotDir } from "../../src/snapshot/load/index.js";
import { SCENARIOS_DIR, diagnoseSnapshot } from "../support/scenarios.js";

const ids = (text: string): string[] => recogniseMessages(text).map((m) => m.patternId);
const root = mkdtempSync(join(tmpdir(), "irsa-doctor-net-auth-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function logOnly(id: string, text: string) {
  return (await diagnoseSnapshot(await loadSnapshotDir(writeBundle(root, { id, text } as CorpusEntry)))).report;
}

describe("the net for 'AWS did not accept my identity' in an application's own words", () => {
  it.each([
    // Prometheus' remote-write client (storage/remote/client.go "server returned HTTP status %s") to Amazon Managed Prometheus.
    'url=https://aps-workspaces.us-east-1.amazonaws.com/workspaces/ws-0a1b/api/v1/remote_write msg="non-recoverable error" err="server returned HTTP status 401 Unauthorized"',
    // A service's own answer about the IAM principal it was shown (Cerberus's IAM auth).
    '{"errors":[{"code":99216,"message":"The specified IAM principal is not valid."}]}',
    // aws-sdk-js v2's config.getCredentials calling resolve on what it was given as a provider chain.
    "TypeError: self.credentialProvider.resolve is not a function",
  ])("lists AUTH_NOT_ACCEPTED, inconclusive, for %s", async (line) => {
    expect(ids(line)).toEqual(["aws.unexplained_unauthenticated"]);
    const report = await logOnly(`auth-${line.length}`, line);
    expect([report.cause_id, report.confidence]).toEqual(["inconclusive", "low"]);
    expect(report.candidates.map((c) => c.cause_id)).toEqual(AUTH_NOT_ACCEPTED);
  });

  it.each([
    // go-containerregistry's status as kaniko wraps it, with an ECR host (jenkins-x/jx#7072's shape, one line).
    'error checking push permissions -- make sure you entered the correct tag name, and that you are authenticated correctly, and try again: checking push permission for "111122223333.dkr.ecr.eu-west-1.amazonaws.com/shop/api:1.0": unsupported status code 401; body: Not Authorized',
    // Docker's registry client (registry/auth.go loginV2), as Helm's registry login prints it.
    "Error: login attempt to https://111122223333.dkr.ecr.us-east-1.amazonaws.com/v2/ failed with status: 400 Bad Request",
  ])("reads a failed registry login to ECR as REGISTRY_LOGIN_FAILED: %s", async (line) => {
    expect(ids(line)).toEqual(["aws.unexplained_registry_login"]);
    const report = await logOnly(`registry-${line.length}`, line);
    expect(report.cause_id).toBe("inconclusive");
    expect(report.candidates.map((c) => c.cause_id)).toEqual(REGISTRY_LOGIN_FAILED);
  });

  it("reads s3cmd's bare IOError against its config file as its own credential lookup failing, not the file", async () => {
    // s3tools/s3cmd: error(u"%s: %s" % (options.config, e.strerror)) with role_config's bare IOError.
    expect(ids("ERROR: /home/app/.s3cfg: None\nERROR: Configuration file not available.")).toEqual(["sdk.s3cmd_credentials_lookup_failed"]);
    expect(ids("ERROR: /home/app/.s3cfg: No such file or directory\nERROR: Configuration file not available.")).toEqual([]);
    const report = await logOnly("s3cmd", "ERROR: /home/app/.s3cfg: None");
    expect(report.candidates.map((c) => c.cause_id)).toEqual(S3CMD_LOOKUP_FAILED);
  });

  it("reads an AWS endpoint's bare 403 as the refusal that names no caller", async () => {
    const line = 'Post "https://aps-workspaces.eu-west-1.amazonaws.com/workspaces/ws-1/api/v1/remote_write": 403 Forbidden';
    expect(ids(line)).toEqual(["aws.unexplained_refusal"]);
    // An OpenSearch Service domain puts its service label after the region; its 403 answers SigV4 too.
    expect(ids("POST https://search-logs-abc.eu-west-1.es.amazonaws.com/_bulk: 403 Forbidden")).toEqual(["aws.unexplained_refusal"]);
    expect(UNEXPLAINED_BY_PATTERN["aws.unexplained_refusal"]).toBe(SERVICE_REFUSED_UNNAMED);
    const report = await logOnly("refusal", line);
    expect(report.cause_id).toBe("inconclusive");
    expect(report.candidates.map((c) => c.cause_id)).toEqual(SERVICE_REFUSED_UNNAMED);
  });

  it("gives way to the nets that read an AWS error code or a 'no credentials' summary on the same line", () => {
    expect(ids("upload to https://shop.s3.us-east-1.amazonaws.com failed: 403 AccessDenied")).toEqual(["aws.unexplained_error"]);
  });

  it.each([
    // Kubernetes RBAC, with an add-on's service account named after AWS.
    'Error from server (Forbidden): secrets is forbidden: User "system:serviceaccount:external-secrets:external-secrets-aws" cannot list resource "secrets"',
    'E0312 10:00:00.000000 1 reflector.go:138] failed to list *v1.Pod: pods is forbidden: User "system:serviceaccount:kube-system:aws-node" cannot list resource "pods"',
    // The Kubernetes API of an EKS cluster (its endpoint is not an AWS service host) and kubectl's own words.
    'Get "https://0123456789ABCDEF0123456789ABCDEF.gr7.us-west-2.eks.amazonaws.com/api/v1/namespaces/default/pods": 401 Unauthorized',
    "error: You must be logged in to the server (Unauthorized)",
    // Other registries and services.
    "GET https://ghcr.io/v2/org/app/manifests/latest: unexpected status code 401 Unauthorized",
    "Error response from daemon: pull access denied for library/nginx, repository does not exist or may require 'docker login': denied: requested access to the resource is denied",
    'component=endpoint host=logging-loki-gateway-http.openshift-logging.svc:8080 status=403 error="server returned HTTP status 403 Forbidden (403)"',
    "Indexing failed: Unauthorized",
    // A working chain's debug lines.
    "DEBUG botocore.auth: Calculating signature using v4 auth.",
    "DEBUG Response status 200 from https://sts.us-east-1.amazonaws.com/",
  ])("does not fire on %s", (line) => {
    expect(ids(line).filter((id) => id.startsWith("aws.unexplained_"))).toEqual([]);
  });

  it("leaves the kubelet's ECR pull to the node: recognised, and no candidate of the pod's", async () => {
    const line =
      'Failed to pull image "111122223333.dkr.ecr.us-west-1.amazonaws.com/project:tag": rpc error: code = Unknown desc = unauthorized: authentication required';
    expect(ids(line)).toEqual([]); // low severity: not a credential complaint of the pod
    const report = await logOnly("kubelet-pull", line);
    expect(report.candidates).toEqual([]);
  });

  it("keeps its families within the cap", () => {
    for (const family of [AUTH_NOT_ACCEPTED, REGISTRY_LOGIN_FAILED, S3CMD_LOOKUP_FAILED])
      expect(looksNeeded(family)).toBeLessThanOrEqual(MAX_CANDIDATES);
  });
});

describe("the net in a full bundle", () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it("keeps a healthy pod healthy at medium, quoting the line (medium severity: the words are the tool's, not AWS's)", async () => {
    dir = await mkdtemp(join(tmpdir(), "irsa-doctor-net-auth-full-"));
    await cp(join(SCENARIOS_DIR, "healthy--pod-identity"), dir, { recursive: true });
    await appendFile(
      join(dir, "logs/orders-worker-5f8d9c7b4-m7z9p/orders-worker.log"),
      'url=https://aps-workspaces.us-east-1.amazonaws.com/workspaces/ws-0a1b/api/v1/remote_write err="server returned HTTP status 401 Unauthorized"\n',
    );
    const { report } = await diagnoseSnapshot(await loadSnapshotDir(dir));
    expect([report.cause_id, report.confidence]).toEqual(["healthy", "medium"]);
    expect(report.evidence.find((e) => e.type === "caveat")?.content).toContain("401 Unauthorized");
  });
});
