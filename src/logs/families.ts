// The candidates for each family of credential failure that does not settle its category on its own.
// Every SDK prints these families in its own words (the patterns in ./patterns/ recognise the words); what an
// engineer checks next depends on the family, not on the SDK. Each list is ordered by how often the
// mechanism behind it produces the family's message on EKS (first = check first), and capped at
// MAX_CANDIDATES looks (see looksNeeded): a list of everything is not a diagnosis. The log-only verdict keeps this order.
//
// What to collect for each cause is in src/diagnosis/log-only.ts (CONFIRM_BY_CAUSE and the category steps).

import type { LogCauseId } from "./causes.js";

export const MAX_CANDIDATES = 5;

// Causes that one read tells apart count as one look:
// - the trust policy's causes: one read of the role's trust policy (its Principal, Action and Condition);
// - whether the pod got an identity from its service account: one read of the service account (its
//   eks.amazonaws.com/role-arn annotation) and of the pod (its creationTimestamp, and the AWS_ROLE_ARN and
//   token volume the webhook injects) tells a missing annotation (none on the account), a pod older than
//   the annotation (annotated account, pod created before it, old or no AWS_ROLE_ARN), a webhook that did
//   not inject (annotated account, pod created after it, no AWS_ROLE_ARN) and an AWS_ROLE_ARN the container
//   spec sets itself (another role than the annotation's) apart.
const ONE_READ: Readonly<Record<string, string>> = {
  "irsa_annotation.missing": "service account and pod",
  "irsa_annotation.pod_predates_annotation": "service account and pod",
  "webhook.not_injecting": "service account and pod",
  // The container's own env in the same pod read shows an AWS_ROLE_ARN the spec sets itself.
  "credential_chain.role_arn_override": "service account and pod",
};

/**
 * What an engineer has to look at to tell a family's causes apart: one look per cause, except the causes
 * one read tells apart (the trust policy's; a missing annotation, a pod older than it and a webhook that did
 * not inject). MAX_CANDIDATES caps this.
 */
export function looksNeeded(causes: readonly LogCauseId[]): number {
  return new Set(causes.map((c) => (c.startsWith("trust_policy.") ? "trust_policy" : (ONE_READ[c] ?? c)))).size;
}

/** STS refused AssumeRoleWithWebIdentity with a bare AccessDenied ("Not authorized to perform sts:AssumeRoleWithWebIdentity"). */
export const WEB_IDENTITY_REFUSED: readonly LogCauseId[] = [
  // The token's sub (system:serviceaccount:<ns>:<sa>) is not the one the trust policy names: a renamed
  // service account, another namespace, a policy copied from another workload. The usual case by far.
  "trust_policy.subject_mismatch",
  // STS answers a role that does not exist (a typo, another account's id) with the same AccessDenied.
  "irsa_annotation.role_not_found",
  // The policy's Federated principal is another cluster's issuer: the cluster was re-created, or the
  // policy was copied from another cluster or region.
  "trust_policy.issuer_mismatch",
  // StringEquals with a wildcard, sts:AssumeRole instead of AssumeRoleWithWebIdentity, an explicit Deny.
  "trust_policy.wrong_operator_or_action",
  // The aud condition names another audience (sts.amazonaws.com.cn copied across partitions, an https://
  // prefix, a custom audience the token does not carry).
  "trust_policy.audience_condition_mismatch",
  // The service account was re-annotated with another role; the running pod still presents the old one,
  // whose trust does not admit it.
  "irsa_annotation.pod_predates_annotation",
  // The container spec sets AWS_ROLE_ARN itself (a chart value, a copied manifest): the webhook leaves an
  // existing variable alone (amazon-eks-pod-identity-webhook README, "if the container already has the
  // variable"), so the pod presents a role whose trust does not name this service account.
  "credential_chain.role_arn_override",
  // Left out: irsa_annotation.missing. Without the annotation there is no AWS_ROLE_ARN, so no exchange is
  // attempted and STS has nothing to refuse.
];

/** An AWS service refused a call without naming the caller (S3's bare Access Denied, a 403 Forbidden, EC2's encoded message). */
export const SERVICE_REFUSED_UNNAMED: readonly LogCauseId[] = [
  // The credentials are the pod's and its role has no Allow for the action (or a boundary/SCP/bucket policy denies).
  "permissions.role_lacks_permission",
  // The call was signed with the node's instance role: the SDK found no IRSA or Pod Identity settings
  // (a container the webhook skipped, an SDK that ignores them) and walked down to IMDS.
  "sdk.falls_back_to_node_role",
  // Why it found none, most often: the service account carries no role at all.
  "irsa_annotation.missing",
  // Another identity earlier in the chain: keys in the environment or a Secret, a mounted credentials file
  // or AWS_PROFILE. The SDK uses them before the web identity token.
  "credential_chain.static_keys",
  // The annotation now names the right role, but the pod was created under the old (wrong) one.
  "irsa_annotation.pod_predates_annotation",
  // Left out: why the pod had no identity of its own beyond the two above (the webhook did not inject, no
  // Pod Identity association). The first question is whose credentials signed the call, which
  // sdk.falls_back_to_node_role's step (get-caller-identity in the container) answers; a node-role answer
  // then has its own family (SERVICE_REFUSED_NODE_ROLE), which lists them.
];

/** A service refused a call made with the node's instance role (the principal names a node-group role or an i-... session). */
export const SERVICE_REFUSED_NODE_ROLE: readonly LogCauseId[] = [
  // The pod was never given an identity: no role annotation on its service account (a first install, a chart
  // value left empty). The most common reason a pod signs with the node's role.
  "irsa_annotation.missing",
  // The annotation (or association) came after the pod: the webhook only injects at creation.
  "irsa_annotation.pod_predates_annotation",
  // The container had the settings and the SDK did not use them: an old or vendored SDK, a container the
  // webhook skipped (init containers, sidecars, eks.amazonaws.com/skip-containers).
  "sdk.falls_back_to_node_role",
  // The Pod Identity counterpart of the missing annotation: no association for the namespace and service account.
  "pod_identity.association_missing",
  // The workload is meant to run as the node's role (Container Insights and Fluentd set-ups that attach
  // their policy to the node role, manifests written before IRSA) and that role lacks the permission.
  "permissions.role_lacks_permission",
  // The managed webhook did not mutate the pod: created while the webhook could not be called (its
  // failurePolicy is Ignore), so it runs without AWS_ROLE_ARN and the SDK reaches the node's role. The same
  // read of the service account and the pod tells it from the two irsa_annotation causes above, so it
  // costs no look of its own (it was left out while every cause counted as one).
  "webhook.not_injecting",
];

/** The SDK's whole default chain came up empty ("NoCredentialProviders", "Unable to locate credentials", ...). */
export const NO_CREDENTIALS: readonly LogCauseId[] = [
  // No role annotation and no association: nothing to inject, and the node's role is out of the pod's
  // reach too (IMDSv2 with a hop limit of 1, or IMDS blocked), so the chain ends empty.
  "irsa_annotation.missing",
  "pod_identity.association_missing",
  // The settings exist but the pod was created before them.
  "irsa_annotation.pod_predates_annotation",
  // The settings are in the pod but the SDK does not read them (web identity or the Pod Identity address).
  "sdk.too_old",
  // The annotation is there and the webhook did not mutate the pod (not running on a self-managed cluster,
  // a failing call, an objectSelector that excludes the pod).
  "webhook.not_injecting",
  // Pod Identity was set up and its agent did not answer: Go v1's default chain (defaults.CredChain) and
  // JavaScript v2's (CredentialProviderChain) try the container provider like any other and report only that
  // nothing answered (aws-sdk-go credentials/chain_provider.go: "no valid providers in chain" unless verbose).
  "pod_identity.agent_not_running",
];

/**
 * JavaScript v2's "Missing credentials in config": its CredentialProviderChain passes any provider's error on
 * to the next provider and reports only the last one's (lib/credentials/credential_provider_chain.js,
 * resolveNext; lib/config.js wraps it in that message), so a web identity exchange that failed
 * (TokenFileWebIdentityCredentials comes before EC2MetadataCredentials) ends the same way as one that was
 * never configured. Pod Identity is left out: only JavaScript v2 2.1550.0 and later read its address
 * (src/logs/sdk-versions.ts), late in v2's life, so the rarest mechanism gives way to keep the cap.
 */
export const JS_V2_CHAIN_EMPTY: readonly LogCauseId[] = [
  "irsa_annotation.missing",
  // STS refused the exchange, or was out of reach: JavaScript v2 calls the global sts.amazonaws.com unless
  // AWS_STS_REGIONAL_ENDPOINTS=regional (its default is "legacy"), which a cluster without internet egress cannot reach.
  "network.sts_unreachable",
  "trust_policy.subject_mismatch",
  "irsa_annotation.pod_predates_annotation",
  "webhook.not_injecting",
  "sdk.too_old",
  // The token file was there and unreadable (a non-root user and a 0600 file without fsGroup, before EKS made
  // it 0644): TokenFileWebIdentityCredentials' read error is passed on to IMDS like any other
  // (lib/credentials/token_file_web_identity_credentials.js reads it with fs.readFileSync in load).
  "token.not_mounted_or_unreadable",
];

/** A credential provider timed out or its endpoint could not be reached (STS, the Pod Identity agent, IMDS through a chain). */
export const ENDPOINT_UNREACHABLE: readonly LogCauseId[] = [
  // The chain fell through to IMDS because nothing else was configured, and IMDS is out of the pod's reach.
  "irsa_annotation.missing",
  "pod_identity.association_missing",
  "irsa_annotation.pod_predates_annotation",
  // The configured path's endpoint itself is out of reach: no NAT or STS endpoint, a NetworkPolicy, DNS, a proxy.
  "network.sts_unreachable",
  "sdk.too_old",
  // Read with the two irsa_annotation causes above: the settings exist, the webhook did not inject them.
  "webhook.not_injecting",
  // The container provider's endpoint is the node's Pod Identity agent: not running there, it does not answer.
  "pod_identity.agent_not_running",
];

/** A request reached AWS unsigned (MissingAuthenticationToken): the client had no credentials at all, or called the wrong endpoint. */
export const REQUEST_UNSIGNED: readonly LogCauseId[] = [
  // A tool or SDK that does not read the web identity or Pod Identity settings and sends the call anonymously,
  // or an endpoint override that also sends the STS call to another service.
  "sdk.too_old",
  // The settings were never injected or never configured (see NO_CREDENTIALS).
  "webhook.not_injecting",
  "irsa_annotation.missing",
  "pod_identity.association_missing",
];

/**
 * The pod's call was signed and AWS rejected the credentials themselves (an unknown key, a bad signature, a
 * malformed session token): keys the SDK found before the pod's identity, or a tool that never looked for it.
 */
export const CREDENTIALS_REJECTED: readonly LogCauseId[] = ["credential_chain.static_keys", "sdk.too_old"];

/** AWS rejected expired temporary credentials: an SDK that does not refresh them, or an expired token behind them. */
export const SESSION_EXPIRED: readonly LogCauseId[] = ["sdk.too_old", "token.expired"];

/**
 * The candidates of an AWS error code on a line no pattern explains (aws.unexplained_error), by what the code
 * means in AWS's error references: a refusal of a signed call (AccessDenied, UnauthorizedOperation,
 * UnauthorizedAccess) is the service refusal without a principal; an unknown or unverifiable key
 * (InvalidClientTokenId, UnrecognizedClientException, InvalidAccessKeyId, SignatureDoesNotMatch, AuthFailure,
 * InvalidToken) is credentials rejected; ExpiredToken is an expired session. The log-only verdict lists them
 * only when no recognised line gave candidates, always inconclusive: the code says what kind of failure, not
 * which hop. They are not the pattern's `suggests`, which checks read as evidence for a cause.
 */
export const UNEXPLAINED_BY_CODE: Readonly<Record<string, readonly LogCauseId[]>> = {
  AccessDenied: SERVICE_REFUSED_UNNAMED,
  AccessDeniedException: SERVICE_REFUSED_UNNAMED,
  UnauthorizedOperation: SERVICE_REFUSED_UNNAMED,
  UnauthorizedAccess: SERVICE_REFUSED_UNNAMED,
  InvalidClientTokenId: CREDENTIALS_REJECTED,
  UnrecognizedClientException: CREDENTIALS_REJECTED,
  InvalidAccessKeyId: CREDENTIALS_REJECTED,
  SignatureDoesNotMatch: CREDENTIALS_REJECTED,
  AuthFailure: CREDENTIALS_REJECTED,
  InvalidToken: CREDENTIALS_REJECTED,
  ExpiredToken: SESSION_EXPIRED,
  ExpiredTokenException: SESSION_EXPIRED,
};

/**
 * An AWS endpoint or service did not accept the caller's identity, in the application's own words (a 401 from an
 * AWS host, a registry login that failed for ECR, "the specified IAM principal is not valid", a credential
 * provider object the SDK cannot call): aws.unexplained_unauthenticated. No AWS error code or principal says
 * which hop failed.
 */
export const AUTH_NOT_ACCEPTED: readonly LogCauseId[] = [
  // The tool's own AWS code never used the pod's identity: it does not sign its requests (an exporter or sink
  // without SigV4), discovers credentials its own way (Jib's and kaniko's registry logins, a bundled credential
  // helper), bundles an SDK too old for web identity or Pod Identity, or is handed a credentials object its SDK
  // cannot call. The usual case: an SDK that had used the pod's identity would print its own error codes.
  "sdk.too_old",
  // The pod had no identity to use: no role on its service account, or a pod older than the annotation, or one
  // the webhook did not mutate (one read of the service account and the pod tells the three apart).
  "irsa_annotation.missing",
  "irsa_annotation.pod_predates_annotation",
  "webhook.not_injecting",
  // The Pod Identity counterpart: no association for the namespace and service account.
  "pod_identity.association_missing",
  // Keys that come before the pod's identity in the chain (an env var, a Secret, a mounted credentials file),
  // stale or another account's: AWS answers them with a 401 or 403 the tool reports in its own words.
  "credential_chain.static_keys",
  // The web identity token was there and unreadable (a non-root user and a 0600 file without fsGroup): the
  // SDK's provider failed and the tool went on unsigned.
  "token.not_mounted_or_unreadable",
  // Left out: sdk.falls_back_to_node_role. A call signed with the node's role is authenticated; AWS refuses it
  // naming the node's role, which has its own family (SERVICE_REFUSED_NODE_ROLE).
];

/**
 * A tool's login to Amazon ECR's registry failed in its own words (aws.unexplained_registry_login): the registry's
 * password is the token ecr:GetAuthorizationToken gives an AWS identity, so whichever hop kept that token from
 * being valid.
 */
export const REGISTRY_LOGIN_FAILED: readonly LogCauseId[] = [
  // The tool logs in its own way and never asks AWS for a token with the pod's identity (Jib's credential
  // discovery, a Helm or kaniko without the ECR helper, a helper whose SDK predates web identity or Pod Identity).
  "sdk.too_old",
  // The pod that should obtain the token has no identity (one read of the service account and the pod).
  "irsa_annotation.missing",
  "irsa_annotation.pod_predates_annotation",
  "webhook.not_injecting",
  // The identity is there and lacks ecr:GetAuthorizationToken or the repository's push and pull actions.
  "permissions.role_lacks_permission",
  // Its web identity exchange was refused (the role's trust names another namespace or service account), so the
  // helper or updater that refreshes the token got none.
  "trust_policy.subject_mismatch",
  // Other credentials came first in the chain (keys a CI job exported, a mounted credentials file), or the
  // pod's own shadowed the keys the job meant: a registry token is per account, and one obtained by the wrong
  // identity is refused by this registry.
  "credential_chain.static_keys",
  // Left out for the cap: pod_identity.association_missing. With no association the tool's SDK finds no
  // credentials and says so in its own words first (the "no credentials" families).
];

/**
 * s3cmd's own credential lookup failed (sdk.s3cmd_credentials_lookup_failed): with no keys in its config or
 * environment it asks for the instance role, and from 2.2 for the web identity exchange, itself, and any failure
 * there is a bare IOError it reports against its config file.
 */
export const S3CMD_LOOKUP_FAILED: readonly LogCauseId[] = [
  // s3cmd's own code: before 2.2 it reads no web identity token at all (IMDS only); 2.2 calls the global
  // sts.amazonaws.com with a two-second timeout; no release reads Pod Identity's container credentials.
  "sdk.too_old",
  // Nothing to exchange: no role on the service account (or a pod older than it, or one the webhook skipped),
  // and the node's role out of reach or not meant for the pod.
  "irsa_annotation.missing",
  "irsa_annotation.pod_predates_annotation",
  "webhook.not_injecting",
  // The global STS endpoint out of the pod's reach (no internet egress, a regional VPC endpoint only).
  "network.sts_unreachable",
  // STS refused the exchange: any answer but 200 raises the same bare IOError.
  "trust_policy.subject_mismatch",
];

/**
 * The SDK or tool has no region (sdk.region_missing): regional STS, and every regional service, cannot be called.
 * The EKS Pod Identity webhook injects AWS_REGION and AWS_DEFAULT_REGION with AWS_ROLE_ARN, so a pod it mutated
 * has one unless the application builds its client without it.
 */
export const REGION_MISSING: readonly LogCauseId[] = [
  // The application's own client: built before or without the region (an explicit empty region, a config read
  // before it was set), or a tool that reads no AWS_REGION at all.
  "sdk.too_old",
  // The pod was not mutated (no role on its service account, or the webhook did not inject): no AWS_REGION
  // either. One read of the service account and the pod tells them apart.
  "irsa_annotation.missing",
  "webhook.not_injecting",
];

/** The candidates of a line no pattern explains, by its net pattern when the net names no error code. */
export const UNEXPLAINED_BY_PATTERN: Readonly<Record<string, readonly LogCauseId[]>> = {
  // The application found no credentials at all: whatever emptied its chain, as for the SDKs' own summaries.
  "aws.unexplained_no_credentials": NO_CREDENTIALS,
  // The tool says AWS did not authenticate it: whatever kept the pod's identity out of its requests.
  "aws.unexplained_unauthenticated": AUTH_NOT_ACCEPTED,
  // An AWS endpoint refused the call (403) without naming the caller: as for AccessDenied without a principal.
  "aws.unexplained_refusal": SERVICE_REFUSED_UNNAMED,
  // A registry login to ECR failed: whatever kept a valid registry token from the tool.
  "aws.unexplained_registry_login": REGISTRY_LOGIN_FAILED,
};

/** Every family list: the cap is tested on these. */
export const CANDIDATE_FAMILIES: Readonly<Record<string, readonly LogCauseId[]>> = {
  web_identity_refused: WEB_IDENTITY_REFUSED,
  service_refused_unnamed: SERVICE_REFUSED_UNNAMED,
  service_refused_node_role: SERVICE_REFUSED_NODE_ROLE,
  no_credentials: NO_CREDENTIALS,
  js_v2_chain_empty: JS_V2_CHAIN_EMPTY,
  endpoint_unreachable: ENDPOINT_UNREACHABLE,
  request_unsigned: REQUEST_UNSIGNED,
  credentials_rejected: CREDENTIALS_REJECTED,
  session_expired: SESSION_EXPIRED,
  auth_not_accepted: AUTH_NOT_ACCEPTED,
  registry_login_failed: REGISTRY_LOGIN_FAILED,
  s3cmd_lookup_failed: S3CMD_LOOKUP_FAILED,
  region_missing: REGION_MISSING,
};
