// Amazon ECR's registry (the Docker Registry API at <account>.dkr.ecr.<region>.amazonaws.com) answering a tool
// that pulls or lists images itself (Kargo, Flux, Syft, crane, ko): the registry does not take IAM credentials
// but the 12-hour token that GetAuthorizationToken returns for them, so its refusals say what happened to that
// token, not to the pod's identity. A denial naming a principal ("denied: User: ... is not authorized to
// perform: ecr:...") is IAM's and left to the permission patterns.

import type { LogPattern } from "../types.js";
import { NO_CREDENTIALS } from "../families.js";

// The registry id is an account id, which sources paste redacted or as a placeholder ("[MASKED]" in GitLab's
// job logs, "12345678", "<account>"): ".dkr.ecr." alone names ECR, so any host label before it will do.
export const ECR_HOST = String.raw`[^\s/"'.:@]{1,40}\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com(?:\.cn)?`;

export const ecrPatterns: LogPattern[] = [
  {
    id: "ecr.registry_token_refused",
    // ECR's own bodies: "Your authorization token has expired. Reauthenticate and try again." (a token older than
    // 12 hours, or one issued for another region's registry) and "Your Authorization Token is invalid." (built
    // for another registry, or mangled by the tool).
    regex: String.raw`Your [Aa]uthorization [Tt]oken (?:has expired|is invalid)`,
    prefilter: [
      "uthorization Token has expired",
      "uthorization token has expired",
      "uthorization Token is invalid",
      "uthorization token is invalid",
    ],
    severity: "medium",
    meaning:
      "Amazon ECR's registry refused the registry token the tool presented, not its AWS credentials: the tool keeps a token past its 12 hours, or uses one issued for another registry or region; its own ECR login code, not the pod's IRSA or Pod Identity setup, is at fault.",
    suggests: ["sdk.too_old"],
    supersededBy: ["ecr.node_image_pull_refused"],
    examples: {
      match: [
        {
          line: String.raw`error listing tags for repo URL 111122223333.dkr.ecr.eu-central-1.amazonaws.com/cloud/backend: GET https://111122223333.dkr.ecr.eu-central-1.amazonaws.com/v2/cloud/backend/tags/list?n=1000: DENIED: Your Authorization Token is invalid.`,
          seenIn: "go-containerregistry relaying ECR's error body (Kargo's image discovery)",
        },
        {
          line: "denied: Your authorization token has expired. Reauthenticate and try again.",
          seenIn: "docker push to ECR with a cached login",
        },
      ],
      nearMiss: ["refreshing ECR authorization token for 111122223333.dkr.ecr.us-east-1.amazonaws.com (expires in 11h)"],
    },
  },
  {
    id: "ecr.registry_unauthenticated",
    // The registry's answer to a request with no token at all, as go-containerregistry (crane, ko, Kargo, Syft,
    // Flux) prints it ("unexpected status code 401 Unauthorized: Not Authorized") or Docker's client says it
    // ("no basic auth credentials"), with the ECR host on the line: the tool sent no ECR login.
    regex:
      String.raw`${ECR_HOST}[^\n]{0,400}?(?:unexpected status code 401 Unauthorized|no basic auth credentials)` +
      String.raw`|no basic auth credentials[^\n]{0,200}?${ECR_HOST}`,
    prefilter: [".dkr.ecr."],
    severity: "medium",
    meaning:
      "Amazon ECR's registry got a request without any registry token: the tool does not log in to ECR with the pod's AWS credentials (it only reads pull secrets), or its ECR credential helper found no AWS credentials and it went on anonymously.",
    // The tool's own registry login first (the usual case: no ECR support at all); then, when it has a helper
    // that uses the SDK's default chain and falls back to anonymous pulls, why that chain came up empty.
    suggests: ["sdk.too_old", ...NO_CREDENTIALS.filter((c) => c !== "sdk.too_old")],
    supersededBy: ["ecr.node_image_pull_refused"],
    examples: {
      match: [
        {
          line: String.raw`level=error msg="Image-Pull failed" error="GET https://602401143452.dkr.ecr.eu-west-1.amazonaws.com/v2/amazon-k8s-cni-init/manifests/sha256:6c70af: unexpected status code 401 Unauthorized: Not Authorized\n"`,
          seenIn: "go-containerregistry (remote.Get) without a keychain for ECR (sbom-operator's Syft pull)",
        },
        {
          line: "Error response from daemon: Get https://111122223333.dkr.ecr.us-east-1.amazonaws.com/v2/orders/manifests/latest: no basic auth credentials",
          seenIn: "the Docker client, no login for the registry",
        },
      ],
      nearMiss: [
        "GET https://ghcr.io/v2/org/app/manifests/latest: unexpected status code 401 Unauthorized",
        "pulled 111122223333.dkr.ecr.us-east-1.amazonaws.com/orders:latest in 2.1s",
      ],
    },
  },
  {
    id: "ecr.node_image_pull_refused",
    // The kubelet's own pull of a container image from ECR ("Failed to pull image \"<ECR host>/...\": ...", as
    // the pod's events and kubectl describe print it): the kubelet logs in with the node's instance role (its
    // ecr-credential-provider) or an imagePullSecret, never with the pod's IRSA role or Pod Identity association.
    // Recognised so that the nets under the library (src/logs/patterns/unexplained-auth.ts) and the ECR patterns
    // above do not read it as the pod's identity failing; it names no cause of this tool's.
    regex: String.raw`Failed to pull image \\?"${ECR_HOST}`,
    prefilter: ["Failed to pull image"],
    severity: "low",
    meaning:
      "The kubelet could not pull an image from Amazon ECR: it signs in with the node's instance role or an imagePullSecret, not with the pod's IRSA or Pod Identity credentials, so this is not the pod's identity failing.",
    suggests: [],
    examples: {
      match: [
        {
          line: String.raw`Failed to pull image "00000000000.dkr.ecr.us-west-1.amazonaws.com/project:tag": rpc error: code = Unknown desc = unauthorized: authentication required`,
          seenIn: "heptio/aws-quickstart#213 (kubectl describe pod on a cluster whose nodes had no ECR read policy)",
        },
      ],
      nearMiss: [
        'Failed to pull image "nginx:1.25": rpc error: code = Unknown desc = failed to pull and unpack image "docker.io/library/nginx:1.25": 429 Too Many Requests',
      ],
    },
  },
];
