// What certdesk says by e-mail (Art. 6(1)): a renewal notice Slack would not take, or every notice
// with CERTDESK_NOTICE_EMAIL=always. The notice's own words are the Slack notice's (./slack.ts).
import { jaDate } from './slack.js';
import { bilingual } from './text.js';

export const MAIL = {
  subject: (commonName: string) => bilingual(`【更新のご案内】${commonName}`, `Renewal notice: ${commonName}`),
  reminderSubject: (commonName: string) =>
    bilingual(`【ご回答のお願い】${commonName} の更新`, `Reminder: please answer about renewing ${commonName}`),
  /** Why this came by e-mail. */
  why: {
    fallback: bilingual(
      'このご案内は Slack のチャンネルにお届けできなかったため、ご登録のメールアドレスにお送りしています。',
      'This notice could not be delivered in your Slack channel, so it comes to the address you registered.',
    ),
    reminder: (deadline: string) =>
      bilingual(
        `更新するかどうかのご回答をまだいただいていないため、改めてお知らせします。回答期限は ${jaDate(deadline)} です。`,
        `We have not yet had your answer on whether to renew, so we remind you: the reply deadline is ${deadline}.`,
      ),
    noChannel: bilingual(
      'このご案内は、ご登録のメールアドレスにお送りしています。',
      'This notice comes to the address you registered.',
    ),
    always: bilingual(
      'このご案内は Slack のチャンネルと、ご登録のメールアドレスの両方にお送りしています。',
      'This notice goes both to your Slack channel and to the address you registered.',
    ),
  },
  howToAnswer: bilingual('ご回答の方法', 'How to answer'),
  inSlack: bilingual(
    'Slack のチャンネルのご案内で「更新する」「更新しない」のボタンを押すか、ご案内のスレッドに「更新する」「更新しない」と返信してください。',
    'In your Slack channel, press "Renew" or "Don\'t renew" on the notice, or reply "renew" or "don\'t renew" in its thread.',
  ),
  byReply: (address: string) =>
    bilingual(
      `このメールに「更新する」または「更新しない」とご返信いただくこともできます（${address}）。期限までに届いたご回答は、当社が記録します。`,
      `You can also reply to this e-mail (${address}) with "renew" or "don't renew". An answer that reaches us by the deadline is recorded by our staff.`,
    ),
  byReplyOnly: (address: string) =>
    bilingual(
      `このメールに「更新する」または「更新しない」とご返信ください（${address}）。期限までに届いたご回答は、当社が記録します。`,
      `Reply to this e-mail (${address}) with "renew" or "don't renew". An answer that reaches us by the deadline is recorded by our staff.`,
    ),
  footer: bilingual(
    'このメールは証明書管理サービスから自動でお送りしています。',
    'This e-mail is sent automatically by the certificate management service.',
  ),
} as const;
