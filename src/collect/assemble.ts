// What turns the answers of a live collection into evidence, as one module live.ts imports once the reads
// are out: it brings the log patterns and the IAM policy reader with it, which the first reads do not need.

export { awsEvidence } from "./assemble-aws.js";
export { LIVE, kubernetesEvidence, noKubernetes } from "./assemble-k8s.js";
export { logEvidence } from "./assemble-logs.js";
export { capturedOutputs } from "./captured.js";
