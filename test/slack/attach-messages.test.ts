// What the person attaching a certificate is told: the term it began, a reissue, or — when the
// same certificate comes again — that nothing new was recorded.
import { describe, expect, it } from 'vitest';
import { attachedMessage } from '../../src/slack/views/certificate.js';

const base = { contract: 'acme-www', notAfter: '2027-06-01 09:00 JST' };

describe('attaching an issued certificate: the message says what was recorded', () => {
  it('re-attaching the same certificate does not say "reissued": nothing new was recorded', () => {
    const m = attachedMessage({ ...base, already: true, firstTerm: false });
    expect(m.en).toContain('already attached');
    expect(m.en).not.toMatch(/reissue/i);
    expect(m.ja).not.toContain('再発行');
  });
  it('a first certificate begins the term; a later one is a reissue', () => {
    expect(attachedMessage({ ...base, already: false, firstTerm: true }).en).toContain('begins the term');
    expect(attachedMessage({ ...base, already: false, firstTerm: false }).en).toContain('reissue');
  });
});
