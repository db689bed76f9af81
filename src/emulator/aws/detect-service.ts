// Which service a request is for, when every service shares one endpoint: the SigV4 credential scope
// names it (".../<region>/<service>/aws4_request"); failing that, X-Amz-Target, the query Version, or
// the path (EKS's /clusters, Kubernetes' /api, /apis, /version).

import type { EmulatedService } from "../types.js";
import { JSON_TARGET_PREFIX } from "./json-rpc.js";
import { ISSUER_DISCOVERY_PATH } from "../../kube/issuer-discovery.js";

const SIGNING_NAMES = new Set<EmulatedService>(["iam", "sts", "eks", "cloudtrail", "logs"]);
const QUERY_VERSIONS: Record<string, EmulatedService> = { "2010-05-08": "iam", "2011-06-15": "sts" };

/** The service of a SigV4 Authorization header's credential scope, if it names one. */
function signingService(authorization: string | undefined): string | undefined {
  const m = authorization === undefined ? null : /Credential=[^/,\s]+\/\d{8}\/[^/,\s]+\/([^/,\s]+)\/aws4_request/.exec(authorization);
  return m?.[1];
}

const isK8sPath = (path: string) => path === "/version" || path === ISSUER_DISCOVERY_PATH || /^\/(api|apis)(\/|$)/.test(path);

export function detectService(
  path: string,
  headers: Record<string, string | string[] | undefined>,
  body: string,
): EmulatedService | "unknown" {
  const header = (name: string) => {
    const v = headers[name];
    return Array.isArray(v) ? v[0] : v;
  };
  const signed = signingService(header("authorization"));
  if (signed !== undefined) return SIGNING_NAMES.has(signed as EmulatedService) ? (signed as EmulatedService) : "unknown";
  const target = header("x-amz-target");
  if (target !== undefined) {
    if (target.includes(JSON_TARGET_PREFIX.cloudtrail)) return "cloudtrail";
    if (target.startsWith(JSON_TARGET_PREFIX.logs)) return "logs";
    return "unknown";
  }
  if (isK8sPath(path)) return "k8s";
  if (/^\/clusters(\/|$)/.test(path)) return "eks";
  const version = new URLSearchParams(body).get("Version");
  if (version !== null) return QUERY_VERSIONS[version] ?? "unknown";
  return "unknown";
}
