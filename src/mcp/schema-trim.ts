// Trims a tool's JSON Schema for tools/list: every tool's schema is sent to the model on every turn, so what
// carries no meaning for it is dropped. Everywhere: zod's `$schema` on each schema, and the bounds
// ±9007199254740991 (Number.MAX_SAFE_INTEGER) it writes for every .int(), and the 253-character bound of a
// Kubernetes or AWS name (the server still enforces it when it parses the arguments); other bounds stay.
// Output schemas are the client's description of structuredContent, not a contract it enforces (the server
// checks every answer against the full zod schema before sending it, see tool-adapter.ts), so they keep
// every field's name and type and drop the descriptions (each tool's description says what it returns),
// `required` (every field is always there), `additionalProperties: false` and `propertyNames: string`; a
// choice among strings only (a cause id: "healthy", "inconclusive" or a long pattern) is said as a string.

type Json = unknown;

const SAFE = Number.MAX_SAFE_INTEGER;
const NAME_MAX = 253;

export function trimSchema(schema: Json, kind: "input" | "output"): Json {
  if (Array.isArray(schema)) return schema.map((item) => trimSchema(item, kind));
  if (schema === null || typeof schema !== "object") return schema;
  const output = kind === "output";
  const out: Record<string, Json> = {};
  const anyOf = (schema as { anyOf?: unknown }).anyOf;
  if (
    output &&
    Array.isArray(anyOf) &&
    anyOf.every((a) => (a as { type?: unknown } | null)?.type === "string" && !("enum" in (a as object)))
  ) {
    out["type"] = "string";
    return out;
  }
  for (const [key, value] of Object.entries(schema as Record<string, Json>)) {
    if (key === "$schema") continue;
    if ((key === "minimum" && value === -SAFE) || (key === "maximum" && value === SAFE)) continue;
    if (key === "maxLength" && value === NAME_MAX) continue;
    if (output && (key === "required" || key === "propertyNames" || (key === "additionalProperties" && value === false))) continue;
    if (output && key === "description") continue;
    if (key === "properties" && value !== null && typeof value === "object") {
      out[key] = Object.fromEntries(Object.entries(value).map(([name, sub]) => [name, trimSchema(sub, kind)]));
      continue;
    }
    out[key] = trimSchema(value, kind);
  }
  return out;
}
