// Trims a tool's JSON Schema for tools/list: every tool's schema is sent to the model on every turn, so what
// carries no meaning for it is dropped. Everywhere: zod's `$schema` on each schema, and the bounds
// ±9007199254740991 (Number.MAX_SAFE_INTEGER) it writes for every .int(); bounds a tool chose stay.
// Output schemas are the client's description of structuredContent, not a contract it enforces (the server
// checks every answer against the full zod schema before sending it, see tool-adapter.ts), so they keep
// every field's name and type and the top-level fields' descriptions, and drop `required` (every field is
// always there), `additionalProperties: false`, `propertyNames: string` and the nested descriptions; a choice
// among strings only (a cause id: "healthy", "inconclusive" or a long pattern) is said as a string.

type Json = unknown;

const SAFE = Number.MAX_SAFE_INTEGER;

export function trimSchema(schema: Json, kind: "input" | "output", depth = 0): Json {
  if (Array.isArray(schema)) return schema.map((item) => trimSchema(item, kind, depth));
  if (schema === null || typeof schema !== "object") return schema;
  const output = kind === "output";
  const out: Record<string, Json> = {};
  const anyOf = (schema as { anyOf?: unknown }).anyOf;
  if (output && Array.isArray(anyOf) && anyOf.every((a) => (a as { type?: unknown } | null)?.type === "string" && !("enum" in (a as object)))) {
    out["type"] = "string";
    const description = (schema as { description?: unknown }).description;
    if (description !== undefined && depth <= 1) out["description"] = description;
    return out;
  }
  for (const [key, value] of Object.entries(schema as Record<string, Json>)) {
    if (key === "$schema") continue;
    if ((key === "minimum" && value === -SAFE) || (key === "maximum" && value === SAFE)) continue;
    if (output && (key === "required" || key === "propertyNames" || (key === "additionalProperties" && value === false))) continue;
    if (output && key === "description" && depth > 1) continue;
    if (key === "properties" && value !== null && typeof value === "object") {
      out[key] = Object.fromEntries(Object.entries(value).map(([name, sub]) => [name, trimSchema(sub, kind, depth + 1)]));
      continue;
    }
    out[key] = trimSchema(value, kind, depth);
  }
  return out;
}
