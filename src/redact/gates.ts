// Pre-filters for the redaction engine (./text.ts): for a rule named here, a native regex that any text the
// rule would change must match. When the gate finds nothing the rule is skipped, and with it the re2js
// compile and scan, which is most of what the choke point costs on a report that holds no secret (a report
// says "token", "secret" and "https://" many times, so the rules' one-word hints let nearly all of them run).
//
// A gate is a necessary condition, never a replacement: where it matches, the rule runs as before. Each gate
// is linear on any input: a literal, or a literal followed by one run of a single character class and a
// literal outside that class, so no input makes it backtrack. Case is folded as re2 folds it (the u flag:
// "ſecret" is "secret" to both). A rule with no gate here runs on its hints
// alone. test/redact/gates.test.ts holds every gate to the rule it guards (every case of the rule table, and
// generated texts the rule changes), so a rule edited past its gate fails there, not in a user's output.

/** Rule form -> gate. Keyed by the form so the rule table (./rules.ts) stays as it is. */
export const GATES: ReadonlyMap<string, RegExp> = new Map([
  // The name ends in one of these words; between it and "value" come only quotes, commas and blanks.
  [
    "an env entry whose name holds a credential, value on the next line or in the next field",
    /(?:secret|key|key_id|token|passwd|password|credentials)[\s"',\\]*value/iu,
  ],
  ["secret access key after its name", /secret_?(?:access_?)?key/iu],
  // Every name the rule knows ends in "token", and ASSIGN puts only quotes and blanks before the : or =.
  ["session or security token after its name", /token[\s"'\\]*[:=]/iu],
  ["a secret on the line after its name", /(?:secret|key|key_id|token|passwd|password|credentials)[\s"'\\]*[:=]/iu],
  ["credential command-line flag", /--(?:token|passw|secret|client-key|aws-se)/iu],
  ["password after its name", /(?:password|passwd|pwd)[\s"'\\]*[:=]/iu],
  // The userinfo of a URL: no ":" "/" "@" before the colon, no "@" "/" before the at sign. The blanks are
  // spelled out: re2's \s is these five, JavaScript's more, and a gate must not refuse what the rule takes.
  ["password in a URL", /:\/\/[^:/@\t\n\f\r "'\\]+:[^@\t\n\f\r /"'\\]+@/],
  ["AWS access key id (the prefix is kept: it says the kind of key)", /(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}/],
]);
