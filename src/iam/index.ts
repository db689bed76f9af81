// The IAM policy evaluator: parse a policy, evaluate it against the exact request a pod makes, and
// explain why each statement does or does not apply. Also the helpers a diagnosis needs around it.

export type * from "./types.js";
export { PolicyParseError, parsePolicy, parsePolicyDocument } from "./parse.js";
export { evaluatePolicy } from "./evaluate.js";
export { hasWildcard, wildcardMatch } from "./wildcard.js";
export { parseArn } from "./arn.js";
export { validateRoleArn } from "./role-arn.js";
export type { RoleArnProblemCode } from "./role-arn.js";
export { conditionKeyIssuer, issuerHostPath, oidcProviderArn, partitionForIssuer, providerArnIssuer } from "./issuer.js";
export { WEB_IDENTITY_ACTION, serviceAccountSubject, webIdentityRequest } from "./web-identity.js";
export type { WebIdentityInput } from "./web-identity.js";
export {
  POD_IDENTITY_ACTIONS,
  POD_IDENTITY_PRINCIPAL,
  evaluatePodIdentityTrust,
  podIdentityRequest,
  podIdentityRequests,
} from "./pod-identity.js";
export type { PodIdentityInput, PodIdentityTrustDecision } from "./pod-identity.js";
export { correctedPodIdentityStatement, correctedWebIdentityStatement, trustPolicyOf } from "./corrected.js";
