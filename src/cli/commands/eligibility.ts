import { jstDateOf } from '../../domain/dates.js';
import { eligibility } from '../../domain/eligibility.js';
import { TERM_NAMES } from '../../domain/terms.js';
import { LABEL, SAY } from '../../i18n/cli.js';
import { noteJson, noteMessage, reasonJson, reasonLine } from '../../i18n/messages.js';
import { bilingual } from '../../i18n/text.js';
import { loadAbolitions } from '../../services/abolitions.js';
import { flag, optional, required, type Command } from '../command.js';
import { EXIT } from '../errors.js';
import { dateText } from '../format.js';
import { certificateArg, countryArg, itemArg, scheduledAbolition, termArg } from '../values.js';

export const eligibilityCommand: Command = {
  name: 'eligibility',
  summary: bilingual(
    '申込ができるかを、すべての理由とともに判定します（第3条、第4条第1項、第7条、第8条）',
    'whether an application may be made (Art. 3, 4(1), 7, 8), with every reason',
  ),
  usage:
    'certdesk eligibility --item CODE --term TERM --country CC [--moved-from-external-server] [--has-designated-service] [--cert FILE] [--common-name NAME] [--transition-exception REASON] [--json]',
  help: bilingual(
    `  --item CODE                     品目コード（または名称）
  --term TERM                     有効期間: 6m, 1y, 2y, 3y, unlimited
  --country CC                    申込組織の国（ISO 3166-1 の2文字の国コード、例: JP）
  --moved-from-external-server    当社が提供し指定するサービス以外のサーバで利用中の証明書を移設する（第7条第1項）
  --has-designated-service        当社が指定するサービスを契約している（第4条第1項、品目区分Ⅱ）
  --cert FILE                     品目区分Ⅲ: 持ち込む証明書（第3条）
  --common-name NAME              証明書が含むべきコモンネーム
  --transition-exception REASON   認証機関の移行期間（第3条ただし書）とその理由
申込できないときは終了コード 3 です。廃止が予定されている品目はその日付を示します（第8条）。`,
    `  --item CODE                     item code (or name)
  --term TERM                     6m, 1y, 2y, 3y or unlimited
  --country CC                    the organisation's country, an ISO 3166-1 two-letter code (JP)
  --moved-from-external-server    the certificate is in use on a server that is not of a service the provider offers and designates, to be moved in (Art. 7(1))
  --has-designated-service        the customer holds a designated provider service (Art. 4(1), category II)
  --cert FILE                     category III: the certificate brought in (Art. 3)
  --common-name NAME              the name the certificate must cover
  --transition-exception REASON   the CA's transition period (Art. 3 proviso), with the reason
Exits 3 when not eligible. An item whose abolition is scheduled says from when (Art. 8).`,
  ),
  options: {
    item: { type: 'string' },
    term: { type: 'string' },
    country: { type: 'string' },
    'moved-from-external-server': { type: 'boolean' },
    'has-designated-service': { type: 'boolean' },
    cert: { type: 'string', file: true },
    'common-name': { type: 'string' },
    'transition-exception': { type: 'string' },
  },
  settings: ['DATABASE_URL'],
  async run(args, ctx) {
    const l = ctx.locale;
    const item = itemArg(required(args, 'item', bilingual('申込む品目', 'the item applied for')));
    const term = termArg(
      required(args, 'term', bilingual('有効期間: 6m, 1y, 2y, 3y, unlimited', 'the term: 6m, 1y, 2y, 3y or unlimited')),
    );
    const country = countryArg(
      required(
        args,
        'country',
        bilingual('申込組織の国（2文字、例: JP）', "the organisation's country (two letters, e.g. JP)"),
      ),
    );
    const certPath = optional(args, 'cert');
    const certificate = certPath ? await certificateArg(certPath) : undefined;
    const abolitions = await loadAbolitions(await ctx.db());
    const e = eligibility(
      {
        item: item.code,
        term,
        country,
        movedFromExternalServer: flag(args, 'moved-from-external-server'),
        hasDesignatedService: flag(args, 'has-designated-service'),
        certificate,
        commonName: optional(args, 'common-name'),
        transitionException: optional(args, 'transition-exception'),
      },
      ctx.now,
      abolitions,
    );
    // An abolition on a later day refuses nothing yet, but whoever applies now should know of it.
    const scheduled = scheduledAbolition(abolitions.get(item.code), jstDateOf(ctx.now));
    const abolitionNote = scheduled
      ? SAY.abolitionScheduled(
          item.code,
          dateText(scheduled.from, 'ja'),
          dateText(scheduled.from, 'en'),
          scheduled.days,
        )
      : undefined;
    const json = {
      item: item.code,
      category: item.category,
      term,
      country,
      eligible: e.eligible,
      reasons: e.reasons.map(reasonJson),
      notes: [
        ...e.notes.map(noteJson),
        ...(abolitionNote && scheduled
          ? [
              {
                code: 'item-abolition-scheduled',
                message: abolitionNote.en,
                messageJa: abolitionNote.ja,
                from: scheduled.from.toString(),
              },
            ]
          : []),
      ],
      abolishedFrom: abolitions.get(item.code)?.toString() ?? null,
    };
    const text = [
      `${(e.eligible ? LABEL.eligible : LABEL.notEligible)[l]}: ${item.name[l]} (${item.code}) · ${TERM_NAMES[term][l]}`,
      ...e.reasons.map((r) => `  ✗ ${reasonLine(r, l)}`),
      ...e.notes.map((n) => `  * ${noteMessage(n, l)}`),
      ...(abolitionNote ? [`  ! ${abolitionNote[l]}`] : []),
    ].join('\n');
    return { json, text, exit: e.eligible ? EXIT.ok : EXIT.refused };
  },
};
