// Pasted kubectl output about the pod itself (`kubectl get pod -o yaml`, `describe`): the service account it
// runs as. A pod on the namespace's default service account rarely carries an IRSA role or an association.

import type { LogPattern } from "../types.js";

export const podSpecPatterns: LogPattern[] = [
  {
    id: "pod_spec.default_service_account",
    // `kubectl get pod -o yaml` prints the deprecated serviceAccount field beside serviceAccountName (the API
    // server fills one from the other); `-o json` prints both quoted.
    regex: String.raw`^\s*(?:serviceAccount(?:Name)?: default|"serviceAccount(?:Name)?":\s*"default",?|Service Account:\s+default)\s*$`,
    prefilter: ["serviceAccountName: default", "serviceAccount: default", '"default"', "Service Account:"],
    severity: "medium",
    meaning:
      "The pod runs as its namespace's default service account, which usually has no eks.amazonaws.com/role-arn annotation or Pod Identity association: the workload's own (annotated) service account is not the one in use.",
    suggests: ["irsa_annotation.missing", "pod_identity.association_missing"],
    examples: {
      match: [
        { line: "  serviceAccountName: default", seenIn: "kubectl get pod -o yaml" },
        { line: "Service Account:  default", seenIn: "kubectl describe pod" },
      ],
      nearMiss: ["  serviceAccountName: orders-api", "Service Account:  default-editor"],
    },
  },
];
