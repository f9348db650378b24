import { stopSignal } from '../../runtime/stop-signal.js';
import { bilingual } from '../../i18n/text.js';
import type { Command } from '../command.js';
import { Failure } from '../errors.js';

export const sandboxCommand: Command = {
  name: 'sandbox',
  summary: bilingual(
    'Slack の代わりをブラウザに開き、本物のアプリとワーカーをデモデータで動かします（初めての方・研修用。127.0.0.1 のみ）',
    'run the real app and workers against a stand-in for Slack in your browser, with demo data (for a first look and for training; 127.0.0.1 only)',
  ),
  usage: 'certdesk sandbox',
  help: bilingual(
    `PORT（既定 3000）の http://127.0.0.1:PORT/ を開くと、スタッフ・契約者・部外者として /cert を入力し、ボタンやモーダルを操作し、時計を進めてご案内・みなし更新・終了を確かめられます。
データは CERTDESK_DATA_DIR（既定 .certdesk）の sandbox フォルダの組み込みデータベースに置き、DATABASE_URL は使いません。初回起動時にデモデータを読み込みます。消すにはそのフォルダを削除してください。
Redis は redis-server があれば専用のものを起動します。なければ REDIS_URL（既定 redis://127.0.0.1:6379）を、データフォルダごとに別のキュー名で使います。
通知メールはサンドボックス専用のメールサーバーに届き、ページの「メール」で読めます（CERTDESK_NOTICE_EMAIL の既定はここでは always: すべての通知をメールでも送ります）。CERTDESK_SMTP_URL を設定すると、そのサーバーに送ります。`,
    `Open http://127.0.0.1:PORT/ (PORT defaults to 3000) to type /cert as staff, a customer's contact or a stranger, click buttons, fill modals, and move the clock to watch notices, default renewals and endings happen.
The data lives in an embedded database in the sandbox folder of CERTDESK_DATA_DIR (.certdesk by default), never at DATABASE_URL; demo data loads on the first start. Delete that folder to start over.
With redis-server installed it starts a private Redis; otherwise it uses REDIS_URL (redis://127.0.0.1:6379 by default) under queue names of its data folder's own.
Notice e-mails go to a mail server of the sandbox's own and can be read in the page's Mailbox panel (CERTDESK_NOTICE_EMAIL defaults to always here: every notice goes by e-mail too). With CERTDESK_SMTP_URL set they go to that server instead.`,
  ),
  options: {},
  settings: [
    'PORT',
    'REDIS_URL',
    'CERTDESK_MASTER_KEY',
    'CERTDESK_NOTICE_DAYS',
    'CERTDESK_REPLY_DAYS',
    'CERTDESK_NOTICE_HOUR',
    'CERTDESK_REMINDER_DAYS',
    'CERTDESK_REISSUE_NOTICE_DAYS',
    'CERTDESK_SLACK_CHANNEL_PACE_MS',
    'CERTDESK_LOG',
    'CERTDESK_LOG_LEVEL',
    'CERTDESK_SMTP_URL',
    'CERTDESK_MAIL_FROM',
    'CERTDESK_NOTICE_EMAIL',
  ],
  async run(_args, ctx) {
    const stopping = stopSignal();
    const l = ctx.locale;
    // Checked with the other settings above; without CERTDESK_SMTP_URL they shape the sandbox's own mailbox.
    const notices = ctx.env.CERTDESK_NOTICE_EMAIL;
    // The sandbox (Bolt, the listeners, the stand-in for Slack) is loaded by this command alone.
    const { SandboxRunning, startSandbox } = await import('../../sandbox/run.js');
    const sandbox = await startSandbox({
      port: ctx.config.port,
      dataDir: ctx.config.dataDir,
      redisUrl: ctx.config.redisUrlSet ? ctx.config.redisUrl : undefined,
      config: ctx.config,
      startAt: ctx.config.now,
      mailbox: {
        from: ctx.env.CERTDESK_MAIL_FROM || undefined,
        notices: notices === 'fallback' || notices === 'always' ? notices : undefined,
      },
      log: (t) => ctx.log.info(t[l]),
      logger: ctx.log,
    }).catch((e: unknown) => {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EADDRINUSE')
        throw new Failure(
          bilingual(
            `ポート ${ctx.config.port} は他のプログラムが使用中です。そのプログラムを止めるか、PORT に別の番号を設定してください`,
            `port ${ctx.config.port} is in use by another program: stop it, or set PORT to another port`,
          ),
        );
      if (e instanceof SandboxRunning) throw new Failure(e.text);
      throw e;
    });
    process.stdout.write(
      `${bilingual(`certdesk サンドボックス: ブラウザで ${sandbox.url}/ を開いてください（Ctrl+C で停止）`, `certdesk sandbox: open ${sandbox.url}/ in your browser (Ctrl+C stops it)`)[l]}\n`,
    );
    const signal = await stopping;
    await sandbox.close();
    return {
      json: { stopped: signal, url: sandbox.url },
      text: `certdesk sandbox: ${bilingual(`停止しました（${signal}）`, `stopped (${signal})`)[l]}`,
    };
  },
};
