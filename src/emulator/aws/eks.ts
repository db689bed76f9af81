// EKS (restJson1) over the snapshot: routes by method and path like the SDK builds them, answers the
// read operations the collectors use, and names the write operations so they can be refused and
// recorded. As for IAM, "not found" needs proof (a listing or a recorded error); else AccessDenied.

import { PageTokenError, pageOf } from "../paging.js";
import { recordedError, type AwsContext } from "./context.js";
import { AwsFailure, invalidParameter, notCollected, notFound, unknownOperation } from "./errors.js";
import { withEpochTimestamps } from "./timestamps.js";

export interface EksRoute {
  action: string;
  /** Path parameters, decoded. */
  cluster?: string;
  id?: string;
  addon?: string;
}

/** The operation a method and path name, following the EKS API's HTTP bindings. */
export function routeEks(method: string, path: string): EksRoute {
  const segs = path
    .split("/")
    .filter((s) => s !== "")
    .map((s) => {
      try {
        return decodeURIComponent(s);
      } catch {
        return s;
      }
    });
  const [root, cluster, sub, id, tail, ...more] = segs;
  const key = `${method} ${[root, cluster === undefined ? undefined : "{c}", sub, id === undefined ? undefined : "{id}", tail].filter((s) => s !== undefined).join("/")}`;
  const actions: Record<string, string> = {
    "GET clusters": "ListClusters",
    "POST clusters": "CreateCluster",
    "GET clusters/{c}": "DescribeCluster",
    "DELETE clusters/{c}": "DeleteCluster",
    "POST clusters/{c}/update-config": "UpdateClusterConfig",
    "POST clusters/{c}/updates": "UpdateClusterVersion",
    "GET clusters/{c}/pod-identity-associations": "ListPodIdentityAssociations",
    "POST clusters/{c}/pod-identity-associations": "CreatePodIdentityAssociation",
    "GET clusters/{c}/pod-identity-associations/{id}": "DescribePodIdentityAssociation",
    "POST clusters/{c}/pod-identity-associations/{id}": "UpdatePodIdentityAssociation",
    "DELETE clusters/{c}/pod-identity-associations/{id}": "DeletePodIdentityAssociation",
    "GET clusters/{c}/addons": "ListAddons",
    "POST clusters/{c}/addons": "CreateAddon",
    "GET clusters/{c}/addons/{id}": "DescribeAddon",
    "DELETE clusters/{c}/addons/{id}": "DeleteAddon",
    "POST clusters/{c}/addons/{id}/update": "UpdateAddon",
    "POST clusters/{c}/access-entries": "CreateAccessEntry",
    "GET tags/{c}": "ListTagsForResource",
    "POST tags/{c}": "TagResource",
    "DELETE tags/{c}": "UntagResource",
  };
  const action = more.length > 0 ? undefined : actions[key];
  if (action === undefined) return { action: `Unknown(${method} ${path})` };
  const route: EksRoute = { action };
  if (root === "clusters" && cluster !== undefined) route.cluster = cluster;
  if (sub === "pod-identity-associations" && id !== undefined) route.id = id;
  if (sub === "addons" && id !== undefined) route.addon = id;
  return route;
}

export const isKnownEksAction = (action: string): boolean => !action.startsWith("Unknown(");

function denied(ctx: AwsContext, action: string, resource: string): AwsFailure {
  return new AwsFailure(notCollected("eks", action, resource, ctx.account));
}

const clusterArn = (ctx: AwsContext, name: string) =>
  ctx.docs.clusters.find((c) => c.value.name === name)?.value.arn ??
  `arn:aws:eks:${ctx.target.region ?? "unknown"}:${ctx.account ?? "000000000000"}:cluster/${name}`;

function replayed(ctx: AwsContext, operation: string, subject: string): AwsFailure | undefined {
  const recorded = recordedError(ctx, operation, subject);
  return recorded === undefined ? undefined : new AwsFailure(recorded);
}

function describeCluster(ctx: AwsContext, name: string): unknown {
  const hit = ctx.docs.clusters.find((c) => c.value.name === name);
  if (hit !== undefined) return { cluster: withEpochTimestamps(hit.value) };
  throw replayed(ctx, "DescribeCluster", name) ?? denied(ctx, "DescribeCluster", clusterArn(ctx, name));
}

/** The captured association list of a cluster, or undefined when none was captured for it. */
function summariesOf(ctx: AwsContext, cluster: string) {
  const all = ctx.docs.podIdentityAssociationSummaries;
  if (all === undefined) return undefined;
  const known = all.some((s) => s.value.clusterName === cluster) || cluster === ctx.target.cluster;
  return known ? all.filter((s) => s.value.clusterName === cluster).map((s) => s.value) : undefined;
}

function listAssociations(ctx: AwsContext, cluster: string, query: URLSearchParams): unknown {
  const summaries = summariesOf(ctx, cluster);
  if (summaries === undefined) {
    throw replayed(ctx, "DescribeCluster", cluster) ?? denied(ctx, "ListPodIdentityAssociations", clusterArn(ctx, cluster));
  }
  const ns = query.get("namespace");
  const sa = query.get("serviceAccount");
  const rawMax = query.get("maxResults");
  const max = rawMax === null ? undefined : Number(rawMax);
  if (max !== undefined && (!Number.isInteger(max) || max < 1 || max > 100)) {
    throw new AwsFailure(invalidParameter("eks", "maxResults must be between 1 and 100"));
  }
  const matching = summaries
    .filter((a) => (ns === null || a.namespace === ns) && (sa === null || a.serviceAccount === sa))
    .map(({ clusterName, namespace, serviceAccount, associationArn, associationId, ...rest }) => {
      const owner = (rest as { ownerArn?: unknown }).ownerArn;
      return owner === undefined
        ? { clusterName, namespace, serviceAccount, associationArn, associationId }
        : { clusterName, namespace, serviceAccount, associationArn, associationId, ownerArn: owner };
    });
  try {
    const page = pageOf(matching, {
      limit: max,
      forcedPageSize: ctx.pageSize,
      token: query.get("nextToken") ?? undefined,
      scope: `pia|${cluster}|${ns ?? ""}|${sa ?? ""}`,
    });
    return page.next === undefined ? { associations: page.items } : { associations: page.items, nextToken: page.next };
  } catch (err) {
    if (err instanceof PageTokenError) throw new AwsFailure(invalidParameter("eks", `The nextToken is not valid: ${err.message}`));
    throw err;
  }
}

function describeAssociation(ctx: AwsContext, cluster: string, id: string): unknown {
  const hit = ctx.docs.podIdentityAssociations.find((a) => a.value.clusterName === cluster && a.value.associationId === id);
  if (hit !== undefined) return { association: withEpochTimestamps(hit.value) };
  const recorded = replayed(ctx, "DescribePodIdentityAssociation", id);
  if (recorded) throw recorded;
  const summaries = summariesOf(ctx, cluster);
  if (summaries !== undefined && !summaries.some((a) => a.associationId === id)) {
    throw new AwsFailure(notFound("eks", `No Pod Identity Association found for associationId: ${id}.`));
  }
  throw denied(ctx, "DescribePodIdentityAssociation", clusterArn(ctx, cluster));
}

function describeAddon(ctx: AwsContext, cluster: string, addon: string): unknown {
  const hit = ctx.docs.addons.find(
    (a) => a.value.addonName === addon && (a.value.clusterName === undefined || a.value.clusterName === cluster),
  );
  if (hit !== undefined) return { addon: withEpochTimestamps(hit.value) };
  throw replayed(ctx, "DescribeAddon", addon) ?? denied(ctx, "DescribeAddon", clusterArn(ctx, cluster));
}

/** The JSON body of a read operation; throws AwsFailure for every error answer. */
export function answerEks(route: EksRoute, query: URLSearchParams, ctx: AwsContext): unknown {
  const cluster = route.cluster ?? "";
  switch (route.action) {
    case "DescribeCluster":
      return describeCluster(ctx, cluster);
    case "ListPodIdentityAssociations":
      return listAssociations(ctx, cluster, query);
    case "DescribePodIdentityAssociation":
      return describeAssociation(ctx, cluster, route.id ?? "");
    case "DescribeAddon":
      return describeAddon(ctx, cluster, route.addon ?? "");
    case "ListClusters":
      // Served only from a saved `aws eks list-clusters`: anything else would claim a complete list.
      if (ctx.docs.clusterNames !== undefined) return { clusters: ctx.docs.clusterNames.value };
      throw denied(ctx, route.action, "*");
    case "ListAddons":
    case "ListTagsForResource":
      // The snapshot holds what was described, not complete listings: a list would claim too much.
      throw denied(ctx, route.action, "*");
    default:
      throw new AwsFailure(unknownOperation("eks", route.action));
  }
}
