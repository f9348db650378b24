// The named curves certdesk knows, by OpenSSL's names (what Node's asymmetricKeyDetails reports).
export const CURVES: Readonly<Record<string, { name: string; bits: number }>> = {
  prime256v1: { name: 'p256', bits: 256 },
  secp384r1: { name: 'p384', bits: 384 },
  secp521r1: { name: 'p521', bits: 521 },
};
