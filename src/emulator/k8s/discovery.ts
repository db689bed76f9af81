// The discovery documents (/api, /apis, /api/v1, /apis/GROUP/VERSION) and /version: just enough for
// clients that check the server before reading, listing only what the emulator serves.

import { RESOURCES } from "../../kube/resources.js";
import { apiVersionOf } from "../../kube/paths.js";

export function apiVersions(serverAddress: string): unknown {
  return {
    kind: "APIVersions",
    versions: ["v1"],
    serverAddressByClientCIDRs: [{ clientCIDR: "0.0.0.0/0", serverAddress }],
  };
}

export function apiGroupList(): unknown {
  const groups = [...new Set(RESOURCES.filter((r) => r.group !== "").map((r) => r.group))].sort();
  return {
    kind: "APIGroupList",
    apiVersion: "v1",
    groups: groups.map((name) => {
      const version = RESOURCES.find((r) => r.group === name)?.version ?? "v1";
      const gv = { groupVersion: `${name}/${version}`, version };
      return { name, versions: [gv], preferredVersion: gv };
    }),
  };
}

/** The resource list of one group version, or undefined when the emulator serves nothing there. */
export function apiResourceList(group: string, version: string): unknown {
  const defs = RESOURCES.filter((r) => r.group === group && r.version === version);
  if (defs.length === 0) return undefined;
  const resources = defs.flatMap((r) => {
    const entry = { name: r.resource, singularName: r.kind.toLowerCase(), namespaced: r.namespaced, kind: r.kind, verbs: ["get", "list"] };
    return r.resource === "pods" ? [entry, { name: "pods/log", singularName: "", namespaced: true, kind: "Pod", verbs: ["get"] }] : [entry];
  });
  return { kind: "APIResourceList", apiVersion: "v1", groupVersion: apiVersionOf(defs[0]!), resources };
}

/**
 * /version from the EKS cluster's version when the snapshot has it ("1.29" -> v1.29.0); otherwise a
 * version that says it is unknown rather than one that looks real.
 */
export function versionInfo(clusterVersion: string | undefined): unknown {
  const m = clusterVersion === undefined ? null : /^(\d+)\.(\d+)/.exec(clusterVersion);
  const major = m?.[1] ?? "";
  const minor = m?.[2] ?? "";
  const gitVersion = m === null ? "v0.0.0-unknown+irsa-doctor-emulator" : `v${major}.${minor}.0-eks-irsa-doctor-emulator`;
  return {
    major,
    minor,
    gitVersion,
    gitCommit: "",
    gitTreeState: "clean",
    buildDate: "",
    goVersion: "",
    compiler: "gc",
    platform: "linux/amd64",
  };
}
