// Kubernetes label selectors (`labelSelector=`): parsed with the apiserver's grammar and matched with its
// semantics (`!=` and `notin` also match objects without the label). A selector that does not parse is
// the caller's error, answered with 400 like an apiserver does.

export type LabelRequirement =
  | { key: string; op: "exists" | "notexists" }
  | { key: string; op: "eq" | "neq"; value: string }
  | { key: string; op: "in" | "notin"; values: string[] }
  | { key: string; op: "gt" | "lt"; value: number };

type Token = { kind: "id"; text: string } | { kind: "op"; text: string };

const OPERATOR_CHARS = new Set(["=", "!", "(", ")", ",", "<", ">"]);
const NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

export class SelectorError extends Error {
  override readonly name = "SelectorError";
}

function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const ch = input[i] as string;
    if (/\s/.test(ch)) {
      i++;
    } else if (OPERATOR_CHARS.has(ch)) {
      const two = input.slice(i, i + 2);
      if (two === "==" || two === "!=") {
        tokens.push({ kind: "op", text: two });
        i += 2;
      } else {
        tokens.push({ kind: "op", text: ch });
        i++;
      }
    } else {
      let j = i;
      while (j < input.length && !OPERATOR_CHARS.has(input[j] as string) && !/\s/.test(input[j] as string)) j++;
      tokens.push({ kind: "id", text: input.slice(i, j) });
      i = j;
    }
  }
  return tokens;
}

function checkKey(key: string): string {
  const slash = key.indexOf("/");
  const name = slash === -1 ? key : key.slice(slash + 1);
  const prefix = slash === -1 ? null : key.slice(0, slash);
  const nameOk = name.length > 0 && name.length <= 63 && NAME.test(name);
  const prefixOk = prefix === null || (prefix.length > 0 && prefix.length <= 253 && DNS_SUBDOMAIN.test(prefix));
  if (!nameOk || !prefixOk)
    throw new SelectorError(
      `unable to parse requirement: invalid label key "${key}": a qualified name must consist of alphanumeric characters, '-', '_' or '.'`,
    );
  return key;
}

function checkValue(value: string): string {
  if (value !== "" && (value.length > 63 || !NAME.test(value))) {
    throw new SelectorError(
      `unable to parse requirement: invalid label value "${value}": must be 63 characters or less and consist of alphanumeric characters, '-', '_' or '.'`,
    );
  }
  return value;
}

class Parser {
  private pos = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly source: string,
  ) {}

  private peek(): Token | undefined {
    return this.tokens[this.pos];
  }
  private next(): Token | undefined {
    return this.tokens[this.pos++];
  }
  private fail(what: string): never {
    throw new SelectorError(`unable to parse requirement: ${what} in selector "${this.source}"`);
  }
  private expectId(what: string): string {
    const t = this.next();
    if (t?.kind !== "id") this.fail(`found '${t?.text ?? "end of input"}', expected: ${what}`);
    return t.text;
  }

  parse(): LabelRequirement[] {
    const out: LabelRequirement[] = [];
    if (this.tokens.length === 0) return out;
    for (;;) {
      out.push(this.requirement());
      const t = this.next();
      if (t === undefined) return out;
      if (t.text !== ",") this.fail(`found '${t.text}', expected: ','`);
    }
  }

  private requirement(): LabelRequirement {
    const first = this.peek();
    if (first?.kind === "op" && first.text === "!") {
      this.next();
      return { key: checkKey(this.expectId("identifier")), op: "notexists" };
    }
    const key = checkKey(this.expectId("identifier"));
    const t = this.peek();
    if (t === undefined || (t.kind === "op" && t.text === ",")) return { key, op: "exists" };
    this.next();
    if (t.kind === "op" && (t.text === "=" || t.text === "==" || t.text === "!=")) {
      const v = this.peek();
      const value = v?.kind === "id" ? (this.next(), v.text) : "";
      return { key, op: t.text === "!=" ? "neq" : "eq", value: checkValue(value) };
    }
    if (t.kind === "op" && (t.text === ">" || t.text === "<")) {
      const raw = this.expectId("integer");
      if (!/^-?\d+$/.test(raw)) this.fail(`'${raw}' is not an integer`);
      return { key, op: t.text === ">" ? "gt" : "lt", value: Number(raw) };
    }
    if (t.kind === "id" && (t.text === "in" || t.text === "notin")) {
      return { key, op: t.text, values: this.valueSet() };
    }
    return this.fail(`found '${t.text}', expected: in, notin, =, ==, !=, gt, lt`);
  }

  private valueSet(): string[] {
    const open = this.next();
    if (open?.text !== "(") this.fail(`found '${open?.text ?? "end of input"}', expected: '('`);
    const values: string[] = [];
    for (;;) {
      const t = this.next();
      if (t === undefined) this.fail("found end of input, expected: ')'");
      if (t.kind === "id") {
        values.push(checkValue(t.text));
        const sep = this.next();
        if (sep?.text === ")") return values;
        if (sep?.text !== ",") this.fail(`found '${sep?.text ?? "end of input"}', expected: ',' or ')'`);
      } else if (t.text === ")" && values.length === 0) {
        return this.fail("for 'in', 'notin' operators, values set can't be empty");
      } else {
        this.fail(`found '${t.text}', expected: identifier`);
      }
    }
  }
}

export function parseLabelSelector(selector: string): LabelRequirement[] {
  return new Parser(tokenize(selector), selector).parse();
}

export function matchesLabels(requirements: LabelRequirement[], labels: Record<string, string> | undefined): boolean {
  const have = labels ?? {};
  return requirements.every((r) => {
    const present = Object.prototype.hasOwnProperty.call(have, r.key);
    const value = present ? have[r.key] : undefined;
    switch (r.op) {
      case "exists":
        return present;
      case "notexists":
        return !present;
      case "eq":
        return present && value === r.value;
      case "neq":
        return !present || value !== r.value;
      case "in":
        return present && r.values.includes(value as string);
      case "notin":
        return !present || !r.values.includes(value as string);
      case "gt":
      case "lt": {
        if (!present || !/^-?\d+$/.test(value as string)) return false;
        const n = Number(value);
        return r.op === "gt" ? n > r.value : n < r.value;
      }
    }
  });
}
