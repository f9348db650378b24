import { DECISION } from '../../i18n/cli.js';
import { bilingual } from '../../i18n/text.js';
import type { Answer } from '../../domain/renewal.js';
import { answerCycleId, recordAnswer, type AnswerResult } from '../../services/answers.js';
import { NotFound } from '../../services/errors.js';
import { optional, required, type Command } from '../command.js';
import { Refusal, UsageError } from '../errors.js';
import { SAY } from '../../i18n/cli.js';
import { instantArg } from '../values.js';
import { instantText, yen } from '../format.js';

export const answerCommand: Command = {
  name: 'answer',
  summary: bilingual(
    '更新のご案内への回答を、契約者に代わって記録します（電話・書面で届いた回答、第6条第2項）',
    "record a customer's answer to a renewal notice for them (an answer by phone or on paper, Art. 6(2))",
  ),
  usage: 'certdesk answer --contract ID --answer renew|dont-renew [--received INSTANT] [--json]',
  help: bilingual(
    `  --contract ID       契約
  --answer ANSWER     renew（更新する）または dont-renew（更新しない）
  --received INSTANT  回答が届いた日時（既定: 現在）。回答期限までに届いたものが有効です。未来の日時は指定できません
回答期限までは、後に届いた回答が先に届いた回答に代わります（記録した順ではありません）。「更新しない」は満了日に契約を終了させます（第9条第1項）。`,
    `  --contract ID       the contract
  --answer ANSWER     renew or dont-renew
  --received INSTANT  when the answer arrived (default: now); it counts if it arrived by the reply deadline; not in the future
Until the deadline the answer that arrived later replaces the earlier one (by arrival, not by when it is recorded). "Don't renew" ends the contract on its expiry date (Art. 9(1)).`,
  ),
  options: { contract: { type: 'string' }, answer: { type: 'string' }, received: { type: 'string' } },
  settings: ['DATABASE_URL'],
  async run(args, ctx) {
    const l = ctx.locale;
    const contractId = required(args, 'contract', bilingual('契約 ID', 'the contract id'));
    const answer = required(args, 'answer', bilingual('renew または dont-renew', 'renew or dont-renew'));
    if (answer !== 'renew' && answer !== 'dont-renew')
      throw new UsageError(
        bilingual(
          `--answer は renew または dont-renew です（「${answer}」）`,
          `--answer must be renew or dont-renew (got "${answer}")`,
        ),
      );
    const receivedText = optional(args, 'received');
    const at = receivedText ? instantArg('received', receivedText) : ctx.now;
    if (at.getTime() > ctx.now.getTime()) throw new UsageError(SAY.answerInFuture);
    const db = await ctx.db();
    // The term the answer was for: one renewed since it arrived keeps it (Art. 6(2)).
    const cycleId = await answerCycleId(db, contractId, at);
    if (!cycleId) throw new NotFound('contract', contractId);
    const r = await recordAnswer(
      db,
      { cycleId, answer, answeredBy: ctx.actor, actor: ctx.actor, via: 'cli', actingForCustomer: true, receivedAt: at },
      ctx.now,
    );
    if (!r.ok) throw new Refusal(r.reasons, { contract: contractId });
    const v = r.value;
    const text = answerText(v, contractId, answer);
    const json = v.kind === 'superseded' ? { ...v, standingReceivedAt: v.standingReceivedAt.toISOString() } : v;
    return { json: { contract: contractId, answer, receivedAt: at.toISOString(), ...json }, text: text[l] };
  },
};

/** What the command says of a recorded answer. */
function answerText(v: AnswerResult, contractId: string, answer: Answer) {
  const said = DECISION[answer];
  switch (v.kind) {
    case 'recorded':
      if (v.corrected) {
        return bilingual(
          `${contractId}: 回答「${said.ja}」を記録しました。回答期限までに届いていたため、記録済みの結果をこの回答どおりに改めました${v.reversed ? `（更新の料金 ${yen(v.reversed)} は取消の記帳）` : ''}。契約者と担当者にお知らせします。`,
          `${contractId}: answer "${said.en}" recorded; it arrived by the reply deadline, so the outcome already recorded is now this answer's${v.reversed ? ` (renewal fees of ${yen(v.reversed)} reversed)` : ''}. The customer and staff are told.`,
        );
      }
      return bilingual(
        `${contractId}: 回答「${said.ja}」を記録しました${v.replaced ? `（「${DECISION[v.replaced].ja}」に代わります）` : ''}。`,
        `${contractId}: answer "${said.en}" recorded${v.replaced ? ` (it replaces "${DECISION[v.replaced].en}")` : ''}.`,
      );
    case 'staff-alerted':
      return bilingual(
        `${contractId}: 回答「${said.ja}」を記録しました。回答期限までに届いた回答ですが、次の有効期間が既に始まっているため結果は改めず、担当者に知らせました。手作業で処理してください。`,
        `${contractId}: answer "${said.en}" recorded; it arrived by the reply deadline, but the renewed term has begun, so the outcome stands and staff are alerted to settle it by hand.`,
      );
    case 'superseded':
      return bilingual(
        `${contractId}: 回答「${said.ja}」を記録しました。ただし、その後 ${instantText(v.standingReceivedAt)} に届いた回答「${DECISION[v.standing].ja}」が有効です（最後に届いた回答が有効）。`,
        `${contractId}: answer "${said.en}" recorded; the answer "${DECISION[v.standing].en}" that arrived later, at ${instantText(v.standingReceivedAt)}, stands (the last answer to arrive counts).`,
      );
    case 'unchanged':
    case 'duplicate':
      return bilingual(
        `${contractId}: 回答「${said.ja}」を記録しました。回答は既に「${said.ja}」のため、変わりません。`,
        `${contractId}: answer "${said.en}" recorded; the answer was already "${said.en}", so nothing changes.`,
      );
  }
}
