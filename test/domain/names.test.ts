import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  certificateCoversName,
  dnsNameMatches,
  formatIpAddress,
  isCommonName,
  normalizeDnsName,
  parseIpAddress,
} from '../../src/domain/names.js';

describe('RFC 6125 §6.4.1: DNS names compare case-insensitively, in A-label form', () => {
  it('ignores case and one trailing dot', () => {
    expect(dnsNameMatches('WWW.Acme.Example', 'www.acme.example')).toBe(true);
    expect(dnsNameMatches('www.acme.example.', 'www.acme.example')).toBe(true);
    expect(dnsNameMatches('www.acme.example', 'WWW.ACME.EXAMPLE.')).toBe(true);
    expect(dnsNameMatches('www.acme.example', 'acme.example')).toBe(false);
    expect(dnsNameMatches('www.acme.example', 'www.acme.example.com')).toBe(false);
  });

  it('compares IDNs as A-labels (RFC 5890), whichever form each side is written in', () => {
    expect(normalizeDnsName('Bücher.example')).toBe('xn--bcher-kva.example');
    expect(dnsNameMatches('xn--bcher-kva.example', 'bücher.example')).toBe(true);
    expect(dnsNameMatches('bücher.example', 'XN--BCHER-KVA.example')).toBe(true);
    expect(dnsNameMatches('*.xn--bcher-kva.example', 'www.bücher.example')).toBe(true);
    expect(dnsNameMatches('日本語.jp', 'xn--wgv71a119e.jp')).toBe(true);
    expect(dnsNameMatches('bucher.example', 'bücher.example')).toBe(false);
  });

  it('refuses what is not a host name', () => {
    for (const bad of [
      '',
      '.',
      'a..example',
      'exa mple.com',
      '-a.example',
      'a-.example',
      '*',
      '*.',
      'a.*.example',
      'www.*',
    ]) {
      expect(normalizeDnsName(bad), bad).toBeNull();
      expect(dnsNameMatches(bad, bad), bad).toBe(false);
    }
  });
});

describe('RFC 6125 §6.4.3: wildcards', () => {
  it('stand for exactly one whole left-most label', () => {
    expect(dnsNameMatches('*.example.com', 'www.example.com')).toBe(true);
    expect(dnsNameMatches('*.example.com', 'WWW.EXAMPLE.COM.')).toBe(true);
    expect(dnsNameMatches('*.example.com', 'example.com')).toBe(false);
    expect(dnsNameMatches('*.example.com', 'a.b.example.com')).toBe(false);
    expect(dnsNameMatches('*.example.com', 'www.example.org')).toBe(false);
  });

  it('need two labels after them: *.com matches nothing', () => {
    expect(dnsNameMatches('*.com', 'example.com')).toBe(false);
    expect(dnsNameMatches('*.com', '*.com')).toBe(false);
    expect(dnsNameMatches('*', 'localhost')).toBe(false);
  });

  it('are never partial labels', () => {
    expect(dnsNameMatches('f*.example.com', 'foo.example.com')).toBe(false);
    expect(dnsNameMatches('*oo.example.com', 'foo.example.com')).toBe(false);
    expect(dnsNameMatches('f*o.example.com', 'foo.example.com')).toBe(false);
    expect(dnsNameMatches('www.*.example.com', 'www.a.example.com')).toBe(false);
  });

  it('a wildcard contract is served only by the identical wildcard', () => {
    expect(dnsNameMatches('*.example.com', '*.example.com')).toBe(true);
    expect(dnsNameMatches('*.EXAMPLE.com.', '*.example.com')).toBe(true);
    expect(dnsNameMatches('www.example.com', '*.example.com')).toBe(false);
    expect(dnsNameMatches('*.a.example.com', '*.example.com')).toBe(false);
    expect(dnsNameMatches('*.example.com', '*.a.example.com')).toBe(false);
  });

  it('a wildcard never matches a name with more or fewer labels (property)', () => {
    const label = fc.stringMatching(/^[a-z][a-z0-9]{0,8}$/);
    fc.assert(
      fc.property(
        fc.array(label, { minLength: 2, maxLength: 4 }),
        fc.array(label, { minLength: 0, maxLength: 3 }),
        (base, prefix) => {
          const reference = [...prefix, ...base].join('.');
          expect(dnsNameMatches(`*.${base.join('.')}`, reference)).toBe(prefix.length === 1);
        },
      ),
    );
  });
});

describe('IP addresses', () => {
  it('parses dotted quads and IPv6 text forms; formats IPv6 as RFC 5952', () => {
    expect([...parseIpAddress('192.0.2.1')!]).toEqual([192, 0, 2, 1]);
    expect(parseIpAddress('192.0.2.01')).toBeNull();
    expect(parseIpAddress('127.1')).toBeNull();
    expect(parseIpAddress('256.0.0.1')).toBeNull();
    expect(formatIpAddress(parseIpAddress('2001:DB8:0:0:0:0:0:1')!)).toBe('2001:db8::1');
    expect(formatIpAddress(parseIpAddress('::ffff:192.0.2.1')!)).toBe('::ffff:c000:201');
    expect(formatIpAddress(parseIpAddress('::')!)).toBe('::');
    expect(formatIpAddress(parseIpAddress('2001:db8:0:1:0:0:0:1')!)).toBe('2001:db8:0:1::1');
    expect(formatIpAddress(parseIpAddress('2001:db8::1:0:0:1')!)).toBe('2001:db8::1:0:0:1');
    for (const bad of ['1::2::3', ':1::', '1:2:3:4:5:6:7:8:9', '1:2:3:4:5:6:7', 'fe80::1%eth0', 'g::1', 'www.example'])
      expect(parseIpAddress(bad), bad).toBeNull();
  });

  it('IPv6 text round-trips through bytes (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 16, maxLength: 16 }), (bytes) => {
        expect([...parseIpAddress(formatIpAddress(bytes)!)!]).toEqual([...bytes]);
      }),
    );
  });
});

describe('RFC 6125 §6.4.4: which of a certificate’s names are looked at', () => {
  it('the SANs when there are DNS SANs; the CN is then ignored', () => {
    expect(certificateCoversName({ commonName: 'www.acme.example', sans: ['acme.example'] }, 'www.acme.example')).toBe(
      false,
    );
    expect(
      certificateCoversName(
        { commonName: 'acme.example', sans: ['acme.example', '*.acme.example'] },
        'www.acme.example',
      ),
    ).toBe(true);
  });

  it('the CN when there are no DNS SANs', () => {
    expect(certificateCoversName({ commonName: 'www.acme.example', sans: [] }, 'www.acme.example')).toBe(true);
    expect(certificateCoversName({ commonName: 'www.acme.example', sans: ['192.0.2.1'] }, 'WWW.acme.example')).toBe(
      true,
    );
    expect(certificateCoversName({ commonName: '*.acme.example', sans: [] }, 'www.acme.example')).toBe(true);
    expect(certificateCoversName({ commonName: null, sans: [] }, 'www.acme.example')).toBe(false);
  });

  it('IP references against IP SANs only, byte for byte', () => {
    const c = { commonName: '192.0.2.1', sans: ['www.acme.example', '192.0.2.1', '2001:DB8:0:0:0:0:0:1'] };
    expect(certificateCoversName(c, '192.0.2.1')).toBe(true);
    expect(certificateCoversName(c, '2001:db8::1')).toBe(true);
    expect(certificateCoversName(c, '192.0.2.2')).toBe(false);
    expect(certificateCoversName(c, '::ffff:192.0.2.1')).toBe(false);
    // The CN is never an IP identity.
    expect(certificateCoversName({ commonName: '192.0.2.1', sans: [] }, '192.0.2.1')).toBe(false);
  });
});

describe('isCommonName: the one check of a contract’s common name (apply, import, eligibility, Slack)', () => {
  it.each([
    ['www.example.co.jp', true],
    ['*.example.co.jp', true],
    ['WWW.Example.COM', true],
    ['ドメイン.example.jp', true],
    ['localhost', false],
    ['www..example.com', false],
    ['192.0.2.1', false],
    ['under_score.example.com', false],
    ['www.*.example.com', false],
    ['example.123', false],
  ])('%s → %s', (name, ok) => {
    expect(isCommonName(name)).toBe(ok);
  });
});
