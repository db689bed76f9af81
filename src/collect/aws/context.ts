// What the AWS side of a live collection knows before it starts.

export interface AwsContext {
  cluster: string | null;
  /** Null: no region, so EKS and CloudTrail are not read. */
  region: string | null;
  namespace: string;
  incidentTime: string | null;
  now: Date;
}
