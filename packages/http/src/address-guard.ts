// Owns the SSRF guard: which resolved addresses a fetch may connect to, and a DNS lookup that applies
// that rule to every address a hostname resolves to, at connect time (so DNS rebinding has no gap).

import type { LookupAddress, LookupAllOptions, LookupOneOptions } from 'node:dns';
import dns from 'node:dns';
import ipaddr from 'ipaddr.js';
import { HttpError } from './errors';

const CLOUD_METADATA_ADDRESSES = new Set(['169.254.169.254', 'fd00:ec2::254', '100.100.100.200']);

/**
 * Returns why an IP address must not be fetched (loopback, private, link-local, multicast, CGNAT,
 * unspecified, IPv6 ULA/link-local/IPv4-mapped, cloud metadata...), or null for public unicast.
 * Anything that is not plain global unicast is refused: the ranges that embed IPv4 addresses
 * (mapped, NAT64, 6to4, Teredo) could otherwise reach a private IPv4 host.
 */
export function blockedAddressReason(address: string): string | null {
  let parsed: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    parsed = ipaddr.parse(address);
  } catch {
    return 'not an IP address';
  }
  const normalized = parsed.toNormalizedString();
  const compact = parsed.kind() === 'ipv6' ? (parsed as ipaddr.IPv6).toString() : normalized;
  if (CLOUD_METADATA_ADDRESSES.has(compact)) return 'cloud metadata';
  const range = parsed.range();
  return range === 'unicast' ? null : range;
}

export type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

/** A `net.connect` lookup that refuses hosts resolving to any blocked address (fail closed on mixed answers). */
export function guardedLookup(
  hostname: string,
  options: LookupOneOptions | LookupAllOptions,
  callback: LookupCallback,
): void {
  dns.lookup(
    hostname,
    { family: options.family ?? 0, hints: options.hints ?? 0, all: true },
    (error, addresses) => {
      if (error) {
        callback(error, []);
        return;
      }
      for (const { address } of addresses) {
        const reason = blockedAddressReason(address);
        if (reason !== null) {
          callback(blockedAddressError(hostname, address, reason), []);
          return;
        }
      }
      const first = addresses[0];
      if (options.all) callback(null, addresses);
      else if (first) callback(null, first.address, first.family);
      else callback(Object.assign(new Error(`http: no address for ${hostname}`), { code: 'ENOTFOUND' }), []);
    },
  );
}

export function blockedAddressError(hostname: string, address: string, reason: string): HttpError {
  const shown = hostname === address ? address : `${hostname} (${address})`;
  return new HttpError('http_blocked_address', `http: refusing ${reason} address ${shown}`);
}
