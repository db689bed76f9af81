// The AWS side as one lazily loaded unit (the SDK clients come with it), imported while client-node loads.

export { createAwsClients } from "./clients.js";
export { collectAws } from "./collect.js";
export { AwsReads } from "./reads.js";
