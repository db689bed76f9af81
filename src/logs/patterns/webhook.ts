// The pod-identity-webhook as kubectl and the API server show it: its MutatingWebhookConfiguration missing
// (kubectl's NotFound), or the API server failing to call it when pods are created. Either way new pods get
// no AWS_ROLE_ARN / AWS_WEB_IDENTITY_TOKEN_FILE, whatever the service account's annotation says.

import type { LogPattern } from "../types.js";

// The configuration's names: EKS's "pod-identity-webhook", the webhook entry "iam-for-pods.amazonaws.com",
// and the amazon-eks-pod-identity-webhook chart's release names.
const WEBHOOK_NAME = String.raw`(?:[\w.-]*pod-identity-webhook[\w.-]*|iam-for-pods\.amazonaws\.com)`;

export const webhookPatterns: LogPattern[] = [
  {
    id: "webhook.configuration_not_found",
    regex: String.raw`mutatingwebhookconfigurations?(?:\.admissionregistration\.k8s\.io)? \\*"?(?P<name>${WEBHOOK_NAME})\\*"? not found`,
    ignoreCase: true,
    prefilter: ["mutatingwebhookconfiguration"],
    severity: "high",
    meaning:
      "The pod-identity-webhook's MutatingWebhookConfiguration does not exist, so no pod is mutated: IRSA pods start without AWS_ROLE_ARN, AWS_WEB_IDENTITY_TOKEN_FILE and the projected token.",
    suggests: ["webhook.not_injecting"],
    decides: "webhook.not_injecting",
    examples: {
      match: [
        {
          line: `Error from server (NotFound): mutatingwebhookconfigurations.admissionregistration.k8s.io "pod-identity-webhook" not found`,
          captures: { name: "pod-identity-webhook" },
          seenIn: "aws/amazon-eks-pod-identity-webhook (kubectl get on a self-managed install)",
        },
        {
          line: `Error from server (NotFound): mutatingwebhookconfigurations "iam-for-pods.amazonaws.com" not found`,
          captures: { name: "iam-for-pods.amazonaws.com" },
        },
        {
          line: String.raw`{"level":"error","msg":"check failed","error":"mutatingwebhookconfigurations.admissionregistration.k8s.io \"pod-identity-webhook\" not found"}`,
          captures: { name: "pod-identity-webhook" },
          seenIn: "the API server's NotFound inside a JSON log line",
        },
      ],
      nearMiss: [
        `Error from server (NotFound): mutatingwebhookconfigurations.admissionregistration.k8s.io "istio-sidecar-injector" not found`,
        "kubectl get mutatingwebhookconfigurations pod-identity-webhook -o yaml",
      ],
    },
  },
  {
    id: "webhook.call_failed",
    // The API server's dispatcher (k8s.io/apiserver .../webhook/mutating/dispatcher.go); before 1.14 it said
    // "failed calling admission webhook".
    regex: String.raw`failed calling (?:admission )?webhook "?(?P<name>${WEBHOOK_NAME})"?`,
    ignoreCase: true,
    prefilter: ["failed calling webhook", "failed calling admission webhook"],
    severity: "high",
    meaning:
      "The API server could not call the pod-identity-webhook when a pod was created (service down, TLS, network policy): with failurePolicy Ignore the pod starts without the IRSA environment.",
    suggests: ["webhook.not_injecting"],
    decides: "webhook.not_injecting",
    examples: {
      match: [
        {
          line: `Error creating: Internal error occurred: failed calling webhook "iam-for-pods.amazonaws.com": failed to call webhook: Post "https://pod-identity-webhook.kube-system.svc:443/mutate?timeout=10s": dial tcp 10.100.12.7:443: connect: connection refused`,
          captures: { name: "iam-for-pods.amazonaws.com" },
        },
      ],
      nearMiss: [
        `failed calling webhook "validate.nginx.ingress.kubernetes.io": failed to call webhook`,
        "webhook iam-for-pods.amazonaws.com registered",
      ],
    },
  },
  {
    id: "webhook.service_account_not_cached",
    // amazon-eks-pod-identity-webhook pkg/handler/handler.go (buildPodPatchConfig): with a lookup grace time
    // set, a pod whose service account its informer cache has not seen is admitted unmutated. The account
    // exists (the API server's ServiceAccount admission refuses a pod naming a missing one): the webhook's
    // cache lags it (an account created with the pod in one apply, a webhook that lost its watch).
    regex: String.raw`Service account (?P<serviceAccount>[\w.-]+/[\w.-]+) not found in the cache after .{1,40}?\. Not mutating`,
    prefilter: ["not found in the cache after"],
    severity: "high",
    meaning:
      "The pod-identity-webhook admitted a pod without injecting AWS_ROLE_ARN and the token: its cache had not seen the pod's service account when the pod was created, so the pod runs without the IRSA environment until it is re-created.",
    suggests: ["webhook.not_injecting"],
    decides: "webhook.not_injecting",
    examples: {
      match: [
        {
          line: "W0315 10:00:00.000000       1 handler.go:482] Service account shop/orders-api not found in the cache after 2s. Not mutating.",
          captures: { serviceAccount: "shop/orders-api" },
          seenIn: "aws/amazon-eks-pod-identity-webhook pkg/handler/handler.go (klog.Warningf after the grace time)",
        },
        {
          line: "W0315 10:00:00.000000       1 handler.go:477] Service account shop/orders-api not found in the cache after being notified. Not mutating.",
          captures: { serviceAccount: "shop/orders-api" },
          seenIn: "aws/amazon-eks-pod-identity-webhook pkg/handler/handler.go",
        },
      ],
      nearMiss: [
        "W0315 10:00:00.000000       1 handler.go:471] Service account shop/orders-api not found in the cache. Waiting up to 2s to be notified",
      ],
    },
  },
  {
    id: "webhook.pod_not_mutated_no_annotation",
    // The same file, when no patch config results: the account has no eks.amazonaws.com/role-arn annotation
    // (or, without a grace time, the cache had not seen it). Logged at verbosity 4 for every such pod.
    regex: String.raw`Pod was not mutated\. Reason: Service account did not have the right annotations or was not found in the cache`,
    prefilter: ["Service account did not have the right annotations"],
    severity: "medium",
    meaning:
      "The pod-identity-webhook left a pod unmutated because its service account had no role annotation when the pod was created (or the webhook's cache had not seen the account yet).",
    suggests: ["irsa_annotation.missing", "irsa_annotation.pod_predates_annotation", "webhook.not_injecting"],
    examples: {
      match: [
        {
          line: "I0315 10:00:00.000000       1 handler.go:549] Pod was not mutated. Reason: Service account did not have the right annotations or was not found in the cache. Pod=orders-api-7f9c, ServiceAccount=orders-api, Namespace=shop",
          seenIn: "aws/amazon-eks-pod-identity-webhook pkg/handler/handler.go (klog.V(4))",
        },
      ],
      nearMiss: [
        "I0315 10:00:00.000000       1 handler.go:571] Pod was not mutated. Reason: Required volume mounts and env variables were already present. Pod=orders-api-7f9c, ServiceAccount=orders-api, Namespace=shop",
        "I0315 10:00:00.000000       1 handler.go:569] Pod was mutated. Pod=orders-api-7f9c, ServiceAccount=orders-api, Namespace=shop",
      ],
    },
  },
  {
    id: "webhook.role_arn_invalid",
    // pkg/cache/cache.go (addSA): the webhook checks the annotation against
    // ^arn:aws[a-z0-9-]*:iam::\d{12}:role/[\w-/.@+=,]+$ and warns, but still injects it as AWS_ROLE_ARN.
    regex: String.raw`arn is invalid: (?P<roleArn>\S+)`,
    prefilter: ["arn is invalid: "],
    severity: "high",
    meaning:
      "The pod-identity-webhook found the service account's eks.amazonaws.com/role-arn annotation malformed; it injects it anyway, and STS refuses the exchange.",
    suggests: ["irsa_annotation.malformed_arn"],
    decides: "irsa_annotation.malformed_arn",
    examples: {
      match: [
        {
          line: "W0315 10:00:00.000000       1 cache.go:228] arn is invalid: arn:aws:iam:111122223333:role/orders-api",
          captures: { roleArn: "arn:aws:iam:111122223333:role/orders-api" },
          seenIn: "aws/amazon-eks-pod-identity-webhook pkg/cache/cache.go (klog.Warningf)",
        },
      ],
      nearMiss: ["the role arn is invalid or missing: check the annotation", "W0315 10:00:00.000000       1 cache.go:226] Regex error: x"],
    },
  },
  {
    id: "webhook.not_mutated",
    regex: String.raw`iam-for-pods\.amazonaws\.com[^}]{0,16}?mutated[\\"]*:false`,
    prefilter: ["iam-for-pods.amazonaws.com"],
    severity: "medium",
    meaning:
      "The API server's audit log shows the pod-identity-webhook called for a pod and leaving it unmutated: normal when the service account has no role annotation, a webhook fault when it has one.",
    suggests: ["webhook.not_injecting", "irsa_annotation.missing", "irsa_annotation.pod_predates_annotation"],
    examples: {
      match: [
        {
          line: String.raw`"mutation.webhook.admission.k8s.io/round_0_index_1":"{\"configuration\":\"pod-identity-webhook\",\"webhook\":\"iam-for-pods.amazonaws.com\",\"mutated\":false}"`,
          seenIn: "aws/amazon-eks-pod-identity-webhook (kube-apiserver audit annotations)",
        },
      ],
      nearMiss: [
        String.raw`"mutation.webhook.admission.k8s.io/round_0_index_1":"{\"configuration\":\"pod-identity-webhook\",\"webhook\":\"iam-for-pods.amazonaws.com\",\"mutated\":true}"`,
      ],
    },
  },
];
