/** CIDR parsing and canonical spelling, so `2001:DB8::/32` and `2001:db8::/32` never show as different. */
import * as ipaddr from "ipaddr.js";

/**
 * Canonical CIDR: explicit prefix (bare IPs become /32 or /128), IPv6 in RFC 5952 form.
 * Throws with a readable reason when the text is not an IP network. Host bits set (`10.1.2.3/8`) are
 * refused rather than cleared: clearing them would widen an allow rule to a whole network on the
 * user's behalf. The message names both readings, as terraform-provider-hcloud's check does.
 */
export function normalizeCidr(text: string): string {
  const trimmed = text.trim();
  if (!trimmed) throw new Error("empty CIDR");
  const [address, prefix] = trimmed.includes("/") ? parsePrefixed(trimmed) : parseBare(trimmed);
  const spelt = address.kind() === "ipv4" ? address.toString() : (address as ipaddr.IPv6).toRFC5952String();
  const network = networkOf(address, prefix);
  if (network !== spelt) {
    const host = `${spelt}/${address.kind() === "ipv4" ? 32 : 128}`;
    throw new Error(`"${trimmed}" has host bits set: write ${network}/${prefix} for the network or ${host} for the single address`);
  }
  return `${spelt}/${prefix}`;
}

function networkOf(address: ipaddr.IPv4 | ipaddr.IPv6, prefix: number): string {
  if (address.kind() === "ipv4") return ipaddr.IPv4.networkAddressFromCIDR(`${address.toString()}/${prefix}`).toString();
  return (ipaddr.IPv6.networkAddressFromCIDR(`${address.toString()}/${prefix}`) as ipaddr.IPv6).toRFC5952String();
}

function parseBare(text: string): [ipaddr.IPv4 | ipaddr.IPv6, number] {
  const address = parseAddress(text);
  return [address, address.kind() === "ipv4" ? 32 : 128];
}

function parsePrefixed(text: string): [ipaddr.IPv4 | ipaddr.IPv6, number] {
  const slash = text.lastIndexOf("/");
  const address = validAddress(text.slice(0, slash));
  const prefix = text.slice(slash + 1);
  if (!address || !/^\d{1,3}$/.test(prefix) || Number(prefix) > (address.kind() === "ipv4" ? 32 : 128)) {
    throw new Error(`"${text}" is not a valid CIDR (expected e.g. 10.0.0.0/24 or 2001:db8::/64)`);
  }
  return [address, Number(prefix)];
}

function parseAddress(text: string): ipaddr.IPv4 | ipaddr.IPv6 {
  const address = validAddress(text);
  if (!address) throw new Error(`"${text}" is not an IP address or CIDR`);
  return address;
}

/**
 * Only dotted-decimal IPv4 (four parts) and standard IPv6: inet_aton spellings such as `10.1`,
 * `0x0a.0.0.1` or `10.0.0.010` (octal!) would silently name another host.
 */
function validAddress(text: string): ipaddr.IPv4 | ipaddr.IPv6 | undefined {
  const valid = text.includes(":") ? ipaddr.IPv6.isValid(text) : ipaddr.IPv4.isValidFourPartDecimal(text);
  return valid ? ipaddr.parse(text) : undefined;
}

/** Canonical, de-duplicated, sorted list. */
export function normalizeCidrList(list: string[]): string[] {
  return [...new Set(list.map(normalizeCidr))].sort();
}

/**
 * A single IPv4 (four decimal parts, as written in DNS) or IPv6 address in canonical form (IPv6 per
 * RFC 5952), or undefined when the value is not one (zone ids `%eth0` refused).
 */
export function canonicalIpAddress(value: unknown): string | undefined {
  if (typeof value !== "string" || !ipaddr.isValid(value) || value.includes("%")) return undefined;
  if (!value.includes(":") && !ipaddr.IPv4.isValidFourPartDecimal(value)) return undefined;
  const parsed = ipaddr.parse(value);
  return parsed.kind() === "ipv6" ? (parsed as ipaddr.IPv6).toRFC5952String() : parsed.toString();
}
