// The IAM policy evaluator: parse a policy, evaluate it against the exact request a pod makes, and
// explain why each statement does or does not apply. Also the helpers a diagnosis needs around it.

export type * from "./types.js";
export { PolicyParseError, parsePolicy, parsePolicyDocument } from "./parse.js";
export type { NormalizedPolicyDocument, NormalizedPrincipal, NormalizedStatement, ParsedPolicy } from "./parse.js";
export { evaluatePolicy } from "./evaluate.js";
export { hasWildcard, wildcardMatch } from "./wildcard.js";
export { arnMatches, parseArn } from "./arn.js";
export type { Arn } from "./arn.js";
export { PARTITIONS, validateRoleArn } from "./role-arn.js";
export type { RoleArnHints, RoleArnProblemCode, RoleArnValidation } from "./role-arn.js";
export { conditionKeyIssuer, issuerHostPath, oidcProviderArn, partitionForIssuer, providerArnIssuer } from "./issuer.js";
export { DEFAULT_TOKEN_AUDIENCE, WEB_IDENTITY_ACTION, serviceAccountSubject, webIdentityRequest } from "./web-identity.js";
export type { WebIdentityInput } from "./web-identity.js";
export {
  POD_IDENTITY_ACTIONS,
  POD_IDENTITY_PRINCIPAL,
  evaluatePodIdentityTrust,
  podIdentityRequest,
  podIdentityRequests,
} from "./pod-identity.js";
export type { PodIdentityAction, PodIdentityInput, PodIdentityTrustDecision } from "./pod-identity.js";
export { correctedPodIdentityStatement, correctedWebIdentityStatement, trustPolicyOf } from "./corrected.js";
export type { PodIdentityStatementInput } from "./corrected.js";
