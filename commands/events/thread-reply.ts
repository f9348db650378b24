import type { App } from '@slack/bolt';
import { z } from 'zod';
import { readRenewalReply } from '../../src/domain/renewal.js';
import { ANSWER, DENIED } from '../../src/i18n/app.js';
import { reasonLine } from '../../src/i18n/messages.js';
import { noticeOfThread, recordAnswer } from '../../src/services/answers.js';
import { mayActFor } from '../../src/services/people.js';
import { identifyPerson, type AppDeps } from '../context.js';

const Reply = z.object({
  channel: z.string(),
  user: z.string(),
  text: z.string().default(''),
  ts: z.string(),
  thread_ts: z.string(),
  subtype: z.string().optional(),
  bot_id: z.string().optional(),
});

/**
 * A message is one answer however many deliveries bring it (a retry, a new event id, a broadcast
 * copy): Slack's id of a message is its channel and ts.
 */
const messageId = (m: { channel: string; ts: string }) => `message:${m.channel}:${m.ts}`;

/**
 * A reply typed in a notice's thread (更新する / 更新しない / renew / don't renew) counts as the
 * buttons do; a ✓ reaction confirms it. Words about the renewal that are not an answer (a question,
 * 「やっぱり更新します」) are told what to type; other talk is not certdesk's business.
 */
export function register(app: App, deps: AppDeps): void {
  app.message(async ({ message, client }) => {
    const parsed = Reply.safeParse(message);
    // A reply "also sent to the channel" arrives as thread_broadcast; edits, joins and bots are not answers.
    if (!parsed.success || (parsed.data.subtype && parsed.data.subtype !== 'thread_broadcast') || parsed.data.bot_id)
      return;
    const m = parsed.data;
    const reading = readRenewalReply(m.text);
    if (reading.kind === 'other') return;
    const notice = await noticeOfThread(deps.database.db, m.channel, m.thread_ts);
    if (!notice) return;
    const w = await identifyPerson(deps, client, m.user, m.channel);
    const role = mayActFor(w.person, notice.customerId);
    const reply = (text: string) =>
      client.chat.postEphemeral({ channel: m.channel, user: m.user, thread_ts: m.thread_ts, text });
    if (!role) return void (await reply(DENIED.stranger[w.locale]));
    // Words about the renewal that are not an answer: say how they were read and what to type.
    if (reading.kind === 'unclear')
      return void (await reply(ANSWER.notAnAnswer(m.text, reading.leaning, reading.question)[w.locale]));
    const answer = reading.answer;
    const r = await recordAnswer(
      deps.database.db,
      {
        cycleId: notice.cycleId,
        answer,
        answeredBy: w.userId,
        actor: `slack:${w.userId}`,
        via: 'thread',
        actingForCustomer: role === 'staff',
        deliveryId: messageId(m),
      },
      deps.clock(),
    );
    if (!r.ok) return void (await reply(r.reasons.map((x) => reasonLine(x, w.locale)).join('\n')));
    if (r.value.kind === 'duplicate') return;
    await client.reactions.add({ channel: m.channel, timestamp: m.ts, name: 'white_check_mark' });
    await deps.requestSweep('answer');
  });
}
