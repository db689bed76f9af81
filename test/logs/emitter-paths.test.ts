// The leave-one-collection-out check of the seventh round: rules that only one dev collection's entries
// matched were written from that collection's lines, so they are widened here to the other messages their
// emitter prints on the same code path. Each line is written as the emitter's source prints it (the source
// is named beside it); none is a corpus line, and none was recognised before the widening.

import { describe, expect, it } from "vitest";
import { recogniseMessages } from "../../src/logs/recognise.js";

const CASES: [string, string, string][] = [
  // A proxy refusing the CONNECT tunnel to STS or the agent, in each HTTP client's own words.
  [
    "network.proxy_error",
    "Java's HttpURLConnection (sun.net.www.protocol.http.HttpURLConnection.doTunneling)",
    'java.io.IOException: Unable to tunnel through proxy. Proxy returns "HTTP/1.1 403 Forbidden"',
  ],
  [
    "network.proxy_error",
    "Apache HttpClient 4 (MainClientExec.createTunnelToTarget: TunnelRefusedException)",
    "org.apache.http.impl.execchain.TunnelRefusedException: CONNECT refused by proxy: HTTP/1.1 403 Forbidden",
  ],
  [
    "network.proxy_error",
    "Node's tunnel agent (tunnel/lib/tunnel.js onConnect)",
    "Error: tunneling socket could not be established, statusCode=403",
  ],
  ["network.proxy_error", "curl before 7.75 (lib/http_proxy.c, error 56)", "curl: (56) Received HTTP code 403 from proxy after CONNECT"],
  ["network.proxy_error", "curl 7.75 and later (lib/http_proxy.c, error 56)", "curl: (56) CONNECT tunnel failed, response 403"],
  [
    "network.proxy_error",
    "urllib3's ProxyError (urllib3/connectionpool.py: 'Cannot connect to proxy.')",
    "urllib3.exceptions.ProxyError: ('Cannot connect to proxy.', OSError('Tunnel connection failed: 403 Forbidden'))",
  ],
  // Envoy's other local reply (source/common/router/router.cc) in answer to a request for credentials.
  [
    "network.mesh_answered_credential_request",
    "botocore's container provider (ContainerMetadataFetcher: 'Received non 200 response (%s) from container metadata: %s') relaying Envoy",
    "Error retrieving metadata: Received non 200 response (503) from container metadata: no healthy upstream",
  ],
  [
    "network.mesh_answered_credential_request",
    "a Go client quoting the agent's address and Envoy's body",
    'Get "http://169.254.170.23/v1/credentials": unexpected status 503; body: no healthy upstream',
  ],
  // The kubelet's projected volume plugin (pkg/volume/projected/projected.go: "failed to fetch token: %v").
  [
    "token.volume_mount_failed",
    "a token volume the pod spec names itself (kubelet FailedMount event)",
    'Warning  FailedMount  3s (x5 over 11s)  kubelet  MountVolume.SetUp failed for volume "token-vol" : failed to fetch token: serviceaccounts "orders" not found',
  ],
  // The API server's webhook dispatcher before 1.14 (plugin/webhook/mutating/dispatcher.go).
  [
    "webhook.call_failed",
    "kube-apiserver 1.13's 'failed calling admission webhook %q'",
    'Error creating: Internal error occurred: failed calling admission webhook "iam-for-pods.amazonaws.com": Post https://pod-identity-webhook.kube-system.svc:443/mutate?timeout=30s: context deadline exceeded',
  ],
  // kubectl's pod output: the deprecated serviceAccount field (-o yaml) and the JSON form (-o json).
  ["pod_spec.default_service_account", "kubectl get pod -o yaml (spec.serviceAccount)", "  serviceAccount: default"],
  ["pod_spec.default_service_account", "kubectl get pod -o json", '    "serviceAccountName": "default",'],
  // client-go's exec credential plugin names the command as the kubeconfig gives it, often a path.
  [
    "creds.kubeconfig_exec_plugin_failed",
    "client-go plugin/pkg/client/auth/exec ('exec: executable %s failed with exit code %d')",
    "error: You must be logged in to the server (the server has asked for the client to provide credentials): getting credentials: exec: executable /usr/local/bin/aws-iam-authenticator failed with exit code 1",
  ],
  // aws-sdk-go's environment provider, its second refusal (aws/credentials/env_provider.go ErrSecretAccessKeyNotFound).
  ["creds.env_keys_only", "aws-sdk-go EnvProvider", "EnvSecretNotFound: AWS_SECRET_ACCESS_KEY or AWS_SECRET_KEY not found in environment"],
];

describe("a single-collection rule widened to its emitter's code path", () => {
  it.each(CASES)("%s: %s", (patternId, _source, line) => {
    expect(recogniseMessages(line).map((m) => m.patternId)).toContain(patternId);
  });

  it("leaves a proxy's own configuration, Envoy's reply to an ordinary route and other volumes alone", () => {
    for (const line of [
      "HTTPS_PROXY=http://proxy.corp.example:3128",
      "route orders-api: 503 no healthy upstream",
      'MountVolume.SetUp failed for volume "data" : mount failed: exit status 32',
      "  serviceAccount: orders-api",
      'failed calling admission webhook "validate.nginx.ingress.kubernetes.io": context deadline exceeded',
    ])
      expect(
        recogniseMessages(line).map((m) => m.patternId),
        line,
      ).toEqual([]);
  });
});
