// CloudWatch Logs for get_cloudwatch_logs. The collectors' clients (src/collect/aws/clients.ts) cover IAM,
// STS, EKS and CloudTrail only, so the Logs client is derived from their setup (same region, the same
// resolved credentials, the same timeouts) rather than configured a second way. Its operation table
// holds reads only, checked by name at load time like the collectors' table.

import { CloudWatchLogsClient, FilterLogEventsCommand } from "../../vendor/aws-logs.js";
import type { AwsSetup } from "../../collect/aws/clients.js";

const LOGS_READ_OPERATIONS = { FilterLogEvents: FilterLogEventsCommand } as const;

const READ_NAME = /^(?:Get|List|Describe|Filter)[A-Z][A-Za-z]*$/;
for (const name of Object.keys(LOGS_READ_OPERATIONS)) {
  if (!READ_NAME.test(name)) throw new Error(`irsa-doctor: logs:${name} is not a read operation and may not be in the table`);
}

export class NotALogsReadError extends Error {
  override readonly name = "NotALogsReadError";
}

export interface LogsClient {
  send(operation: string, input: object): Promise<unknown>;
  close(): void;
}

export function createLogsClient(setup: AwsSetup, timeoutMs: number, profile?: string): LogsClient {
  const client = new CloudWatchLogsClient({
    region: setup.region ?? "us-east-1",
    credentials: setup.clients.sts.config.credentials,
    maxAttempts: 2,
    requestHandler: { requestTimeout: timeoutMs, connectionTimeout: timeoutMs, throwOnRequestTimeout: true },
    ...(profile ? { profile } : {}),
  });
  return {
    async send(operation, input) {
      const Command = Object.hasOwn(LOGS_READ_OPERATIONS, operation)
        ? LOGS_READ_OPERATIONS[operation as keyof typeof LOGS_READ_OPERATIONS]
        : undefined;
      if (!Command || !READ_NAME.test(operation))
        throw new NotALogsReadError(`logs:${operation} is not one of the read operations irsa-doctor may call`);
      return client.send(new Command(input as never));
    },
    close() {
      client.destroy();
    },
  };
}
