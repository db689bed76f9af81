// IpAddress / NotIpAddress: whether an address lies in a CIDR block, for IPv4 and IPv6.
// IAM accepts a bare address in the policy as a single-host block.

interface ParsedIp {
  bits: 32 | 128;
  value: bigint;
}

function parseIpv4(s: string): bigint | null {
  const parts = s.split(".");
  if (parts.length !== 4) return null;
  let value = 0n;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part) || Number(part) > 255) return null;
    value = (value << 8n) | BigInt(Number(part));
  }
  return value;
}

function parseIpv6(s: string): bigint | null {
  let text = s;
  // An embedded IPv4 address ("::ffff:10.0.0.1") stands for the last two groups.
  const lastColon = text.lastIndexOf(":");
  if (text.slice(lastColon + 1).includes(".")) {
    const v4 = parseIpv4(text.slice(lastColon + 1));
    if (v4 === null) return null;
    text = `${text.slice(0, lastColon + 1)}${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
  }
  const halves = text.split("::");
  if (halves.length > 2) return null;
  const toGroups = (h: string | undefined): bigint[] | null => {
    if (h === undefined || h === "") return [];
    const out: bigint[] = [];
    for (const g of h.split(":")) {
      if (!/^[0-9a-f]{1,4}$/i.test(g)) return null;
      out.push(BigInt(parseInt(g, 16)));
    }
    return out;
  };
  const head = toGroups(halves[0]);
  const rest = toGroups(halves[1]);
  if (head === null || rest === null) return null;
  const missing = 8 - head.length - rest.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  const groups = [...head, ...Array<bigint>(halves.length === 1 ? 0 : missing).fill(0n), ...rest];
  return groups.reduce((acc, g) => (acc << 16n) | g, 0n);
}

function parseIp(s: string): ParsedIp | null {
  if (s.includes(":")) {
    const value = parseIpv6(s);
    return value === null ? null : { bits: 128, value };
  }
  const value = parseIpv4(s);
  return value === null ? null : { bits: 32, value };
}

/** Whether `address` lies in `cidr` ("10.0.0.0/8", "2001:db8::/32", or a bare address). */
export function ipInCidr(cidr: string, address: string): boolean {
  const [base = "", prefixText] = cidr.trim().split("/");
  const net = parseIp(base);
  const ip = parseIp(address.trim());
  if (net === null || ip === null || net.bits !== ip.bits) return false;
  const prefix = prefixText === undefined ? net.bits : Number(prefixText);
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > net.bits) return false;
  const shift = BigInt(net.bits - prefix);
  return net.value >> shift === ip.value >> shift;
}
