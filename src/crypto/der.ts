// A small DER (ITU-T X.690) encoder and reader over Buffers. We read with byte offsets so that a
// signature is always checked over the exact bytes that were signed, never over a re-encoding, and
// we write UTF-8 text as bytes rather than through node-forge's binary strings.

export const TAG = {
  BOOLEAN: 0x01,
  INTEGER: 0x02,
  BIT_STRING: 0x03,
  OCTET_STRING: 0x04,
  NULL: 0x05,
  OID: 0x06,
  UTF8_STRING: 0x0c,
  PRINTABLE_STRING: 0x13,
  T61_STRING: 0x14,
  IA5_STRING: 0x16,
  UTC_TIME: 0x17,
  GENERALIZED_TIME: 0x18,
  UNIVERSAL_STRING: 0x1c,
  BMP_STRING: 0x1e,
  SEQUENCE: 0x30,
  SET: 0x31,
} as const;

export class DerError extends Error {
  override readonly name = 'DerError';
}

// ---- writing ----

function lengthBytes(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

export function tlv(tag: number, content: Uint8Array): Buffer {
  return Buffer.concat([Buffer.from([tag]), lengthBytes(content.length), content]);
}

export const sequence = (...items: Uint8Array[]): Buffer => tlv(TAG.SEQUENCE, Buffer.concat(items));

/** SET OF: DER orders the elements by their encodings (X.690 §11.6). */
export const set = (...items: Uint8Array[]): Buffer =>
  tlv(TAG.SET, Buffer.concat([...items].map((i) => Buffer.from(i)).sort(Buffer.compare)));

export const nullValue = (): Buffer => Buffer.from([TAG.NULL, 0]);
export const boolean = (v: boolean): Buffer => Buffer.from([TAG.BOOLEAN, 1, v ? 0xff : 0]);
export const octetString = (b: Uint8Array): Buffer => tlv(TAG.OCTET_STRING, b);
/** A BIT STRING of whole bytes (keys, signatures): no unused bits. */
export const bitString = (b: Uint8Array): Buffer => tlv(TAG.BIT_STRING, Buffer.concat([Buffer.from([0]), b]));
export const utf8String = (s: string): Buffer => tlv(TAG.UTF8_STRING, Buffer.from(s, 'utf8'));
export const ia5String = (s: string): Buffer => tlv(TAG.IA5_STRING, Buffer.from(s, 'ascii'));

const PRINTABLE = /^[A-Za-z0-9 '()+,\-./:=?]*$/;
export function printableString(s: string): Buffer {
  if (!PRINTABLE.test(s)) throw new DerError('not a PrintableString');
  return tlv(TAG.PRINTABLE_STRING, Buffer.from(s, 'ascii'));
}

/** [n] EXPLICIT: a constructed context-specific wrapper. */
export const explicit = (n: number, ...content: Uint8Array[]): Buffer => tlv(0xa0 | n, Buffer.concat(content));
/** [n] IMPLICIT over a primitive value (e.g. GeneralName dNSName [2], iPAddress [7]). */
export const implicitPrimitive = (n: number, content: Uint8Array): Buffer => tlv(0x80 | n, content);
/** [n] IMPLICIT over a constructed value (e.g. the CSR's attributes [0]). */
export const implicitConstructed = (n: number, ...content: Uint8Array[]): Buffer =>
  tlv(0xa0 | n, Buffer.concat(content));

/** A non-negative INTEGER from a number, bigint or big-endian unsigned bytes. */
export function integer(v: number | bigint | Uint8Array): Buffer {
  let bytes: Buffer;
  if (typeof v === 'number' || typeof v === 'bigint') {
    let n = BigInt(v);
    if (n < 0n) throw new DerError('negative INTEGER');
    const out: number[] = [];
    do {
      out.unshift(Number(n & 0xffn));
      n >>= 8n;
    } while (n > 0n);
    bytes = Buffer.from(out);
  } else {
    bytes = Buffer.from(v);
    let i = 0;
    while (i < bytes.length - 1 && bytes[i] === 0) i++;
    bytes = bytes.subarray(i);
    if (bytes.length === 0) bytes = Buffer.from([0]);
  }
  // Unsigned: a leading 1 bit would read as negative (X.690 §8.3).
  if ((bytes[0] ?? 0) & 0x80) bytes = Buffer.concat([Buffer.from([0]), bytes]);
  return tlv(TAG.INTEGER, bytes);
}

export function oid(dotted: string): Buffer {
  const arcs = dotted.split('.').map((a) => {
    if (!/^\d+$/.test(a)) throw new DerError(`bad OID ${dotted}`);
    return BigInt(a);
  });
  if (arcs.length < 2) throw new DerError(`bad OID ${dotted}`);
  const [first, second, ...rest] = arcs as [bigint, bigint, ...bigint[]];
  const out: number[] = [];
  for (const arc of [first * 40n + second, ...rest]) {
    const chunk: number[] = [Number(arc & 0x7fn)];
    for (let v = arc >> 7n; v > 0n; v >>= 7n) chunk.unshift(Number(v & 0x7fn) | 0x80);
    out.push(...chunk);
  }
  return tlv(TAG.OID, Buffer.from(out));
}

/** RFC 5280 §4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050, always in UTC with seconds. */
export function time(d: Date): Buffer {
  const iso = d.toISOString(); // YYYY-MM-DDTHH:MM:SS.sssZ
  const digits = iso.slice(0, 19).replace(/[-:T]/g, '');
  const year = d.getUTCFullYear();
  if (year >= 1950 && year < 2050) return tlv(TAG.UTC_TIME, Buffer.from(`${digits.slice(2)}Z`, 'ascii'));
  return tlv(TAG.GENERALIZED_TIME, Buffer.from(`${digits}Z`, 'ascii'));
}

// ---- reading ----

export interface DerNode {
  tag: number;
  /** The whole element, header included: exactly the bytes a signature covers. */
  bytes: Buffer;
  /** The value octets. */
  content: Buffer;
  /** Sub-elements of a constructed element; empty for a primitive one. */
  children: DerNode[];
}

const MAX_DEPTH = 32;

function readOne(buf: Buffer, offset: number, depth: number): { node: DerNode; end: number } {
  if (depth > MAX_DEPTH) throw new DerError('DER nested too deeply');
  const tag = buf[offset];
  if (tag === undefined) throw new DerError('DER truncated');
  if ((tag & 0x1f) === 0x1f) throw new DerError('DER high tag numbers are not supported');
  let pos = offset + 1;
  const first = buf[pos++];
  if (first === undefined) throw new DerError('DER truncated');
  let length = first;
  if (first & 0x80) {
    const count = first & 0x7f;
    // 0x80 is BER's indefinite length, which DER forbids (X.690 §10.1).
    if (count === 0 || count > 4) throw new DerError('DER length not supported');
    length = 0;
    for (let i = 0; i < count; i++) {
      const b = buf[pos++];
      if (b === undefined) throw new DerError('DER truncated');
      length = length * 256 + b;
    }
  }
  const end = pos + length;
  if (end > buf.length) throw new DerError('DER truncated');
  const content = buf.subarray(pos, end);
  const children: DerNode[] = [];
  if (tag & 0x20) {
    let p = 0;
    while (p < content.length) {
      const r = readOne(content, p, depth + 1);
      children.push(r.node);
      p = r.end;
    }
  }
  return { node: { tag, bytes: buf.subarray(offset, end), content, children }, end };
}

/** Reads one DER element that must fill the whole buffer. */
export function readDer(buf: Uint8Array): DerNode {
  const b = Buffer.isBuffer(buf) ? buf : Buffer.from(buf);
  const { node, end } = readOne(b, 0, 0);
  if (end !== b.length) throw new DerError('trailing bytes after DER');
  return node;
}

export function child(node: DerNode | undefined, index: number, tag?: number): DerNode {
  const c = node?.children[index];
  if (!c || (tag !== undefined && c.tag !== tag)) throw new DerError('unexpected DER structure');
  return c;
}

export function readOid(node: DerNode): string {
  if (node.tag !== TAG.OID || node.content.length === 0) throw new DerError('expected an OID');
  const arcs: bigint[] = [];
  let v = 0n;
  for (const b of node.content) {
    v = (v << 7n) | BigInt(b & 0x7f);
    if (!(b & 0x80)) {
      arcs.push(v);
      v = 0n;
    }
  }
  const [head, ...rest] = arcs;
  if (head === undefined) throw new DerError('expected an OID');
  const first = head < 80n ? head / 40n : 2n;
  return [first, head - first * 40n, ...rest].join('.');
}

/** The bytes of a BIT STRING of whole bytes (keys and signatures). */
export function readBitStringBytes(node: DerNode): Buffer {
  if (node.tag !== TAG.BIT_STRING || node.content[0] !== 0) throw new DerError('expected a BIT STRING of whole bytes');
  return node.content.subarray(1);
}

/** The text of a directory string, whatever string type it was written in. */
export function readString(node: DerNode): string {
  switch (node.tag) {
    case TAG.UTF8_STRING:
      return node.content.toString('utf8');
    case TAG.PRINTABLE_STRING:
    case TAG.IA5_STRING:
      return node.content.toString('ascii');
    case TAG.T61_STRING:
      // Teletex in practice carries Latin-1.
      return node.content.toString('latin1');
    case TAG.BMP_STRING:
      if (node.content.length % 2) throw new DerError('bad BMPString');
      return Buffer.from(node.content).swap16().toString('utf16le');
    case TAG.UNIVERSAL_STRING: {
      let s = '';
      for (let i = 0; i + 3 < node.content.length; i += 4) s += String.fromCodePoint(node.content.readUInt32BE(i));
      return s;
    }
    default:
      throw new DerError('expected a string');
  }
}

/** RFC 5280 §4.1.2.5: a UTCTime (YYMMDDHHMMSSZ, 50–99 meaning 19xx) or GeneralizedTime (YYYYMMDDHHMMSSZ). */
export function readTime(node: DerNode): Date {
  const text = node.content.toString('ascii');
  const m =
    node.tag === TAG.UTC_TIME
      ? /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(text)
      : node.tag === TAG.GENERALIZED_TIME
        ? /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(text)
        : null;
  if (!m) throw new DerError('expected a UTCTime or GeneralizedTime in UTC');
  const [, y, mo, d, h, mi, s] = m.map(Number) as [number, number, number, number, number, number, number];
  const year = node.tag === TAG.UTC_TIME ? (y >= 50 ? 1900 + y : 2000 + y) : y;
  return new Date(Date.UTC(year, mo - 1, d, h, mi, s));
}
