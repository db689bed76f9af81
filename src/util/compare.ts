// Orders strings by UTF-16 code units, the same on every machine: reports, findings and file lists must not
// change with the locale (localeCompare would).

export const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
