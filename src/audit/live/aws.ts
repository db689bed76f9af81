// The account side of a live audit. Round 1: caller identity, the cluster, the agent add-on, the account's
// OIDC provider list, the first page of ListRoles (1,000 roles with their trust policies) and of the
// cluster's associations. Each association page is described as it arrives, with bounded concurrency;
// the cluster's provider is read once its ARN is known (from describe-cluster's issuer, else the API server's). GetRole is sent only for roles ListRoles cannot
// answer: another account's, or every named role when ListRoles is refused. Each answer is classified by
// the bundle loader's own shapes (classifyAwsOutput), so live and offline build the same AwsDocs.

import { sendRead, type AwsClients, type AwsService } from "../../collect/aws/operations.js";
import { messageOf } from "../../util/errors.js";
import { buildAwsDocs, type ClassifiedFile } from "../../snapshot/load/aws-docs.js";
import { classifyAwsOutput } from "../../snapshot/load/aws-shapes.js";
import { oidcProviderArn, parseArn, roleNameFromArn } from "../../snapshot/load/arn.js";
import type { AwsDocs, RecordedAwsError } from "../../snapshot/load/raw-types.js";
import type { IamRole, SnapshotProblem, Target } from "../../snapshot/types.js";
import type { Pacer } from "./pace.js";
import type { CallLog } from "./rounds.js";

const AGENT = "eks-pod-identity-agent";

export interface AwsFleet {
  docs: AwsDocs;
  problems: SnapshotProblem[];
  account: string | null;
}

export interface AwsPacers {
  iam: Pacer;
  eks: Pacer;
  sts: Pacer;
}

/** The SDK's answer as the CLI prints it: plain JSON (dates as ISO text), without $metadata. */
function asCliJson(out: unknown): unknown {
  const { $metadata: _m, ...rest } = (out ?? {}) as Record<string, unknown>;
  return JSON.parse(JSON.stringify(rest));
}

export async function readAwsFleet(
  clients: AwsClients,
  pace: AwsPacers,
  log: CallLog,
  target: Pick<Target, "cluster" | "region">,
  /** Role ARNs the cluster side names, once it has been read (the fallback's GetRole list). */
  namedRoleArns: Promise<string[]>,
  /** The issuer the API server states, read only when describe-cluster gives none (not EKS, or not readable). */
  apiServerIssuer: () => Promise<string | undefined>,
): Promise<AwsFleet> {
  const files: ClassifiedFile[] = [];
  const errors: RecordedAwsError[] = [];
  const problems: SnapshotProblem[] = [];
  const sent = new Set<string>();

  /** `first`: a list's next page, which goes ahead of the describes queued (see pace.ts). */
  async function call(
    service: AwsService & keyof AwsPacers,
    operation: string,
    input: Record<string, unknown>,
    subject: string,
    round: number,
    first = false,
  ): Promise<Record<string, unknown> | undefined> {
    const key = `${service}:${operation}:${JSON.stringify(input)}`;
    if (sent.has(key)) throw new Error(`irsa-doctor audit: ${key} would be sent twice`);
    sent.add(key);
    try {
      const out = await pace[service].run(() => sendRead(clients, service, operation, input), { first });
      log.add({ service, action: operation, round, ok: true });
      return asCliJson(out) as Record<string, unknown>;
    } catch (err) {
      log.add({ service, action: operation, round, ok: false });
      const e = err as { name?: string; Code?: string };
      errors.push({ operation, subject, code: e.Code ?? e.name ?? "Error", message: messageOf(err) });
      return undefined;
    }
  }
  function keep(json: unknown, source: string): void {
    try {
      const output = classifyAwsOutput(json);
      if (output) files.push({ source, output });
    } catch (err) {
      problems.push({ source, message: messageOf(err) });
    }
  }

  const cluster = target.cluster;
  const callerP = call("sts", "GetCallerIdentity", {}, "", 1);
  const clusterP = cluster ? call("eks", "DescribeCluster", { name: cluster }, cluster, 1) : Promise.resolve(undefined);
  const addonP = cluster ? call("eks", "DescribeAddon", { clusterName: cluster, addonName: AGENT }, AGENT, 1) : Promise.resolve(undefined);
  const providersP = call("iam", "ListOpenIDConnectProviders", {}, "", 1);

  // ListRoles, page after page; complete only when the last page said IsTruncated false.
  const rolesP = (async () => {
    const roles: IamRole[] = [];
    let marker: string | undefined;
    let round = 0;
    do {
      round++;
      const page = await call("iam", "ListRoles", { MaxItems: 1000, ...(marker ? { Marker: marker } : {}) }, "", round, true);
      if (!page) return { complete: false, refused: round === 1 };
      roles.push(...((page["Roles"] as IamRole[] | undefined) ?? []));
      marker = page["IsTruncated"] === true ? (page["Marker"] as string | undefined) : undefined;
    } while (marker);
    // Only the classified roles (trust policies decoded) are kept: the pages as sent are dropped here, not held
    // through the describes (10,000 roles are about 10 MB).
    keep({ Roles: roles }, "live: iam list-roles");
    return { complete: true, refused: false };
  })();

  // Associations: each page described as it arrives.
  const associationsP = (async () => {
    if (!cluster) return;
    let token: string | undefined;
    let round = 0;
    const described: Promise<void>[] = [];
    const summaries: unknown[] = [];
    let complete = true;
    do {
      round++;
      const page = await call(
        "eks",
        "ListPodIdentityAssociations",
        { clusterName: cluster, maxResults: 100, ...(token ? { nextToken: token } : {}) },
        cluster,
        round,
        true,
      );
      if (!page) {
        complete = false;
        break;
      }
      const list = (page["associations"] as { associationId: string }[] | undefined) ?? [];
      summaries.push(...list);
      const pageRound = round;
      for (const a of list) {
        described.push(
          call(
            "eks",
            "DescribePodIdentityAssociation",
            { clusterName: cluster, associationId: a.associationId },
            a.associationId,
            pageRound + 1,
          ).then((d) => {
            if (d) keep(d, `live: eks describe-pod-identity-association ${a.associationId}`);
          }),
        );
      }
      token = page["nextToken"] as string | undefined;
    } while (token);
    if (complete) keep({ associations: summaries }, "live: eks list-pod-identity-associations");
    await Promise.all(described);
  })();

  const [caller, clusterOut, addon, providers] = await Promise.all([callerP, clusterP, addonP, providersP]);
  for (const [json, source] of [
    [caller, "live: sts get-caller-identity"],
    [clusterOut, "live: eks describe-cluster"],
    [addon, "live: eks describe-addon"],
    [providers, "live: iam list-open-id-connect-providers"],
  ] as const) {
    if (json) keep(json, source);
  }
  const account =
    (caller?.["Account"] as string | undefined) ??
    parseArn((clusterOut?.["cluster"] as { arn?: string } | undefined)?.arn ?? "")?.account ??
    null;

  // The cluster's own provider, once its issuer and the list are known: its client ids and thumbprints. A cluster
  // EKS does not describe (kOps, kubeadm) has its issuer from the API server, one round later.
  const eksIssuer = (clusterOut?.["cluster"] as { identity?: { oidc?: { issuer?: string } } } | undefined)?.identity?.oidc?.issuer;
  const listed = ((providers?.["OpenIDConnectProviderList"] as { Arn: string }[] | undefined) ?? []).map((p) => p.Arn);
  const providerP = (async () => {
    const issuer = eksIssuer ?? (await apiServerIssuer());
    if (!issuer) return;
    const host = issuer.replace(/^https:\/\//, "");
    const arn =
      listed.find((a) => a.endsWith(`:oidc-provider/${host}`)) ??
      (providers === undefined && account
        ? oidcProviderArn(parseArn((clusterOut?.["cluster"] as { arn?: string }).arn ?? "")?.partition || "aws", account, issuer)
        : undefined);
    if (!arn) return;
    const out = await call("iam", "GetOpenIDConnectProvider", { OpenIDConnectProviderArn: arn }, arn, eksIssuer ? 2 : 3);
    if (out) keep(out, "live: iam get-open-id-connect-provider");
  })();

  const [roles] = await Promise.all([rolesP, associationsP, providerP]);
  // Roles ListRoles could not answer: another account's, or all of them when it was refused or cut short.
  const named = [...new Set((await namedRoleArns).map((a) => a.trim()))];
  const described = files.flatMap((f) => (f.output.kind === "eks.describe-pod-identity-association" ? [f.output.value.roleArn ?? ""] : []));
  const wanted = [...new Set([...named, ...described])].filter((arn) => {
    const name = roleNameFromArn(arn);
    if (!name) return false;
    const other = parseArn(arn)?.account !== account;
    return other || !roles.complete;
  });
  const byName = new Map(wanted.map((arn) => [roleNameFromArn(arn) as string, arn]));
  await Promise.all(
    [...byName.keys()].map(async (name) => {
      const out = await call("iam", "GetRole", { RoleName: name }, name, 3);
      if (out) keep(out, `live: iam get-role ${name}`);
    }),
  );

  const t: Target = {
    cluster: cluster ?? null,
    region: target.region ?? null,
    account,
    namespace: "",
    pod: null,
    serviceAccount: null,
    instanceId: null,
    incidentTime: null,
  };
  const built = buildAwsDocs(files, t, named);
  built.docs.recordedErrors = errors.map((value) => ({ value, source: `live: ${value.operation}` }));
  return { docs: built.docs, problems: [...problems, ...built.problems], account };
}
