// HTTP proxy settings as containers declare them, and whether NO_PROXY exempts the Pod Identity agent.
// The SDK calls the agent over plain http://169.254.170.23, so an HTTP_PROXY that does not exempt it
// sends the credential request to the proxy, which cannot reach a node-local link-local address.

import { ipInCidr } from "../../iam/ip.js";
import type { Container, DaemonSet } from "../../snapshot/types.js";
import { AGENT_NAME } from "./context.js";

export interface ProxySettings {
  container: string;
  /** The proxy plain-http requests go to (HTTP_PROXY or http_proxy). */
  httpProxy: string | null;
  /** The proxy https requests go to (HTTPS_PROXY or https_proxy). */
  httpsProxy: string | null;
  /** Every NO_PROXY / no_proxy value the container sets, with its variable name. */
  noProxy: { name: string; value: string }[];
  /** A proxy variable is set from a ConfigMap or Secret, or env comes from envFrom: its value is not in the spec. */
  hidden: boolean;
}

const FROM_VALUE_FROM = "<from valueFrom>";

function pick(env: Record<string, string>, names: string[]): string | null {
  for (const n of names) if (env[n] !== undefined && env[n] !== "") return env[n];
  return null;
}

function proxySettings(name: string, env: Record<string, string>, hasEnvFrom = false): ProxySettings {
  const noProxy = ["NO_PROXY", "no_proxy"].filter((n) => env[n] !== undefined).map((n) => ({ name: n, value: env[n] ?? "" }));
  const httpProxy = pick(env, ["HTTP_PROXY", "http_proxy"]);
  const httpsProxy = pick(env, ["HTTPS_PROXY", "https_proxy"]);
  const hidden = [httpProxy, httpsProxy, ...noProxy.map((n) => n.value)].includes(FROM_VALUE_FROM) || hasEnvFrom;
  return { container: name, httpProxy, httpsProxy, noProxy, hidden };
}

/** Whether one NO_PROXY value exempts `address`: "*", the address itself, or a CIDR block holding it. */
function noProxyCovers(value: string, address: string): boolean {
  return value
    .split(/[\s,]+/)
    .map((e) => e.trim().replace(/^\[|\]$/g, ""))
    .filter((e) => e !== "")
    .some((e) => e === "*" || e === address || (e.includes("/") && ipInCidr(e, address)));
}

/** The NO_PROXY variables that leave `address` to the proxy (all of them when none is set). */
export function exempts(p: ProxySettings, address: string): boolean {
  return p.noProxy.length > 0 && p.noProxy.every((n) => noProxyCovers(n.value, address));
}

/** NO_PROXY with the agent's addresses added, keeping what was there. */
export function withAgentExempt(p: ProxySettings, addresses: string[]): string {
  const current = p.noProxy[0]?.value ?? "";
  const entries = current
    .split(",")
    .map((e) => e.trim())
    .filter((e) => e !== "");
  for (const a of addresses) if (!noProxyCovers(entries.join(","), a)) entries.push(a);
  return entries.join(",");
}

function envOf(c: Container): Record<string, string> {
  const env: Record<string, string> = {};
  for (const e of c.env ?? []) env[e.name] = e.value ?? (e.valueFrom ? FROM_VALUE_FROM : "");
  return env;
}

/** The agent container's proxy settings in the DaemonSet's pod template. */
export function agentProxySettings(ds: DaemonSet): ProxySettings | null {
  const containers = ds.spec?.template?.spec?.containers ?? [];
  const c = containers.find((x) => x.name === AGENT_NAME) ?? containers[0];
  return c ? proxySettings(c.name, envOf(c), (c.envFrom?.length ?? 0) > 0) : null;
}

export function containerProxySettings(c: Container): ProxySettings {
  return proxySettings(c.name, envOf(c), (c.envFrom?.length ?? 0) > 0);
}
