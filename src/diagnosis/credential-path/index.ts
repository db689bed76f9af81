// The credential-path stage: between the facts and the checks, what each container's SDK really uses.

export * from "./chains.js";
export * from "./sources.js";
export * from "./attribution.js";
export * from "./path.js";
export * from "./mounts.js";
export * from "./usage.js";
