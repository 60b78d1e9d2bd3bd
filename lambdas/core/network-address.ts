import { BlockList, isIP } from 'node:net';
import type { HostResolver } from './ports';

/**
 * Where a webhook may point: the public internet only. A subscriber's URL aimed at loopback,
 * private ranges or the cloud's metadata address (169.254.169.254) would make Lifeboat a proxy
 * into its own network (SSRF).
 */

const NOT_PUBLIC = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8], // "this" network
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local, the metadata service
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
] as const) {
  NOT_PUBLIC.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['2001::', 32], // Teredo
  ['2001:db8::', 32], // documentation
  ['2002::', 16], // 6to4, which tunnels to any IPv4 address
] as const) {
  NOT_PUBLIC.addSubnet(network, prefix, 'ipv6');
}
/** IPv6 global unicast; everything outside it (loopback, ULA fc00::/7, link-local fe80::/10…) is refused. */
const GLOBAL_UNICAST = new BlockList();
GLOBAL_UNICAST.addSubnet('2000::', 3, 'ipv6');

/** Whether an IP address (v4 or v6, as DNS or a URL gives it) is on the public internet. */
export function isPublicAddress(address: string): boolean {
  const ip = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const version = isIP(ip);
  if (version === 4) return !NOT_PUBLIC.check(ip, 'ipv4');
  if (version !== 6) return false;
  const embedded = embeddedIpv4(ip);
  if (embedded) return isPublicAddress(embedded);
  return GLOBAL_UNICAST.check(ip, 'ipv6') && !NOT_PUBLIC.check(ip, 'ipv6');
}

/** The IPv4 address inside an IPv4-mapped (::ffff:a.b.c.d) or NAT64 (64:ff9b::a.b.c.d) address. */
function embeddedIpv4(ip: string): string | null {
  const groups = expandIpv6(ip);
  if (!groups) return null;
  const mapped = groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff;
  const nat64 = groups[0] === 0x64 && groups[1] === 0xff9b && groups.slice(2, 6).every((g) => g === 0);
  if (!mapped && !nat64) return null;
  return [groups[6]! >> 8, groups[6]! & 0xff, groups[7]! >> 8, groups[7]! & 0xff].join('.');
}

function expandIpv6(ip: string): number[] | null {
  let text = ip.toLowerCase();
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const bytes = dotted[1]!.split('.').map(Number);
    text = `${text.slice(0, -dotted[1]!.length)}${((bytes[0]! << 8) | bytes[1]!).toString(16)}:${((bytes[2]! << 8) | bytes[3]!).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const missing = 8 - left.length - right.length;
  if (tail === undefined ? left.length !== 8 : missing < 0) return null;
  return [...left, ...Array<string>(tail === undefined ? 0 : missing).fill('0'), ...right].map((g) => parseInt(g, 16));
}

/**
 * Why a webhook URL may not be used, or null when its host is public. IP literals in any spelling
 * (0x7f000001, 2130706433, [::1]) arrive here already normalised by the URL parser; host names are
 * resolved, and every address they resolve to must be public.
 */
export async function webhookTargetRefusal(url: string, resolve: HostResolver | undefined): Promise<string | null> {
  let hostname: string;
  try {
    hostname = new URL(url).hostname.replace(/^\[|\]$/g, '');
  } catch {
    return 'not a valid URL';
  }
  const privateTarget = 'must point to a public address, not a private, loopback or link-local one';
  if (isIP(hostname)) return isPublicAddress(hostname) ? null : privateTarget;
  if (hostname === 'localhost' || hostname.endsWith('.localhost')) return privateTarget;
  if (!resolve) return 'its host cannot be checked here';
  let addresses: string[];
  try {
    addresses = await resolve(hostname);
  } catch {
    return 'its host name does not resolve';
  }
  if (addresses.length === 0) return 'its host name does not resolve';
  return addresses.every(isPublicAddress) ? null : privateTarget;
}
