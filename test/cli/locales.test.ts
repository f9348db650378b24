// Every command speaks Japanese to Japanese readers and English to the others: its output, its
// help and its errors. English output carries no Japanese but the names of items and customers.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ITEMS } from '../../src/domain/catalog.js';
import { COMMANDS } from '../../src/cli/commands/index.js';
import { certdesk, jsonl, tempFile } from '../support/cli.js';
import { makeCertificate } from '../support/certs.js';
import { useFreshDatabase } from '../support/databases.js';

const t = useFreshDatabase();
const NOW = '2026-11-25T10:00+09:00';
const MASTER = randomBytes(32).toString('base64');

const JAPANESE = /[\u3000-\u30ff\u3400-\u9fff\uff00-\uffef]/;
/** Names of items and customers may be Japanese in any language. */
const NAMES = [...ITEMS.flatMap((i) => [i.name.ja, ...i.aliases]), 'ACME株式会社', '山田 花子'].sort(
  (a, b) => b.length - a.length,
);
const withoutNames = (text: string) => NAMES.reduce((s, n) => s.split(n).join(''), text);

const cert = tempFile(makeCertificate({ notBefore: '2026-06-01T00:00:00Z', notAfter: '2027-06-01T00:00:00Z' }), '.pem');
const records = tempFile(
  jsonl(
    { type: 'customer', id: 'loc', name: 'Locale Ltd', country: 'JP', channel: 'C0LOC', contacts: ['U0ALICE'] },
    {
      type: 'contract',
      id: 'loc-1',
      customer: 'loc',
      item: 'corporate-ssl',
      term: '1y',
      commonName: 'a.loc.example',
      notBefore: '2026-03-01T00:00:00+09:00',
      notAfter: '2027-03-01T00:00:00+09:00',
    },
    {
      type: 'contract',
      id: 'loc-2',
      customer: 'loc',
      item: 'corporate-ssl',
      term: '1y',
      commonName: 'b.loc.example',
      notBefore: '2026-03-01T00:00:00+09:00',
      notAfter: '2027-03-01T00:00:00+09:00',
    },
  ),
  '.jsonl',
);

/** For each command: a call that succeeds (or reports, for doctor) and one that fails in a way a person caused. */
const CALLS: Record<string, { ok: string[]; error: string[] }> = {
  sandbox: { ok: ['sandbox', '--help'], error: ['sandbox', '--port', '1'] },
  serve: { ok: ['serve', '--help'], error: ['serve', '--port', '1'] },
  worker: { ok: ['worker', '--help'], error: ['worker', '--now'] },
  sweep: { ok: ['sweep', '--dry-run'], error: ['sweep', '--as-of', 'tomorrow'] },
  answer: { ok: ['answer', '--help'], error: ['answer', '--contract', 'loc-1', '--answer', 'maybe'] },
  doctor: { ok: ['doctor'], error: ['doctor', 'now'] },
  migrate: { ok: ['migrate'], error: ['migrate', '--force'] },
  items: { ok: ['items'], error: ['items', '--item', 'quik'] },
  quote: {
    ok: ['quote', '--item', 'quick-ssl', '--term', '1y'],
    error: ['quote', '--item', 'quick-ssl', '--term', '5y'],
  },
  'cancellation-date': {
    ok: ['cancellation-date', '--received', '2026-09-01T10:00', '--requested', '2026-12-01'],
    error: ['cancellation-date', '--received', '2026-09-01T20:00-05:00[America/New_York]'],
  },
  'cert inspect': { ok: ['cert', 'inspect', cert, '--term', '1y'], error: ['cert', 'inspect', '/nonexistent.pem'] },
  eligibility: {
    ok: ['eligibility', '--item', 'quick-ssl', '--term', '1y', '--country', 'JP'],
    error: ['eligibility', '--item', 'quick-ssl', '--term', '1y', '--country', 'Japan'],
  },
  import: { ok: ['import', records], error: ['import', tempFile('{"type":"customer"}\n', '.jsonl')] },
  contracts: { ok: ['contracts'], error: ['contracts', '--status', 'gone'] },
  'contract show': { ok: ['contract', 'show', 'loc-1'], error: ['contract', 'show', 'nope'] },
  ledger: { ok: ['ledger'], error: ['ledger', '--contract'] },
  cancel: {
    ok: ['cancel', '--contract', 'loc-1', '--received', '2026-11-20T10:00', '--dry-run'],
    error: ['cancel', '--contract', 'loc-1', '--received', '2026-12-20T10:00'],
  },
  'cancel withdraw': {
    ok: ['cancel', 'withdraw', '--contract', 'loc-2', '--dry-run'],
    error: ['cancel', 'withdraw', '--contract', 'loc-1'],
  },
  'cancel correct': {
    ok: ['cancel', 'correct', '--contract', 'loc-2', '--requested', '2027-01-31', '--dry-run'],
    error: ['cancel', 'correct', '--contract', 'loc-2', '--requested', '2027-01-31', '--no-requested'],
  },
  abolish: {
    ok: ['abolish', '--item', 'corporate-ssl', '--from', '2027-02-01', '--dry-run'],
    error: ['abolish', '--item', 'corporate-ssl', '--from', '2020-01-01'],
  },
  'abolish withdraw': {
    ok: ['abolish', 'withdraw', '--item', 'quick-ssl-wildcard', '--dry-run'],
    error: ['abolish', 'withdraw', '--item', 'corporate-ssl'],
  },
  'abolish move': {
    ok: ['abolish', 'move', '--item', 'quick-ssl-wildcard', '--from', '2027-06-01', '--dry-run'],
    error: ['abolish', 'move', '--item', 'quick-ssl-wildcard', '--from', 'someday'],
  },
  audit: { ok: ['audit', '--subject', 'loc-1'], error: ['audit', '--since', 'yesterday'] },
  'csr create': {
    ok: ['csr', 'create', '--contract', 'loc-1'],
    error: ['csr', 'create', '--contract', 'loc-1', '--key-type', 'dsa'],
  },
  'cert attach': { ok: ['cert', 'attach', '--help'], error: ['cert', 'attach', '--contract', 'loc-1', cert] },
  'cert upload': { ok: ['cert', 'upload', '--help'], error: ['cert', 'upload', '--contract', 'loc-1', cert] },
  'cert order': { ok: ['cert', 'order', '--help'], error: ['cert', 'order', '--contract', 'loc-2', '--dry-run'] },
  'issuer set': {
    ok: ['issuer', 'set', 'globalsign', '--acme-directory', 'https://acme.example/directory'],
    error: ['issuer', 'set', 'verisign', '--acme-directory', 'https://acme.example/directory'],
  },
  'issuer show': { ok: ['issuer', 'show'], error: ['issuer', 'show', '--no-such-flag'] },
  check: { ok: ['check'], error: ['check', '--served-at', 'localhost:1'] },
  'keys rotate': { ok: ['keys', 'rotate'], error: ['keys', 'rotate', 'now'] },
  'keys export': { ok: ['keys', 'export', '--help'], error: ['keys', 'export', '--contract', 'loc-1'] },
  'application accept': { ok: ['application', 'accept', '--help'], error: ['application', 'accept', '--no-such-flag'] },
  'application reject': { ok: ['application', 'reject', '--help'], error: ['application', 'reject', '--no-such-flag'] },
  applications: { ok: ['applications', '--help'], error: ['applications', '--no-such-flag'] },
  apply: { ok: ['apply', '--help'], error: ['apply', '--no-such-flag'] },
  'change accept': { ok: ['change', 'accept', '--help'], error: ['change', 'accept', '--no-such-flag'] },
  'change reject': { ok: ['change', 'reject', '--help'], error: ['change', 'reject', '--no-such-flag'] },
  'contact add': { ok: ['contact', 'add', '--help'], error: ['contact', 'add', '--no-such-flag'] },
  'contact remove': { ok: ['contact', 'remove', '--help'], error: ['contact', 'remove', '--no-such-flag'] },
  'customer add': { ok: ['customer', 'add', '--help'], error: ['customer', 'add', '--no-such-flag'] },
  'customer update': { ok: ['customer', 'update', '--help'], error: ['customer', 'update', '--no-such-flag'] },
  'designated-service add': {
    ok: ['designated-service', 'add', '--help'],
    error: ['designated-service', 'add', '--no-such-flag'],
  },
  'designated-service remove': {
    ok: ['designated-service', 'remove', '--help'],
    error: ['designated-service', 'remove', '--no-such-flag'],
  },
  'price agree': { ok: ['price', 'agree', '--help'], error: ['price', 'agree', '--no-such-flag'] },
  'staff add': { ok: ['staff', 'add', '--help'], error: ['staff', 'add', '--no-such-flag'] },
  'staff remove': { ok: ['staff', 'remove', '--help'], error: ['staff', 'remove', '--no-such-flag'] },
};

describe('every command speaks both languages', () => {
  it('covers every command', () => {
    expect(Object.keys(CALLS).sort()).toEqual(COMMANDS.map((c) => c.name).sort());
  });

  it('sets the scene', async () => {
    const env = { ...t.env, CERTDESK_NOW: NOW };
    expect((await certdesk(['import', records], env)).code).toBe(0);
    expect((await certdesk(['cancel', '--contract', 'loc-2', '--received', '2026-11-20T10:00'], env)).code).toBe(0);
    expect((await certdesk(['abolish', '--item', 'quick-ssl-wildcard', '--from', '2027-05-01'], env)).code).toBe(0);
  });

  for (const [name, call] of Object.entries(CALLS)) {
    it(`${name}: output, help and errors in Japanese and in English`, async () => {
      for (const lang of ['ja', 'en'] as const) {
        const env = { ...t.env, CERTDESK_NOW: NOW, CERTDESK_LANG: lang, CERTDESK_MASTER_KEY: MASTER };
        const ok = await certdesk(call.ok, env);
        expect(ok.code, `${lang} ${call.ok.join(' ')}\n${ok.stderr}`).toBe(0);
        const help = await certdesk([...name.split(' '), '--help'], env);
        const error = await certdesk(call.error, env);
        expect(error.code, `${lang} ${call.error.join(' ')}`).not.toBe(0);
        // The clock note goes to stderr in every language; the error is what follows it.
        const errorText = error.stderr
          .split('\n')
          .filter((l) => !l.includes('CERTDESK_NOW'))
          .join('\n');
        for (const [what, text] of [
          ['output', ok.stdout],
          ['help', help.stdout],
          ['error', errorText],
        ] as const) {
          if (lang === 'ja') expect(text, `${name} ${what} in Japanese:\n${text}`).toMatch(JAPANESE);
          else expect(withoutNames(text), `${name} ${what} in English:\n${text}`).not.toMatch(JAPANESE);
        }
      }
    });
  }

  it('the list of commands and the usage errors of the command line itself', async () => {
    expect((await certdesk(['--help'], { CERTDESK_LANG: 'ja' })).stdout).toContain('使い方: certdesk <command>');
    expect((await certdesk(['frobnicate'], { CERTDESK_LANG: 'ja' })).stderr).toContain(
      '「frobnicate」というコマンドはありません',
    );
    expect((await certdesk(['cancel', 'later'], { CERTDESK_LANG: 'ja' })).stderr).toMatch(JAPANESE);
    expect(withoutNames((await certdesk(['--help'], { CERTDESK_LANG: 'en' })).stdout)).not.toMatch(JAPANESE);
  });
});
