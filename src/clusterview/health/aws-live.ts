// cluster_health's AWS reads against the account: the collectors' clients (region and credentials from
// the standard chain, hard timeouts) and their read-only operation table.

import type { AwsSetup } from "../../collect/aws/clients.js";
import type { EksAddon, EksCluster, OidcProvider } from "../../snapshot/types.js";
import { awsRead } from "../aws/read.js";
import { readFailed } from "../types.js";
import type { AwsHealthReads } from "./types.js";

export function liveAwsReads(setup: AwsSetup, timeoutMs: number): AwsHealthReads {
  const { clients, region } = setup;
  const noRegion = `No AWS region is known (${setup.regionFrom}): pass region=<region>, set AWS_REGION, or use a profile with a region.`;
  return {
    region,
    describeCluster(name) {
      if (!region) return Promise.resolve(readFailed("invalid", noRegion));
      return awsRead(
        clients,
        "eks",
        "DescribeCluster",
        { name },
        `cluster ${name}`,
        timeoutMs,
        (o) => o["cluster"] as EksCluster | undefined,
      );
    },
    listOidcProviders() {
      return awsRead(clients, "iam", "ListOpenIDConnectProviders", {}, "the account's OIDC providers", timeoutMs, (o) =>
        ((o["OpenIDConnectProviderList"] ?? []) as { Arn?: string }[]).flatMap((p) => (p.Arn ? [p.Arn] : [])).sort(),
      );
    },
    getOidcProvider(arn) {
      return awsRead(
        clients,
        "iam",
        "GetOpenIDConnectProvider",
        { OpenIDConnectProviderArn: arn },
        `OIDC provider ${arn}`,
        timeoutMs,
        (o): OidcProvider => ({
          Arn: arn,
          Url: String(o["Url"] ?? "").replace(/^https:\/\//, ""),
          ClientIDList: (o["ClientIDList"] ?? []) as string[],
          ThumbprintList: (o["ThumbprintList"] ?? []) as string[],
          ...(typeof o["CreateDate"] === "string" ? { CreateDate: o["CreateDate"] } : {}),
        }),
      );
    },
    describeAddon(cluster, addon) {
      if (!region) return Promise.resolve(readFailed("invalid", noRegion));
      return awsRead(
        clients,
        "eks",
        "DescribeAddon",
        { clusterName: cluster, addonName: addon },
        `add-on ${addon} of cluster ${cluster}`,
        timeoutMs,
        (o) => o["addon"] as EksAddon | undefined,
      );
    },
  };
}
