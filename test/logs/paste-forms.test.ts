// Users paste a message in whatever form their tooling printed it: coloured, behind a container runtime's
// or klog's prefix, inside a JSON log line (quotes and newlines escaped, sometimes twice), in a Terraform
// diagnostic box, in a kubectl describe Events table. The library recognises the same message in every one
// of these forms; a pattern that only matches the bare text does not generalise to real pastes.

import { describe, expect, it } from "vitest";
import { recogniseMessages } from "../../src/logs/recognise.js";

// One decisive or family-defining message per pattern, as its emitter prints it bare.
const MESSAGES: Record<string, string> = {
  "sts.web_identity_access_denied": "AccessDenied: Not authorized to perform sts:AssumeRoleWithWebIdentity",
  "sts.no_oidc_provider":
    "InvalidIdentityToken: No OpenIDConnect provider found in your account for https://oidc.eks.us-east-1.amazonaws.com/id/ABCDEF0123456789",
  "sts.invalid_role_arn": "ValidationError: Request ARN is invalid",
  "sts.thumbprint_mismatch": "InvalidIdentityToken: OpenIDConnect provider's HTTPS certificate doesn't match configured thumbprint",
  "sts.idp_unreachable": "InvalidIdentityToken: Couldn't retrieve verification key from your identity provider",
  "sts.incorrect_token_audience": "InvalidIdentityToken: Incorrect token audience",
  "sts.web_identity_token_expired":
    "ExpiredTokenException: Token expired: current date/time 1700003600 must be before the expiration date/time 1700000000",
  "permissions.access_denied": `AccessDenied: User: arn:aws:sts::111122223333:assumed-role/orders-irsa/1700000000 is not authorized to perform: s3:GetObject on resource: "arn:aws:s3:::b/k"`,
  "permissions.node_role_access_denied": `User: arn:aws:sts::111122223333:assumed-role/eksctl-prod-nodegroup-ng-NodeInstanceRole-ABC/i-0abc123def4567890 is not authorized to perform: s3:GetObject on resource: "arn:aws:s3:::b/k"`,
  "permissions.unattributed_access_denied": "An error occurred (AccessDenied) when calling the GetObject operation: Access Denied",
  "token.volume_mount_failed": `MountVolume.SetUp failed for volume "aws-iam-token" : failed to fetch token: the server could not find the requested resource`,
  "token.file_unreadable": "open /var/run/secrets/eks.amazonaws.com/serviceaccount/token: no such file or directory",
  "webhook.configuration_not_found": `Error from server (NotFound): mutatingwebhookconfigurations.admissionregistration.k8s.io "pod-identity-webhook" not found`,
  "addon.no_role_for_service_account": "An IAM role must be associated with service account demo-sa (namespace: default)",
  "creds.go_no_valid_providers": "NoCredentialProviders: no valid providers in chain. Deprecated.",
  "creds.python_unable_to_locate": "botocore.exceptions.NoCredentialsError: Unable to locate credentials",
  "sdk.container_host_rejected": `invalid endpoint host, "169.254.170.23", only loopback hosts are allowed.`,
  "pod_identity.agent_connection_refused": `Get "http://169.254.170.23/v1/credentials": dial tcp 169.254.170.23:80: connect: connection refused`,
  "pod_identity.association_not_found":
    "AssumeRoleForPodIdentity, https response error StatusCode: 400, RequestID: 1, ResourceNotFoundException: No pod identity association found",
  "network.sts_unreachable": `Post "https://sts.us-east-1.amazonaws.com/": dial tcp 52.94.0.12:443: i/o timeout`,
  // The emitter-source sweep of issue 12's fifth round: the pod-identity-webhook's own klog lines
  // (amazon-eks-pod-identity-webhook pkg/handler/handler.go buildPodPatchConfig and Handle, pkg/cache/cache.go
  // addSA) and EKS Auth's AccessDeniedException as the agent logs it (eks-pod-identity-agent pkg/errors/errors.go).
  "webhook.service_account_not_cached": "Service account shop/orders-api not found in the cache after 1.5s. Not mutating.",
  "webhook.pod_not_mutated_no_annotation":
    "Pod was not mutated. Reason: Service account did not have the right annotations or was not found in the cache. Pod=orders-api-7f9c, ServiceAccount=orders-api, Namespace=shop",
  "webhook.role_arn_invalid": "arn is invalid: arn:aws:iam:111122223333:role/orders-api",
  "permissions.vault_login_as_node_role": `IAM Principal "arn:aws:sts::111122223333:assumed-role/eks-prod-nodegroup-ng-1-NodeInstanceRole-1A2B/i-0abc123def4567890" does not belong to the role "orders"`,
  "pod_identity.eks_auth_access_denied":
    "operation error EKS Auth: AssumeRoleForPodIdentity, https response error StatusCode: 400, RequestID: 1, AccessDeniedException: You don't have permissions to perform the requested operation.",
};

const FORMS: Record<string, (message: string) => string> = {
  "ANSI colours around it": (m) => `\x1b[31mERROR\x1b[0m \x1b[1m${m}\x1b[0m`,
  "a container runtime's (CRI) prefix": (m) => `2024-05-01T10:00:00.123456789Z stderr F ${m}`,
  "a klog prefix": (m) => `E0501 10:00:00.123456       1 controller.go:42] ${m}`,
  "a JSON log line (escaped quotes and newlines)": (m) =>
    JSON.stringify({ level: "error", ts: 1714557600.1, msg: "Reconciler error", error: `failed: ${m}\n\tstatus code: 403` }),
  "a JSON line inside a shipper's JSON (escaped twice)": (m) =>
    JSON.stringify({ log: `${JSON.stringify({ level: "error", error: m })}\n`, stream: "stderr" }),
  "a Terraform diagnostic box": (m) => `│ Error: ${m}`,
  "a kubectl describe Events row": (m) => `  Warning  Failed     2m (x3 over 5m)   kubelet            ${m}`,
  "Python logging's prefix": (m) => `ERROR:root:${m}`,
  "a Java 'Caused by:'": (m) => `Caused by: ${m}`,
  // A highlighter's code block copied as HTML (highlight.js wraps tokens in spans, quotes become entities).
  "rendered HTML (a highlighter's spans and entities)": (m) =>
    m
      .split(" ")
      .map(
        (word) =>
          `<span class="hljs-keyword">${word.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;")}</span>`,
      )
      .join("<span> </span>"),
};

describe("a credential message pasted in the forms tools print it", () => {
  for (const [form, wrap] of Object.entries(FORMS)) {
    it(`is recognised in ${form}`, () => {
      const missed = Object.entries(MESSAGES)
        .filter(([id, message]) => !recogniseMessages(wrap(message)).some((r) => r.patternId === id))
        .map(([id]) => id);
      expect(missed).toEqual([]);
    });
  }

  it("is not recognised where the wrapping alone looks like one (the forms add no meaning)", () => {
    for (const wrap of Object.values(FORMS)) expect(recogniseMessages(wrap("request completed in 12ms"))).toEqual([]);
  });
});
