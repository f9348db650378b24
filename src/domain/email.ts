// E-mail addresses of a customer's contacts (Art. 6(1)): where a renewal notice goes when Slack
// will not take it. An address is kept only when a mail server would take it.
import { isCommonName } from './names.js';

/** RFC 5322 §3.2.3 atext, the characters of a dot-atom local part (quoted local parts are refused: no one needs them). */
const ATEXT = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+$/;

/**
 * Whether an address is one a mail server would take: `local@domain`, the local part a dot-atom
 * of at most 64 characters (RFC 5321 §4.5.3.1.1), the domain a host name of two labels or more
 * (an IDN by its A-labels or in Unicode), 254 characters in all (RFC 5321 §4.5.3.1.3 less the
 * brackets). No display name, no spaces, no IP literal.
 */
export function isEmailAddress(text: string): boolean {
  if (text.length > 254) return false;
  const at = text.lastIndexOf('@');
  if (at <= 0 || at === text.length - 1) return false;
  const local = text.slice(0, at);
  const domain = text.slice(at + 1);
  if (local.length > 64 || !local.split('.').every((part) => ATEXT.test(part))) return false;
  return !domain.startsWith('*') && !domain.endsWith('.') && isCommonName(domain);
}

/** The address of a mailbox as people write it: `Name <address>` or the address alone. */
export function mailboxAddress(text: string): string {
  const m = /<([^<>]*)>\s*$/.exec(text);
  return (m ? m[1]! : text).trim();
}

/**
 * An address as a person may type or paste it, read: Slack's `<mailto:a@b|a@b>`, a `mailto:`
 * prefix and surrounding spaces are taken off. Null when what is left is not an address.
 */
export function readEmailAddress(text: string): string | null {
  let t = text.trim();
  const slack = /^<mailto:([^|>]+)(?:\|[^>]*)?>$/.exec(t);
  if (slack) t = slack[1]!;
  if (t.toLowerCase().startsWith('mailto:')) t = t.slice(7);
  return isEmailAddress(t) ? t : null;
}
