// The causes irsa-doctor names: every cause id with its category, title and description, in one leaf module
// (it imports nothing from the project). Checks take their metadata from here, log patterns point at these
// ids, and the report, the `irsa-doctor causes` command and the README's cause table read them, so a
// mistyped id fails the compile and the lists cannot drift apart.
// Adding a cause: one entry below (a new category: one line in CATEGORIES too) and its check in
// src/checks/<category>/ listed in src/checks/registry.ts, or `logOnly: true` when only log patterns name it.

/** In the order of the credential chain, from the service account to the AWS call. */
export const CATEGORIES = [
  // Which credentials the containers really use comes before any link of the configured mechanism.
  "credential_chain",
  "irsa_annotation",
  "webhook",
  "oidc_provider",
  "trust_policy",
  "token",
  "sdk",
  "pod_identity",
  "network",
  "permissions",
] as const;
export type Category = (typeof CATEGORIES)[number];

export interface CauseEntry {
  /** "<category>.<cause>", e.g. "trust_policy.subject_mismatch". */
  readonly id: `${Category}.${string}`;
  /** Short name of the cause, e.g. "Trust policy subject does not match the service account". */
  readonly title: string;
  /** What the cause is and how it shows, in full sentences. */
  readonly description: string;
  /** No check diagnoses it; only log patterns point at it. */
  readonly logOnly?: true;
}

/** Grouped by category in CATEGORIES' order; within a category, the most common cause first. */
export const CAUSES = [
  // credential_chain
  {
    id: "credential_chain.static_keys",
    title: "Static keys or a credentials file shadow IRSA / Pod Identity in the credential chain",
    description:
      "Every AWS SDK tries environment keys before the web identity token and the Pod Identity endpoint, and some try a shared credentials file (or AWS_PROFILE) first too. A container that carries AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (in the spec, from a Secret, or from an envFrom Secret) calls AWS as the IAM user of those keys, so the role the service account names is never used; an AccessDenied then names an IAM user, and CloudTrail shows no AssumeRoleWithWebIdentity.",
  },
  {
    id: "credential_chain.role_arn_override",
    title: "The container spec sets AWS_ROLE_ARN itself and the webhook keeps it",
    description:
      "The pod-identity-webhook does not overwrite an AWS_ROLE_ARN or AWS_WEB_IDENTITY_TOKEN_FILE that the container spec already sets (a chart's own variable of the same name, a value copied from another cluster). The SDK then assumes the spec's role with the service account's token instead of the role the annotation names, and STS refuses it unless that role trusts this service account. It is the cause when a container's AWS_ROLE_ARN differs from the annotation and the workload's template (or the pod's creation after the annotation was written) shows the spec set it.",
  },
  {
    id: "credential_chain.irsa_over_pod_identity",
    title: "A Pod Identity association exists but the container still uses IRSA",
    description:
      "Web identity comes before the container provider in the default chain of the SDKs (JavaScript v2 excepted), so credentials from IRSA keep being used even when a Pod Identity association exists for the service account; AWS documents this. A pod created before the association still carries AWS_ROLE_ARN and the web identity token and never uses the association until it is re-created. It is the cause when such a container fails on its IRSA path while the service account has an association.",
  },
  {
    id: "credential_chain.assumes_own_role",
    title: "The application assumes the role it already holds, and STS refuses the chained call",
    description:
      "Some applications and charts take a role ARN of their own (a role_arn output setting, an assume-role profile, a chart value that also writes the service-account annotation) and call sts:AssumeRole with it after the SDK has obtained the pod's credentials. When that ARN is the role IRSA or Pod Identity already gave the pod, the call is a role assuming itself, which IAM refuses unless the role's trust policy names the role explicitly (IAM's 2022 change), so the application fails although every hop of the pod's own path works. It is the cause when a denied sts:AssumeRole (in a log line or CloudTrail) is made by a session of the pod's own role on that same role, and the role's trust policy does not name it; the usual fix is to drop the role from the application's configuration.",
  },
  // irsa_annotation
  {
    id: "irsa_annotation.missing",
    title: "ServiceAccount is not annotated with an IAM role",
    description:
      "IRSA starts from the eks.amazonaws.com/role-arn annotation on the pod's ServiceAccount: without it the pod-identity-webhook injects nothing and the SDK falls back to the node role or finds no credentials. It is the cause when neither the annotation nor a Pod Identity association exists for the service account.",
  },
  {
    id: "irsa_annotation.malformed_arn",
    title: "ServiceAccount role-arn annotation is not a valid role ARN",
    description:
      "The eks.amazonaws.com/role-arn annotation is copied verbatim into the pod's AWS_ROLE_ARN, and STS rejects an ARN with extra or missing colons, a bare role name, quotes or whitespace as invalid before it looks at any trust policy. It is the cause when the annotation (or, without the service account, the injected AWS_ROLE_ARN) does not validate as arn:<partition>:iam::<account>:role/<name>.",
  },
  {
    id: "irsa_annotation.role_not_found",
    title: "The annotated IAM role does not exist",
    description:
      "The role ARN in eks.amazonaws.com/role-arn must name a role that exists in the account it names; STS answers a missing role with the same AccessDenied as a trust-policy mismatch. It is the cause when IAM reports NoSuchEntity for the role, or when the ARN names an account other than the cluster's and the exchange is denied (a wrong or stale account id).",
  },
  {
    id: "irsa_annotation.pod_predates_annotation",
    title: "Pod was created before its ServiceAccount got its current role annotation",
    description:
      "The pod-identity-webhook injects AWS_ROLE_ARN and the web identity token only when a pod is created; annotating or re-annotating the ServiceAccount does not touch running pods. It is the cause when the ServiceAccount names role X while the pod has no AWS_ROLE_ARN or a different one, the webhook is in place, and the pod is older than the annotation (or a newer pod of the same ServiceAccount has the right role).",
  },
  // webhook
  {
    id: "webhook.not_injecting",
    title: "pod-identity-webhook does not inject IRSA credentials into the pod",
    description:
      "On EKS the pod-identity-webhook adds AWS_ROLE_ARN, AWS_WEB_IDENTITY_TOKEN_FILE and the projected token to pods of annotated ServiceAccounts when they are created. It is the cause when the ServiceAccount is annotated, the pod has none of that, and the webhook's MutatingWebhookConfiguration is missing, excludes the pod, or fails to be called, or pods created after the annotation lack the variables too.",
  },
  // oidc_provider
  {
    id: "oidc_provider.missing",
    title: "No IAM OIDC provider for the cluster's issuer",
    description:
      "IRSA needs an IAM OIDC identity provider in the account whose URL is the cluster's OIDC issuer: STS looks it up to validate every web identity token. Without it AssumeRoleWithWebIdentity fails with InvalidIdentityToken \"No OpenIDConnect provider found in your account\" for every IRSA pod of the cluster. It is the cause when the account's provider list was read and has no provider for the issuer, or, with the list unavailable, when the logs carry that message.",
  },
  {
    id: "oidc_provider.audience_mismatch",
    title: "IAM OIDC provider does not accept the sts.amazonaws.com audience",
    description:
      "STS accepts a web identity token only when its audience (aud claim) is one of the IAM OIDC provider's client IDs. IRSA tokens are issued for sts.amazonaws.com, so a provider created with another client ID (or with none) rejects them with InvalidIdentityToken \"Incorrect token audience\". It is the cause when the provider's ClientIDList lacks sts.amazonaws.com while the pod's token carries it.",
  },
  {
    id: "oidc_provider.thumbprint_mismatch",
    title: "IAM OIDC provider thumbprint does not match the issuer's certificate",
    description:
      "For issuers whose TLS certificate does not chain to a CA IAM trusts, STS checks the issuer's certificate chain against the thumbprints configured on the IAM OIDC provider; when the issuer's certificate authority changed, every AssumeRoleWithWebIdentity fails with InvalidIdentityToken \"OpenIDConnect provider's HTTPS certificate doesn't match configured thumbprint\". It is the cause when the logs carry that message; the provider's configured thumbprints confirm it.",
  },
  // trust_policy
  {
    id: "trust_policy.subject_mismatch",
    title: "Trust policy subject does not match the service account",
    description:
      "An IRSA trust statement limits who may assume the role with a condition on \"<issuer>:sub\", the token's subject system:serviceaccount:<namespace>:<name>. When that value names another namespace or service account (a typo, a renamed service account, a copy from another workload) or a StringLike pattern that does not cover the pod's service account, STS refuses AssumeRoleWithWebIdentity. It is the cause when the nearest Allow statement's sub condition does not match the pod's subject.",
  },
  {
    id: "trust_policy.issuer_mismatch",
    title: "Trust policy trusts another cluster's OIDC issuer",
    description:
      "A role's IRSA trust statement names the IAM OIDC provider of one issuer as its Federated principal and conditions on that issuer's sub and aud keys. When the pod's cluster has another issuer (the cluster was re-created, or the policy was copied from another cluster or region), STS finds no statement for the token's provider and refuses AssumeRoleWithWebIdentity. It is the cause when the nearest Allow statement names another issuer's provider or condition keys.",
  },
  {
    id: "trust_policy.audience_condition_mismatch",
    title: "Trust policy audience condition does not match the token's audience",
    description:
      "IRSA trust statements usually require \"<issuer>:aud\" to equal sts.amazonaws.com, the audience of the pod's projected token. A value such as sts.amazonaws.com.cn, https://sts.amazonaws.com or a custom audience the token does not carry makes STS refuse AssumeRoleWithWebIdentity. It is the cause when the nearest Allow statement's aud condition does not match the token's audience.",
  },
  {
    id: "trust_policy.wrong_operator_or_action",
    title: "Trust policy uses the wrong operator or action, or denies the pod",
    description:
      "An IRSA trust statement must allow sts:AssumeRoleWithWebIdentity and compare the token's claims with operators that mean what the author intended: StringEquals compares \"system:serviceaccount:ns:*\" literally (StringLike is needed for a wildcard), sts:AssumeRole is the wrong action for a web identity, a misspelt operator such as StringEqual never matches, and an explicit Deny overrides every Allow. It is the cause when the trust policy's nearest Allow statement has such a fault, has no web identity statement, or a Deny statement applies to the pod.",
  },
  // token
  {
    id: "token.not_mounted_or_unreadable",
    title: "Web identity token file is not mounted or not readable in the container",
    description:
      "The SDK reads the file named by AWS_WEB_IDENTITY_TOKEN_FILE for every AssumeRoleWithWebIdentity call. It is the cause when a container has that variable but no projected service account token is mounted at that path in that container, or the logs show the file missing or unreadable (a non-root user without fsGroup on older clusters).",
  },
  {
    id: "token.expired",
    title: "The web identity token presented to STS had expired",
    description:
      'STS rejects a projected service account token past its expiry with ExpiredTokenException ("Token expired: current date/time ... must be before the expiration date/time ..."). The kubelet refreshes the file well before expiry, so the process presented a token it kept from long ago (read once at start-up or copied), the token lifetime is very short, or the node clock is off. It is the cause when the logs show that message and no SDK version too old to re-read the token is seen.',
  },
  {
    id: "token.audience_mismatch",
    title: "Projected token audience is not accepted by the OIDC provider",
    description:
      "STS accepts a web identity token only if its aud claim is one of the client IDs (audiences) of the IAM OIDC provider. The webhook issues tokens for sts.amazonaws.com unless the ServiceAccount's eks.amazonaws.com/audience annotation or the pod's own projected volume says otherwise. It is the cause when the pod's token has such a non-standard audience and the provider does not list it.",
  },
  // sdk
  {
    id: "sdk.too_old",
    title: "The application's AWS SDK is too old for IRSA or Pod Identity",
    description:
      "Only AWS SDKs from a certain release on read the web identity token file IRSA injects (AWS_ROLE_ARN, AWS_WEB_IDENTITY_TOKEN_FILE), and later ones the Pod Identity agent's address (AWS_CONTAINER_CREDENTIALS_FULL_URI=http://169.254.170.23/...). An older SDK skips them and takes the node's instance role, or finds no credentials. It is the cause when the logs show an SDK version below its minimum (or a message only such versions print) while the pod's credential settings are in place; a pod whose settings and trust are verifiably right but that still uses the node role or finds nothing makes it likely.",
  },
  {
    id: "sdk.falls_back_to_node_role",
    title: "The SDK fell back to the node's instance role",
    description:
      "When a container's SDK finds no IRSA or Pod Identity settings it walks its default chain down to the EC2 instance metadata service and signs calls with the node's role; AccessDenied messages then name an assumed-role session of a node-group role (often named after the instance, i-...). It is the cause when such a message comes from a container the webhook did not set up (a sidecar listed in eks.amazonaws.com/skip-containers, an init container, a container added later) or one with static keys; when the container is set up, the SDK ignored its settings and an SDK too old for them is the likelier cause.",
  },
  // pod_identity
  {
    id: "pod_identity.association_missing",
    title: "No EKS Pod Identity association for the service account",
    description:
      "EKS Pod Identity gives a pod a role only through an association of its cluster, namespace and service account. Without one the Pod Identity webhook injects no AWS_CONTAINER_CREDENTIALS_FULL_URI (the SDK falls through to the node or finds nothing), and a pod created while an association existed gets ResourceNotFoundException from EKS Auth. It is the cause when the cluster uses Pod Identity and the associations list has none for the pod's namespace and service account; a near miss (the same service account in another namespace, another service account of the namespace) or a recorded deletion makes it certain.",
  },
  {
    id: "pod_identity.agent_not_running",
    title: "The EKS Pod Identity agent is not running on the pod's node",
    description:
      "With EKS Pod Identity the SDK fetches credentials from the eks-pod-identity-agent on the pod's own node (169.254.170.23, or fd00:ec2::23 on IPv6 clusters). When its DaemonSet is missing, has no pod on that node, or that pod crash-loops or is not ready, the request is refused and the pod gets no credentials. It is the cause when the pod uses Pod Identity and the DaemonSet, its pod on the node or the add-on's health shows it not serving; a refused connection to the agent address with the DaemonSet unavailable makes it likely.",
  },
  {
    id: "pod_identity.agent_unreachable",
    title: "The Pod Identity agent cannot reach the EKS Auth endpoint",
    description:
      "The eks-pod-identity-agent answers a pod's credential request by calling EKS Auth (AssumeRoleForPodIdentity at eks-auth.<region>.api.aws) from the node. When the node cannot reach it — private subnets without a NAT gateway or the com.amazonaws.<region>.eks-auth PrivateLink endpoint, or security groups dropping HTTPS — the agent's call times out and so does the SDK's request to 169.254.170.23 (\"Read timeout on endpoint URL\"). It is the cause when the agent's log shows EKS Auth unreachable, or, less surely, when the application's requests to the agent time out while the agent runs, with no proxy in the way.",
  },
  {
    id: "pod_identity.agent_proxy",
    title: "An HTTP proxy blocks the Pod Identity credential path",
    description:
      "EKS Pod Identity credentials travel over two hops: the SDK calls the node-local agent over plain HTTP (http://169.254.170.23), and the agent calls EKS Auth over HTTPS. An application that sets HTTP_PROXY without 169.254.170.23 (and fd00:ec2::23) in NO_PROXY sends the first hop to the proxy, which cannot reach it; an agent behind a corporate proxy without https_proxy, or with a wrong one, cannot make the second. It is the cause when the pod's spec shows the first, or the agent's log shows proxy errors or EKS Auth unreachable while the cluster's workloads egress through a proxy.",
  },
  {
    id: "pod_identity.trust_policy",
    title: "The Pod Identity role's trust policy does not admit EKS Pod Identity",
    description:
      "EKS Auth assumes the role of a Pod Identity association as the service principal pods.eks.amazonaws.com, calling sts:AssumeRole with session tags, which STS authorises as sts:TagSession too; the role's trust policy must allow both. A role copied from IRSA (Federated OIDC principal, sts:AssumeRoleWithWebIdentity) or a statement with sts:AssumeRole only makes EKS Auth answer \"EKS does not have permissions to assume the associated role\". It is the cause when the associated role's trust policy, evaluated for that principal and both actions, denies; with the role unavailable, that message in the logs makes it likely.",
  },
  // network
  {
    id: "network.sts_unreachable",
    title: "The pod cannot reach the STS endpoint",
    description:
      "IRSA ends with the SDK calling STS (AssumeRoleWithWebIdentity) from the pod. When STS cannot be reached — no route from private subnets without a NAT gateway or an STS interface endpoint, a NetworkPolicy or security group blocking egress on 443, DNS failing, an SDK calling the global sts.amazonaws.com that a VPC endpoint does not serve, or a proxy in the way — the exchange fails before the trust policy is ever read. It is the cause when the logs show the STS endpoint unreachable and the role's trust policy does admit the pod.",
  },
  // permissions
  {
    id: "permissions.role_lacks_permission",
    title: "The pod's role lacks the permission for the call",
    description:
      "Once the pod holds its role's credentials, every AWS call is authorised by that role's permission policies (and by any permissions boundary, SCP or resource policy). An AccessDenied naming the role's assumed-role session (\"User: arn:aws:sts::<account>:assumed-role/<role>/<session> is not authorized to perform: <action> on resource: <arn>\") shows the credentials work and the permissions do not. It is the cause when the denied session is the pod's IRSA or Pod Identity role; the role's attached and inline policies are evaluated for that action and resource to say whether they lack it (the fix is a statement to add) or allow it (then a boundary, SCP or the resource's policy denies). The node role lacking eks-auth:AssumeRoleForPodIdentity is reported here too, and so is a chained sts:AssumeRole that another role's trust policy (the resource policy of that call) refuses, with that trust policy as the evidence.",
  },
] as const satisfies readonly CauseEntry[];

/** Exactly the ids above, nothing else: a typo in an id is a type error. */
export type CauseId = (typeof CAUSES)[number]["id"];
/** What a diagnosis ends in: a cause, or one of the two outcomes that name none. */
export type OutcomeId = CauseId | "healthy" | "inconclusive";

export const CAUSE_IDS: readonly CauseId[] = CAUSES.map((c) => c.id);

const BY_ID = new Map<string, CauseEntry>(CAUSES.map((c) => [c.id, c]));

/** The entry of a cause id (the id type guarantees there is one). */
export function causeOf(id: CauseId): CauseEntry {
  return BY_ID.get(id)!;
}

/** The check metadata of a cause: `{ ...causeMeta("token.expired"), run }`. */
export function causeMeta<I extends CauseId>(id: I): { id: I; title: string; description: string } {
  const { title, description } = causeOf(id);
  return { id, title, description };
}

export function categoryOf(id: CauseEntry["id"]): Category {
  return id.slice(0, id.indexOf(".")) as Category;
}
