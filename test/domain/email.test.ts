// SPEC §9: a contact's address is kept only when a mail server would take it.
import { describe, expect, it } from 'vitest';
import { isEmailAddress, mailboxAddress, readEmailAddress } from '../../src/domain/email.js';

describe('isEmailAddress', () => {
  it.each([
    'alice@acme.example',
    'a.b+certs@mail.acme.co.jp',
    "o'brien@example.com",
    'x@xn--r8jz45g.jp',
    'certs@例え.jp',
    `${'a'.repeat(64)}@acme.example`,
  ])('takes %s', (a) => expect(isEmailAddress(a)).toBe(true));

  it.each([
    '',
    'alice',
    'alice@',
    '@acme.example',
    'alice@acme',
    'alice@@acme.example',
    'al ice@acme.example',
    '.alice@acme.example',
    'alice.@acme.example',
    'al..ice@acme.example',
    'alice@acme.example.',
    'alice@*.acme.example',
    'alice@127.0.0.1',
    'alice@[127.0.0.1]',
    'Alice <alice@acme.example>',
    '"alice"@acme.example',
    `${'a'.repeat(65)}@acme.example`,
    `a@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(63)}.${'e'.repeat(60)}.jp`,
  ])('refuses %j', (a) => expect(isEmailAddress(a)).toBe(false));
});

describe('reading an address as people and Slack write it', () => {
  it('takes off a mailto link as Slack escapes it, a mailto: prefix and spaces', () => {
    expect(readEmailAddress('<mailto:alice@acme.example|alice@acme.example>')).toBe('alice@acme.example');
    expect(readEmailAddress('<mailto:alice@acme.example>')).toBe('alice@acme.example');
    expect(readEmailAddress('  mailto:alice@acme.example ')).toBe('alice@acme.example');
    expect(readEmailAddress('<mailto:nobody|nobody>')).toBeNull();
    expect(readEmailAddress('alice at acme')).toBeNull();
  });

  it('finds the address of a mailbox with a display name', () => {
    expect(mailboxAddress('証明書窓口 <certs@provider.example>')).toBe('certs@provider.example');
    expect(mailboxAddress('certs@provider.example')).toBe('certs@provider.example');
  });
});
