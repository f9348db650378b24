import { DECISION } from '../../i18n/cli.js';
import { bi } from '../../i18n/text.js';
import { currentCycleId, recordAnswer } from '../../services/answers.js';
import { NotFound } from '../../services/errors.js';
import { optional, required, type Command } from '../command.js';
import { Refusal, UsageError } from '../errors.js';
import { SAY } from '../../i18n/cli.js';
import { instantArg } from '../values.js';

export const answerCommand: Command = {
  name: 'answer',
  summary: bi('更新のご案内への回答を、契約者に代わって記録します（電話・書面で届いた回答、第6条第2項）', "record a customer's answer to a renewal notice for them (an answer by phone or on paper, Art. 6(2))"),
  usage: 'certdesk answer --contract ID --answer renew|dont-renew [--received INSTANT] [--json]',
  help: bi(
    `  --contract ID       契約
  --answer ANSWER     renew（更新する）または dont-renew（更新しない）
  --received INSTANT  回答が届いた日時（既定: 現在）。回答期限までに届いたものが有効です。未来の日時は指定できません
回答期限までは後の回答が前の回答に代わります。「更新しない」は満了日に契約を終了させます（第9条第1項）。`,
    `  --contract ID       the contract
  --answer ANSWER     renew or dont-renew
  --received INSTANT  when the answer arrived (default: now); it counts if it arrived by the reply deadline; not in the future
Until the deadline a later answer replaces an earlier one. "Don't renew" ends the contract on its expiry date (Art. 9(1)).`,
  ),
  options: { contract: { type: 'string' }, answer: { type: 'string' }, received: { type: 'string' } },
  settings: ['DATABASE_URL'],
  async run(args, ctx) {
    const l = ctx.locale;
    const contractId = required(args, 'contract', bi('契約 ID', 'the contract id'));
    const answer = required(args, 'answer', bi('renew または dont-renew', 'renew or dont-renew'));
    if (answer !== 'renew' && answer !== 'dont-renew') throw new UsageError(bi(`--answer は renew または dont-renew です（「${answer}」）`, `--answer must be renew or dont-renew (got "${answer}")`));
    const receivedText = optional(args, 'received');
    const at = receivedText ? instantArg('received', receivedText) : ctx.now;
    if (at.getTime() > ctx.now.getTime()) throw new UsageError(SAY.answerInFuture);
    const db = await ctx.db();
    const cycleId = await currentCycleId(db, contractId);
    if (!cycleId) throw new NotFound('contract', contractId);
    const r = await recordAnswer(db, { cycleId, answer, answeredBy: ctx.actor, actor: ctx.actor, via: 'cli', actingForCustomer: true }, at);
    if (!r.ok) throw new Refusal(r.reasons, { contract: contractId });
    const v = r.value;
    const text =
      v.kind === 'recorded'
        ? bi(`${contractId}: 回答「${DECISION[answer].ja}」を記録しました${v.replaced ? `（「${DECISION[v.replaced].ja}」に代わります）` : ''}。`, `${contractId}: answer "${DECISION[answer].en}" recorded${v.replaced ? ` (it replaces "${DECISION[v.replaced].en}")` : ''}.`)
        : bi(`${contractId}: 回答は既に「${DECISION[answer].ja}」です。何も変更していません。`, `${contractId}: the answer is already "${DECISION[answer].en}"; nothing changed.`);
    return { json: { contract: contractId, answer, ...v }, text: text[l] };
  },
};
