// Whether a certificate's names cover a contract's common name: RFC 6125 §6.4 (DNS-IDs and the
// CN-ID fallback), with RFC 6125 §6.4.3's wildcard rules as the CA/Browser Forum applies them
// (the wildcard is the whole left-most label and stands for exactly one label).
// Pure: no I/O, no clock.
import { domainToASCII } from 'node:url';

// ---- IP addresses ----

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?:\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

function parseIpv4(text: string): Uint8Array | null {
  // Dotted quad only: no leading zeros (octal in some parsers), no short forms such as 127.1.
  if (!IPV4.test(text)) return null;
  return Uint8Array.from(text.split('.').map(Number));
}

function parseIpv6(text: string): Uint8Array | null {
  if (!/^[0-9A-Fa-f:.]+$/.test(text) || !text.includes(':')) return null;
  let hex = text;
  let v4: Uint8Array | null = null;
  // RFC 4291 §2.2 (3): the last 32 bits may be written as an IPv4 address.
  if (text.includes('.')) {
    const cut = text.lastIndexOf(':');
    v4 = parseIpv4(text.slice(cut + 1));
    if (!v4) return null;
    hex = `${text.slice(0, cut + 1)}0:0`;
  }
  const halves = hex.split('::');
  if (halves.length > 2) return null;
  const groups = (part: string): string[] | null => {
    if (part === '') return [];
    const g = part.split(':');
    return g.every((x) => /^[0-9A-Fa-f]{1,4}$/.test(x)) ? g : null;
  };
  const head = groups(halves[0] ?? '');
  const tail = halves.length === 2 ? groups(halves[1] ?? '') : [];
  if (!head || !tail) return null;
  let all: string[];
  if (halves.length === 2) {
    const missing = 8 - head.length - tail.length;
    if (missing < 1) return null;
    all = [...head, ...Array<string>(missing).fill('0'), ...tail];
  } else {
    if (head.length !== 8) return null;
    all = head;
  }
  const bytes = new Uint8Array(16);
  all.forEach((g, i) => {
    const v = parseInt(g, 16);
    bytes[i * 2] = v >> 8;
    bytes[i * 2 + 1] = v & 0xff;
  });
  if (v4) bytes.set(v4, 12);
  return bytes;
}

/** The bytes of an IPv4 (4) or IPv6 (16) address written as text; null when it is not one. */
export function parseIpAddress(text: string): Uint8Array | null {
  return parseIpv4(text) ?? parseIpv6(text);
}

/** An address's text: dotted quad, or IPv6 in RFC 5952 form (lower case, longest zero run as ::). */
export function formatIpAddress(bytes: Uint8Array): string | null {
  if (bytes.length === 4) return [...bytes].join('.');
  if (bytes.length !== 16) return null;
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0));
  // RFC 5952 §4.2: compress the longest run of two or more zero groups, the first when tied.
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best < 0) return hex.join(':');
  return `${hex.slice(0, best).join(':')}::${hex.slice(best + bestLen).join(':')}`;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

// ---- DNS names ----

const LABEL = /^(?!-)[a-z0-9_-]{1,63}(?<!-)$/;

/**
 * A DNS name in the form names are compared in: A-labels (RFC 5890), lower case, no trailing
 * dot; a wildcard kept as a left-most `*` label. Null when it is not a usable name (empty labels,
 * a `*` anywhere but as the whole left-most label, characters a host name cannot have).
 */
export function normalizeDnsName(name: string): string | null {
  let n = name.endsWith('.') ? name.slice(0, -1) : name;
  const wildcard = n.startsWith('*.');
  if (wildcard) n = n.slice(2);
  if (n === '' || n.includes('*')) return null;
  // domainToASCII applies UTS #46 (mapping, lower case, Punycode); '' means it refused the name.
  const ascii = domainToASCII(n);
  if (ascii === '') return null;
  const labels = ascii.split('.');
  if (ascii.length > 253 || !labels.every((l) => LABEL.test(l))) return null;
  return wildcard ? `*.${ascii}` : ascii;
}

/**
 * Whether a name can be a contract's common name, the one check of every way in (Slack, apply,
 * import, eligibility): a DNS name of two labels or more under a top-level label that is not all
 * digits, an IDN by its A-labels, a wildcard only as the whole first label, never an IP address;
 * letters, digits and hyphens only, as CAs may issue (CA/Browser Forum Baseline Requirements
 * §7.1.4.2, ballot SC-12: no underscore in a dNSName).
 */
export function isCommonName(name: string): boolean {
  const n = normalizeDnsName(name);
  if (n === null || parseIpAddress(name) !== null || n.includes('_')) return false;
  const labels = n.split('.').filter((l) => l !== '*');
  return labels.length >= 2 && !/^\d+$/.test(labels[labels.length - 1]!);
}

/**
 * Whether a presented DNS name (a SAN or CN of a certificate) matches a reference name (the
 * contract's common name). RFC 6125 §6.4.1 (case-insensitive, A-label comparison) and §6.4.3
 * (wildcards), narrowed as the CA/Browser Forum Baseline Requirements §7.1.4.2 do.
 */
export function dnsNameMatches(presented: string, reference: string): boolean {
  const p = normalizeDnsName(presented);
  const r = normalizeDnsName(reference);
  if (p === null || r === null) return false;
  const pLabels = p.split('.');
  // A wildcard needs at least two labels after it: `*.com` matches nothing.
  if (pLabels[0] === '*' && pLabels.length < 3) return false;
  // A wildcard contract (`*.example.com`) is served only by the identical wildcard.
  if (r.startsWith('*.')) return p === r;
  if (pLabels[0] !== '*') return p === r;
  // The wildcard stands for exactly one whole label: not the base name, not two labels.
  const rLabels = r.split('.');
  return rLabels.length === pLabels.length && rLabels.slice(1).join('.') === pLabels.slice(1).join('.');
}

export interface PresentedNames {
  commonName: string | null;
  /** DNS names and IP addresses as text, as certificate.ts reads them. */
  sans: string[];
}

/**
 * Whether a certificate's names cover a reference name (a host name or an IP address). IP
 * references match IP SANs only, byte for byte. DNS references match the DNS SANs; the CN is
 * looked at only when there are no DNS SANs (RFC 6125 §6.4.4).
 */
export function certificateCoversName(names: PresentedNames, reference: string): boolean {
  const refIp = parseIpAddress(reference);
  const ipSans: Uint8Array[] = [];
  const dnsSans: string[] = [];
  for (const san of names.sans) {
    const ip = parseIpAddress(san);
    if (ip) ipSans.push(ip);
    else dnsSans.push(san);
  }
  if (refIp) return ipSans.some((ip) => sameBytes(ip, refIp));
  if (dnsSans.length > 0) return dnsSans.some((san) => dnsNameMatches(san, reference));
  const cn = names.commonName;
  return cn !== null && parseIpAddress(cn) === null && dnsNameMatches(cn, reference);
}
