// Errors that a request handler (resources, prompts) returns to the client as a JSON-RPC error rather than as a
// crash: the request was wrong (unknown resource, missing prompt argument). Tool calls do not use this: their
// expected failures are tool results with isError (see tool.ts). sdk.ts maps the kinds onto JSON-RPC codes, so
// nothing else needs the SDK's error types.

export type ProtocolErrorKind = "invalid_params" | "resource_not_found";

export class ProtocolError extends Error {
  constructor(
    readonly kind: ProtocolErrorKind,
    message: string,
    readonly data?: Record<string, unknown>,
  ) {
    super(message);
    this.name = "ProtocolError";
  }
}
