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
    regex: String.raw`failed calling webhook "?(?P<name>${WEBHOOK_NAME})"?`,
    ignoreCase: true,
    prefilter: ["failed calling webhook"],
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
