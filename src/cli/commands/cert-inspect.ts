import {
  fittingTerm,
  fitsTerm,
  isExpired,
  isNotYetValid,
  passesNinetyDayRule,
  validityDays,
  validitySeconds,
} from '../../domain/certificate.js';
import { jstDateOf } from '../../domain/dates.js';
import { TERM_NAMES } from '../../domain/terms.js';
import { LABEL } from '../../i18n/cli.js';
import { bilingual, type Locale } from '../../i18n/text.js';
import { optional, type Command } from '../command.js';
import { dateText, fields, instantText } from '../format.js';
import { certificateArg, termArg } from '../values.js';

/**
 * A validity period for people: whole days, then the hours, minutes and seconds left over, as
 * RFC 5280 counts it (notBefore through notAfter, both included: 365 days to the second is
 * 365 days and 1 second).
 */
export function periodText(seconds: number, l: Locale): string {
  const days = Math.floor(seconds / 86_400);
  const rest = [Math.floor((seconds % 86_400) / 3600), Math.floor((seconds % 3600) / 60), seconds % 60] as const;
  const units = l === 'ja' ? (['時間', '分', '秒'] as const) : (['h', 'min', 's'] as const);
  const parts = rest.flatMap((n, i) => (n ? [l === 'ja' ? `${n}${units[i]}` : `${n} ${units[i]}`] : []));
  if (l === 'ja') return `${days}日${parts.length ? `と${parts.join('')}` : ''}`;
  return `${days} ${days === 1 ? 'day' : 'days'}${parts.length ? ` ${parts.join(' ')}` : ''}`;
}

export const certInspectCommand: Command = {
  name: 'cert inspect',
  summary: bilingual(
    '証明書を読みます: 名前、有効期間、適合する有効期間（第3条）、90日ルール（第6条第3項）',
    'read a certificate: names, validity, the term it fits (Art. 3) and the 90-day rule (Art. 6(3))',
  ),
  usage: 'certdesk cert inspect FILE [--term TERM] [--json]',
  help: bilingual(
    `  FILE          PEM（または DER）の証明書（1 MiB までの通常のファイル）。チェーンなら先頭の証明書を読みます
  --term TERM   この有効期間に適合するかも表示します（6m, 1y, 2y, 3y, unlimited）
期限切れや有効期間開始前の証明書も読みます。証明書でないものだけを拒否します。`,
    `  FILE          a PEM (or DER) certificate, a regular file of at most 1 MiB; of a chain, the first certificate is read
  --term TERM   also say whether it fits this term (6m, 1y, 2y, 3y, unlimited)
Reads any certificate, expired or not yet valid; refuses only what is not a certificate.`,
  ),
  options: { term: { type: 'string' } },
  positionals: { min: 1, max: 1, what: bilingual('証明書のファイル', 'the certificate file'), files: true },
  settings: [],
  async run(args, ctx) {
    const l = ctx.locale;
    const termText = optional(args, 'term');
    const term = termText ? termArg(termText) : undefined;
    const c = await certificateArg(args.positionals[0]!);
    const expired = isExpired(c, ctx.now);
    const notYetValid = isNotYetValid(c, ctx.now);
    const fitting = fittingTerm(c);
    const json = {
      commonName: c.commonName,
      sans: c.sans,
      issuer: c.issuer,
      serial: c.serial,
      notBefore: c.notBefore.toISOString(),
      notAfter: c.notAfter.toISOString(),
      notBeforeJst: jstDateOf(c.notBefore).toString(),
      notAfterJst: jstDateOf(c.notAfter).toString(),
      validityDays: validityDays(c),
      validitySeconds: validitySeconds(c),
      fittingTerm: fitting,
      ...(term ? { term, fitsTerm: fitsTerm(c, term) } : {}),
      renewable: passesNinetyDayRule(c),
      expired,
      notYetValid,
      keyType: c.keyType,
      keyBits: c.keyBits,
      fingerprintSha256: c.fingerprintSha256,
    };
    const state = expired
      ? bilingual(`期限切れ（${instantText(c.notAfter)} に失効）`, `EXPIRED (since ${instantText(c.notAfter)})`)
      : notYetValid
        ? bilingual(
            `有効期間開始前（${instantText(c.notBefore)} から有効）`,
            `NOT YET VALID (valid from ${instantText(c.notBefore)})`,
          )
        : bilingual(`有効（${instantText(c.notAfter)} まで）`, `valid (until ${instantText(c.notAfter)})`);
    const ninety = json.renewable
      ? bilingual('満たす（90日を超える）', 'passes (more than 90 days)')
      : bilingual(
          '満たさない（90日以内のため、この証明書では更新できません）',
          'fails (90 days or less: it cannot renew a contract)',
        );
    const unusable = expired
      ? bilingual(' — ただし証明書は期限切れです', ' — but the certificate has expired')
      : notYetValid
        ? bilingual(' — ただし証明書はまだ有効ではありません', ' — but the certificate is not valid yet')
        : bilingual('', '');
    const yesNo = (b: boolean) => (b ? LABEL.yes : LABEL.no)[l];
    const text = fields([
      [LABEL.certificateState[l], state[l]],
      [LABEL.commonName[l], c.commonName ?? '—'],
      [LABEL.sans[l], c.sans.join(', ') || '—'],
      [LABEL.issuer[l], c.issuer],
      [LABEL.serial[l], c.serial],
      [LABEL.notBefore[l], `${instantText(c.notBefore)} · ${dateText(jstDateOf(c.notBefore), l)}`],
      [LABEL.notAfter[l], `${instantText(c.notAfter)} · ${dateText(jstDateOf(c.notAfter), l)}`],
      [
        LABEL.validity[l],
        `${periodText(json.validitySeconds, l)}${l === 'ja' ? '（開始と終了の両端を含む、RFC 5280）' : ' (both ends included, RFC 5280)'}`,
      ],
      [LABEL.fittingTerm[l], fitting ? TERM_NAMES[fitting][l] : '—'],
      ...(term
        ? ([[l === 'ja' ? `${TERM_NAMES[term].ja}に適合` : `Fits ${TERM_NAMES[term].en}`, yesNo(json.fitsTerm!)]] as [
            string,
            string,
          ][])
        : []),
      [LABEL.ninetyDayRule[l], `${ninety[l]}${unusable[l]}`],
      [LABEL.key[l], `${c.keyType}${c.keyBits ? ` ${c.keyBits}` : ''}`],
      [LABEL.fingerprint[l], c.fingerprintSha256],
    ]);
    return { json, text };
  },
};
