// The XML of AWS query-protocol services (IAM, STS): a result wrapped in <ActionResponse> with its
// request id, lists as <member> elements, and the <ErrorResponse> envelope. Values are written in
// the order given, so answers are as stable as the snapshot they come from.

function xmlEscape(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&apos;");
}

/** Child elements for a value: objects become elements per key, arrays <member> items, scalars text. */
function xmlBody(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (Array.isArray(value)) return value.map((item) => `<member>${xmlBody(item)}</member>`).join("");
  if (typeof value === "object") {
    return Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined && v !== null)
      .map(([k, v]) => `<${k}>${xmlBody(v)}</${k}>`)
      .join("");
  }
  return xmlEscape(String(value));
}

export function queryResponse(action: string, namespace: string, result: Record<string, unknown>, requestId: string): string {
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<${action}Response xmlns="${namespace}">` +
    `<${action}Result>${xmlBody(result)}</${action}Result>` +
    `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata>` +
    `</${action}Response>\n`
  );
}

export function queryErrorResponse(
  namespace: string,
  type: "Sender" | "Receiver",
  code: string,
  message: string,
  requestId: string,
): string {
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<ErrorResponse xmlns="${namespace}">` +
    `<Error><Type>${type}</Type><Code>${xmlEscape(code)}</Code><Message>${xmlEscape(message)}</Message></Error>` +
    `<RequestId>${requestId}</RequestId>` +
    `</ErrorResponse>\n`
  );
}

/**
 * A policy document the way IAM returns it: JSON, URL-encoded (RFC 3986). The SDK hands it back as is,
 * so a client that forgets decodeURIComponent breaks against the emulator as it would against AWS.
 */
export function encodePolicyDocument(doc: unknown): string {
  return encodeURIComponent(JSON.stringify(doc));
}
