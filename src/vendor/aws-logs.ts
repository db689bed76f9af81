// CloudWatch Logs for get_cloudwatch_logs, apart from the collectors' clients so a diagnosis does not
// load it. Bundled by `npm run build` with src/vendor/aws.ts, sharing the SDK's core between them.

export { CloudWatchLogsClient, FilterLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
