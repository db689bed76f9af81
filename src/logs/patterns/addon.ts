// Add-ons and controllers that check their own identity before calling AWS and say so in their words (the
// Secrets Store CSI provider for AWS, Mountpoint for S3, CSI drivers): "no role is associated with this
// service account" settles it without any SDK error.

import type { LogPattern } from "../types.js";

export const addonPatterns: LogPattern[] = [
  {
    id: "addon.no_role_for_service_account",
    ignoreCase: true,
    regex:
      // The words alone settle it: sources cut the line after "service account" (an issue title, a status field).
      String.raw`An IAM role must be associated with service ?account(?: (?P<serviceAccount>[\w.-]+)(?: \(namespace: (?P<namespace>[\w.-]+)\))?)?` +
      String.raw`|no (?:IAM )?role(?: ARN)? (?:is )?(?:associated with|annotated on|found for) (?:the )?service ?account`,
    prefilter: ["service account", "serviceaccount"],
    severity: "high",
    meaning:
      "The add-on looked for the IAM role of the pod's service account and found none: the service account has no eks.amazonaws.com/role-arn annotation (or the add-on version reads only that and the workload uses a Pod Identity association).",
    suggests: ["irsa_annotation.missing", "pod_identity.association_missing"],
    decides: "irsa_annotation.missing",
    examples: {
      match: [
        {
          line: `MountVolume.SetUp failed for volume "secrets-store-inline" : rpc error: code = Unknown desc = failed to mount secrets store objects for pod default/secrets-store-inline, err: rpc error: code = Unknown desc = us-east-1: An IAM role must be associated with service account demo-app-pod-sa (namespace: default)`,
          captures: { serviceAccount: "demo-app-pod-sa", namespace: "default" },
          seenIn: "aws/secrets-store-csi-driver-provider-aws (its auth.go)",
        },
        { line: "error: no IAM role associated with service account s3-csi-driver-sa" },
        {
          line: "unable to create session: an IAM role must be associated with service account",
          seenIn: "external-secrets/external-secrets (its AWS provider's session, as a SecretStore status shows it)",
        },
      ],
      nearMiss: [
        "Using IRSA role arn:aws:iam::111122223333:role/ascp for service account demo-app-pod-sa",
        "An IAM role is associated with service account demo-app-pod-sa",
      ],
    },
  },
];
