import type { App } from '@slack/bolt';
import { z } from 'zod';
import { contractNamedInReply, readRenewalReply } from '../../src/domain/renewal.js';
import { ANSWER, DENIED } from '../../src/i18n/app.js';
import { reasonLine } from '../../src/i18n/messages.js';
import { noticesOfThread, recordAnswer } from '../../src/services/answers.js';
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
const messageId = (message: { channel: string; ts: string }) => `message:${message.channel}:${message.ts}`;

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
    const reply = parsed.data;
    if (readRenewalReply(reply.text).kind === 'other') return;
    const notices = await noticesOfThread(deps.database.db, reply.channel, reply.thread_ts);
    if (notices.length === 0) return;
    // A notice listing several contracts: the reply names the one it answers for.
    const named =
      notices.length > 1
        ? contractNamedInReply(
            reply.text,
            notices.map((n) => n.commonName),
          )
        : { index: 0, rest: reply.text };
    const notice = notices[named?.index ?? 0]!;
    const who = await identifyPerson(deps, client, reply.user, reply.channel);
    const role = mayActFor(who.person, notice.customerId);
    const replyInThread = (text: string) =>
      client.chat.postEphemeral({ channel: reply.channel, user: reply.user, thread_ts: reply.thread_ts, text });
    if (!role) return void (await replyInThread(DENIED.stranger[who.locale]));
    if (!named) return void (await replyInThread(ANSWER.whichContract(notices.map((n) => n.commonName))[who.locale]));
    const reading = readRenewalReply(named.rest);
    // Words about the renewal that are not an answer: say how they were read and what to type.
    if (reading.kind === 'unclear')
      return void (await replyInThread(ANSWER.notAnAnswer(reply.text, reading.leaning, reading.question)[who.locale]));
    if (reading.kind === 'other')
      return void (await replyInThread(ANSWER.notAnAnswer(reply.text, null, false)[who.locale]));
    const answer = reading.answer;
    const result = await recordAnswer(
      deps.database.db,
      {
        cycleId: notice.cycleId,
        answer,
        answeredBy: who.userId,
        actor: `slack:${who.userId}`,
        via: 'thread',
        actingForCustomer: role === 'staff',
        deliveryId: messageId(reply),
      },
      deps.clock(),
    );
    if (!result.ok) return void (await replyInThread(result.reasons.map((x) => reasonLine(x, who.locale)).join('\n')));
    if (result.value.kind === 'duplicate') return;
    await client.reactions.add({ channel: reply.channel, timestamp: reply.ts, name: 'white_check_mark' });
    await deps.requestSweep('answer');
  });
}
