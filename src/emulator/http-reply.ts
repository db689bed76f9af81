// What every route answers before the server writes it: status, headers and a text body. Keeping it
// plain data lets the server add latency, faults and recording in one place.

export interface HttpReply {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export function jsonReply(status: number, body: unknown, contentType = "application/json"): HttpReply {
  return { status, headers: { "content-type": contentType }, body: JSON.stringify(body) };
}

export function textReply(status: number, body: string, contentType = "text/plain; charset=utf-8"): HttpReply {
  return { status, headers: { "content-type": contentType }, body };
}
