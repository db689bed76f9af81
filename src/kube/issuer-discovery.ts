// The API server's service-account issuer discovery document (GET /.well-known/openid-configuration; the
// nonResourceURLs rule in deploy/kubernetes/clusterrole.yaml allows it). On a cluster that
// is not EKS (kOps, kubeadm, RKE2) it is where the issuer STS will see in a token's iss claim is stated: the
// API server serves its first --service-account-issuer there, the one it signs tokens with. A TokenRequest
// would show the iss too, but it is a write (create serviceaccounts/token), which irsa-doctor never makes.

/** The non-resource path, for the read and for the RBAC rule that allows it. */
export const ISSUER_DISCOVERY_PATH = "/.well-known/openid-configuration";

export interface IssuerDiscovery {
  issuer: string;
  jwks_uri: string;
}

/** The document's issuer and key set address; throws naming what is wrong with the body. */
export function parseIssuerDiscovery(body: string): IssuerDiscovery {
  let doc: unknown;
  try {
    doc = JSON.parse(body);
  } catch {
    throw new Error(`${ISSUER_DISCOVERY_PATH} did not answer JSON`);
  }
  const d = (typeof doc === "object" && doc !== null ? doc : {}) as Record<string, unknown>;
  if (typeof d["issuer"] !== "string" || d["issuer"] === "" || typeof d["jwks_uri"] !== "string") {
    throw new Error(`${ISSUER_DISCOVERY_PATH} answered a document without "issuer" and "jwks_uri" (not an OIDC discovery document)`);
  }
  return { issuer: d["issuer"], jwks_uri: d["jwks_uri"] };
}

/** Reads the document through whatever GETs Kubernetes paths (the collector's client, a test's). */
export async function readIssuerDiscovery(get: (path: string) => Promise<string>): Promise<IssuerDiscovery> {
  return parseIssuerDiscovery(await get(ISSUER_DISCOVERY_PATH));
}

/** The document as the API server serves it, for an issuer and the server's address (the emulator). */
export function issuerDiscoveryDocument(issuer: string, serverAddress: string): Record<string, unknown> {
  return {
    issuer,
    jwks_uri: `https://${serverAddress}/openid/v1/jwks`,
    response_types_supported: ["id_token"],
    subject_types_supported: ["public"],
    id_token_signing_alg_values_supported: ["RS256"],
  };
}
