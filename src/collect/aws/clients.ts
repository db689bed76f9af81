// Builds the AWS SDK v3 clients for one run: region and credentials from the standard chain (AWS_PROFILE,
// AWS_REGION, the shared config files, SSO, web identity...) or the options, resolved once and shared by
// the four clients; AWS_ENDPOINT_URL(_<SERVICE>) is honoured by the SDK itself. Each request has a hard
// timeout (the SDK only warns without throwOnRequestTimeout) and one retry at most.

import { CloudTrailClient, EKSClient, IAMClient, STSClient } from "../../vendor/aws.js";
import { messageOf } from "../../util/errors.js";
import type { AwsClients } from "./operations.js";

export interface AwsSetup {
  clients: AwsClients;
  /** Null when no region could be found (every regional call then fails, saying so). */
  region: string | null;
  /** Where the region came from, for the report. */
  regionFrom: string;
  close(): void;
}

export async function createAwsClients(opts: {
  region?: string;
  regionHint?: { region: string; from: string } | null;
  profile?: string;
  timeoutMs: number;
  maxAttempts?: number;
}): Promise<AwsSetup> {
  const base = {
    // The fleet audit retries throttling itself, with its own caps (src/audit/live/pace.ts): it asks for 1.
    maxAttempts: opts.maxAttempts ?? 2,
    requestHandler: { requestTimeout: opts.timeoutMs, connectionTimeout: opts.timeoutMs, throwOnRequestTimeout: true },
    ...(opts.profile ? { profile: opts.profile } : {}),
  };
  let region: string | null = opts.region ?? opts.regionHint?.region ?? null;
  let regionFrom = opts.region ? "the region option" : opts.regionHint ? opts.regionHint.from : "";
  // The probe resolves what the standard chain says (region, credentials) once for every client.
  const probe = new STSClient(base);
  if (!region) {
    try {
      region = await probe.config.region();
      regionFrom = opts.profile ? `profile ${opts.profile} or AWS_REGION` : "AWS_REGION or the AWS config file";
    } catch (err) {
      region = null;
      regionFrom = `not found (${messageOf(err)})`;
    }
  }
  // Without a region only the global services are read (IAM, STS), through us-east-1; EKS and CloudTrail are not.
  const shared = { ...base, region: region ?? "us-east-1", credentials: probe.config.credentials };
  probe.destroy();
  const clients: AwsClients = {
    sts: new STSClient(shared),
    iam: new IAMClient(shared),
    eks: new EKSClient(shared),
    cloudtrail: new CloudTrailClient(shared),
  };
  return {
    clients,
    region,
    regionFrom,
    close() {
      for (const c of Object.values(clients)) c.destroy();
    },
  };
}
