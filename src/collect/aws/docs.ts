// Files the AWS outputs of a live collection into the raw layer's AwsDocs, classified by the offline
// loader's own code (so live and offline read identical values), but attributed from what was asked
// rather than from file names: a live read knows which role or policy it was about.

import type { AwsDocs, Sourced } from "../../snapshot/load/raw-types.js";
import { AwsShapeError, type AwsOutput, classifyAwsOutput } from "../../snapshot/load/aws-shapes.js";
import { joinSources } from "../../snapshot/load/sources.js";
import type { CloudTrailEvent } from "../../snapshot/types.js";
import type { Failure } from "../outcome.js";
import type { AwsRead } from "./reads.js";
import { compareText } from "../../util/compare.js";

export interface FiledAws {
  docs: AwsDocs;
  /** Reads whose output could not be used, with why (their evidence becomes parse_error). */
  unusable: { read: AwsRead; failure: Failure }[];
}

export function fileAwsReads(reads: AwsRead[]): FiledAws {
  const docs: AwsDocs = {
    clusters: [],
    podIdentityAssociations: [],
    addons: [],
    oidcProviders: [],
    roles: [],
    attachedRolePolicies: {},
    inlineRolePolicyNames: {},
    inlineRolePolicies: [],
    policyVersions: [],
    // Live failures are applied to the evidence directly (see assemble-aws.ts), with the permission named.
    recordedErrors: [],
  };
  const unusable: FiledAws["unusable"] = [];
  const trail: Sourced<CloudTrailEvent[]>[] = [];
  const ordered = [...reads].sort((a, b) => compareText(a.source, b.source));

  for (const read of ordered) {
    // GetPolicy and ListPolicies only lead to the default version; the bundle keeps get-policy-version.
    if (!read.outcome.ok || read.spec.operation === "GetPolicy" || read.spec.operation === "ListPolicies") continue;
    let classified: AwsOutput | null;
    try {
      classified = classifyAwsOutput(read.outcome.value);
    } catch (err) {
      if (!(err instanceof AwsShapeError)) throw err;
      unusable.push({ read, failure: { kind: "parse_error", detail: `${read.spec.what}: the answer cannot be used: ${err.message}` } });
      continue;
    }
    if (!classified) {
      unusable.push({ read, failure: { kind: "parse_error", detail: `${read.spec.what}: the answer has an unexpected shape` } });
      continue;
    }
    const source = read.source;
    const subject = read.spec.subject;
    switch (classified.kind) {
      case "sts.get-caller-identity":
        docs.callerIdentity = { value: classified.value, source };
        break;
      case "eks.describe-cluster":
        docs.clusters.push({ value: classified.value, source });
        break;
      case "eks.list-pod-identity-associations":
        docs.podIdentityAssociationSummaries = classified.value.map((value) => ({ value, source }));
        break;
      case "eks.describe-pod-identity-association":
        docs.podIdentityAssociations.push({ value: classified.value, source });
        break;
      case "eks.describe-addon":
        docs.addons.push({ value: classified.value, source });
        break;
      case "iam.list-open-id-connect-providers":
        docs.oidcProviderList = { value: [...new Set(classified.value)].sort(), source };
        break;
      case "iam.get-open-id-connect-provider":
        docs.oidcProviders.push({ value: { Arn: subject, ...classified.value }, source });
        break;
      case "iam.get-role":
        docs.roles.push({ value: classified.value, source });
        break;
      case "iam.list-attached-role-policies":
        docs.attachedRolePolicies[subject] = { value: [...classified.value].sort((a, b) => compareText(a.PolicyArn, b.PolicyArn)), source };
        break;
      case "iam.list-role-policies":
        docs.inlineRolePolicyNames[subject] = { value: [...new Set(classified.value)].sort(), source };
        break;
      case "iam.get-role-policy":
        docs.inlineRolePolicies.push({ value: classified.value, source });
        break;
      case "iam.get-policy-version": {
        // The subject is "<policy arn>:<version id>"; the version id never holds a colon.
        const arn = subject.slice(0, subject.lastIndexOf(":"));
        docs.policyVersions.push({ value: { PolicyArn: arn, ...classified.value }, source });
        break;
      }
      case "cloudtrail.lookup-events":
        trail.push({ value: classified.value, source });
        break;
    }
  }
  if (trail.length > 0) {
    const events = new Map<string, CloudTrailEvent>();
    for (const t of trail) for (const e of t.value) if (!events.has(e.EventId)) events.set(e.EventId, e);
    docs.cloudTrailEvents = {
      value: [...events.values()].sort((a, b) => compareText(a.EventTime, b.EventTime) || compareText(a.EventId, b.EventId)),
      source: joinSources(trail),
    };
  }
  return { docs, unusable };
}
