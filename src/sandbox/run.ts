// `certdesk sandbox`: the real app and the real workers, with a stand-in for Slack in the same
// process, on one machine and nothing else. The app is the one `serve` runs (Bolt behind certdesk's
// HTTP server, signature checked), its Web API client points at the stand-in, and the workers run
// on a clock the page can move forward, so notices, deadlines, renewals and endings happen on it.
// Notices by e-mail (Art. 6(1)) go to a mail server of the sandbox's own, whose messages the page
// shows in its Mailbox panel, unless CERTDESK_SMTP_URL names a server to send them to.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { join, resolve } from 'node:path';
import { count } from 'drizzle-orm';
import { registerListeners } from '../../commands/index.js';
import { startScheduler, type Scheduler } from '../../jobs/workers.js';
import { sweepOnce } from '../../jobs/work.js';
import type { Config } from '../config.js';
import { parseMasterKey, type MasterKey } from '../crypto/custody.js';
import { openDatabase, type Database } from '../db/client.js';
import { openEmbedded, type EmbeddedDatabase } from '../db/embedded.js';
import { migrateToLatest } from '../db/migrate.js';
import { customers } from '../db/schema.js';
import { jstDateOf, jstInstantAt, jstWallClock } from '../domain/dates.js';
import { createHttpServer, type Route } from '../http/server.js';
import { bilingual, type Bilingual } from '../i18n/text.js';
import { createLog, type Log } from '../log.js';
import { ensureRedis, findRedisServer, type RunningRedis } from '../runtime/redis.js';
import { addDesignatedService } from '../services/designated-services.js';
import { importRecords } from '../services/import.js';
import { createSlackApp } from '../slack/app.js';
import { slackClient } from '../slack/client.js';
import { LocaleCache } from '../slack/locale.js';
import { DEMO_CHANNELS, DEMO_SERVICE, DEMO_STAFF_CHANNEL, DEMO_USERS, demoRecords } from './demo.js';
import { KeptMail, SANDBOX_MAIL_FROM, serverOf, type SavedMail } from './mail-panel.js';
import { startMailbox, type Mailbox } from './mailbox.js';
import { startSandboxStandin, type SandboxClock, type SlackStandin } from './slack-standin.js';
import type { SavedWorkspace } from './workspace.js';

export interface SandboxOptions {
  /** The page's port (0: any free one). */
  port: number;
  /** The sandbox keeps its database under <dataDir>/sandbox, apart from any other. */
  dataDir: string;
  /** REDIS_URL when it was set. */
  redisUrl?: string;
  /** The settings the app and workers run with; Slack's are replaced by the stand-in's. */
  config: Config;
  /** Where the clock starts (CERTDESK_NOW), else the real time. */
  startAt?: Date;
  /** How often the workers sweep (the sandbox also sweeps whenever the clock moves). */
  sweepEveryMs?: number;
  /**
   * The sandbox's own mailbox, used unless `config.mail` names a server: whom the e-mails are from
   * (CERTDESK_MAIL_FROM; SANDBOX_MAIL_FROM by default) and which notices go there too
   * (CERTDESK_NOTICE_EMAIL; by default 'always', so every notice can be read as its e-mail).
   */
  mailbox?: { from?: string | undefined; notices?: 'fallback' | 'always' | undefined };
  log: (line: Bilingual) => void;
  /** The log of the app and the workers; by default JSON lines through `log`. */
  logger?: Log;
}

export interface Sandbox {
  /** The page. */
  url: string;
  standin: SlackStandin;
  database: Database;
  clock: SandboxClock & { now(): Date };
  /** The e-mails the page shows (none arrive when CERTDESK_SMTP_URL sends them elsewhere). */
  mail: KeptMail;
  /** The sandbox's own mail server; absent when CERTDESK_SMTP_URL names another. */
  mailbox?: Mailbox;
  close: () => Promise<void>;
}

/** The sandbox is already running on this data folder. */
export class SandboxRunning extends Error {
  constructor(readonly text: Bilingual) {
    super(text.en);
  }
}

/** A clock that starts where it is told and moves only forward, by an offset from the real one. */
export class MovableClock {
  private offsetMs: number;
  constructor(start: Date = new Date()) {
    this.offsetMs = start.getTime() - Date.now();
  }
  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
  /** Sets the clock to `instant`; moving back would undo what already happened, so it is refused. */
  set(instant: Date): void {
    const now = this.now();
    if (instant.getTime() < now.getTime()) {
      throw new Error(
        `The clock only moves forward: it is ${jstWallClock(now)} JST, and what happened until then stays recorded.`,
      );
    }
    this.offsetMs = instant.getTime() - Date.now();
  }
}

/** The sandbox's own master key for the keys it makes: created once, kept in its folder. */
function sandboxMasterKey(dir: string): MasterKey {
  const file = join(dir, 'master.key');
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString('base64'), { mode: 0o600, flag: 'wx' });
  const r = parseMasterKey(readFileSync(file, 'utf8').trim());
  if (!r.ok) throw new Error(`${file} is not a master key (${r.code}); delete it to have a new one made`);
  return r.masterKey;
}

async function listen(server: Server, port: number): Promise<number> {
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(port, '127.0.0.1', () => ok());
  });
  return (server.address() as { port: number }).port;
}

export async function startSandbox(o: SandboxOptions): Promise<Sandbox> {
  const dir = join(o.dataDir, 'sandbox');
  mkdirSync(dir, { recursive: true });
  const stops: (() => Promise<unknown>)[] = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch(() => {});
    stops.length = 0;
  };
  try {
    // PGlite creates a new database in some tens of seconds: say so, or the first start looks stuck.
    if (!existsSync(join(dir, 'pgdata')))
      o.log(
        bilingual(
          '初回起動: 組み込みデータベースを作成しています（1分ほどかかることがあります）…',
          'first start: creating the embedded database (this can take a minute)…',
        ),
      );
    const embedded: EmbeddedDatabase = await openEmbedded(dir, { server: true });
    stops.push(embedded.stop);
    if (!embedded.owner) {
      throw new SandboxRunning(
        bilingual(
          `このフォルダのサンドボックスは既に動いています（${dir}）。そのプロセスを止めるか、CERTDESK_DATA_DIR に別のフォルダを指定してください`,
          `a sandbox is already running on ${dir}: stop it, or set CERTDESK_DATA_DIR to another folder`,
        ),
      );
    }
    await migrateToLatest(embedded.url);
    const database = openDatabase(embedded.url, { max: 8 });
    stops.push(() => database.close());

    // A private Redis when one can be started: the sandbox's jobs never reach another run's workers.
    let redis: RunningRedis;
    if (!o.redisUrl && findRedisServer()) redis = await ensureRedis(undefined, dir, o.log, { privateOnly: true });
    else redis = await ensureRedis(o.redisUrl, dir, o.log);
    stops.push(redis.stop);

    // The clock resumes where the sandbox left it (what happened stays in its past); a first run
    // starts no earlier than today's notice hour, so the first notices go out at once.
    const firstRun = (await database.db.select({ n: count() }).from(customers))[0]!.n === 0;
    const clockFile = join(dir, 'clock.json');
    const saved = existsSync(clockFile)
      ? new Date(JSON.parse(readFileSync(clockFile, 'utf8')).now as string)
      : undefined;
    const wanted = o.startAt ?? new Date();
    const noticeHour = jstInstantAt(jstDateOf(wanted), o.config.renewalPolicy.noticeHour);
    const start = [
      wanted,
      ...(saved && !Number.isNaN(saved.getTime()) ? [saved] : []),
      ...(firstRun ? [noticeHour] : []),
    ].reduce((a, b) => (a.getTime() >= b.getTime() ? a : b));
    const clock = new MovableClock(start);
    const saveClock = () => writeFileSync(clockFile, JSON.stringify({ now: clock.now().toISOString() }));
    saveClock();
    stops.push(async () => saveClock());
    if (firstRun) {
      const now = clock.now();
      await addDesignatedService(database.db, { ...DEMO_SERVICE, actor: 'sandbox' }, now);
      const imported = await importRecords(database.db, demoRecords(jstDateOf(now)), 'sandbox', now, {
        policy: o.config.renewalPolicy,
      });
      if (!imported.ok) throw new Error(`the demo data did not import: ${JSON.stringify(imported)}`);
      o.log(
        bilingual(
          `デモデータを読み込みました（${jstDateOf(now)} 時点）`,
          `demo data loaded (dated from ${jstDateOf(now)})`,
        ),
      );
    }

    // The app's own server, on a port of its own; Slack (the stand-in) sends it signed requests.
    const routes: Route[] = [];
    const appServer = createHttpServer({ readiness: async () => [], routes });
    const appPort = await listen(appServer, 0);
    stops.push(() => new Promise((r) => appServer.close(r)));

    const signingSecret = randomBytes(24).toString('hex');
    const botToken = `xoxb-sandbox-${randomBytes(12).toString('hex')}`;
    // Set once the stand-in is up (the app's settings need its address); moveTo is only called after.
    const late: { config?: Config; scheduler?: Scheduler; standin?: SlackStandin } = {};

    // E-mail: the server CERTDESK_SMTP_URL names, or a mailbox of the sandbox's own that the page shows.
    let mailbox: Mailbox | undefined;
    let kept: KeptMail;
    if (o.config.mail) {
      const { smtpUrl, from } = o.config.mail;
      // As with its own mailbox: every notice by e-mail too, unless CERTDESK_NOTICE_EMAIL says otherwise.
      kept = new KeptMail({ to: 'server', server: serverOf(smtpUrl), from, notices: o.mailbox?.notices ?? 'always' });
    } else {
      mailbox = await startMailbox({
        onMessage: (m) => {
          kept.add(m, clock.now());
          late.standin?.workspace.changed();
        },
      });
      stops.push(mailbox.close);
      kept = new KeptMail({
        to: 'mailbox',
        server: serverOf(mailbox.url),
        from: o.mailbox?.from ?? SANDBOX_MAIL_FROM,
        notices: o.mailbox?.notices ?? 'always',
      });
    }
    const mailFile = join(dir, 'mail.json');
    if (mailbox && existsSync(mailFile)) {
      try {
        kept.restore(JSON.parse(readFileSync(mailFile, 'utf8')) as SavedMail);
      } catch {
        o.log(
          bilingual(
            `${mailFile} を読めないため、メールボックスは空から始まります`,
            `${mailFile} could not be read: the mailbox starts empty`,
          ),
        );
      }
    }
    const mailSettings: Config['mail'] = mailbox
      ? { smtpUrl: mailbox.url, from: kept.route.from, notices: kept.route.notices }
      : o.config.mail && { ...o.config.mail, notices: kept.route.notices };
    o.log(
      mailbox
        ? bilingual(
            `メール: 通知メールはサンドボックスのメールボックス（${mailbox.url}）に届き、ページの「メール」に表示されます（CERTDESK_NOTICE_EMAIL=${kept.route.notices}）`,
            `e-mail: notices go to the sandbox's own mailbox (${mailbox.url}), shown in the page's Mailbox panel (CERTDESK_NOTICE_EMAIL=${kept.route.notices})`,
          )
        : bilingual(
            `メール: 通知メールは CERTDESK_SMTP_URL のサーバー（${kept.route.server}）に送られます`,
            `e-mail: notices go to the server CERTDESK_SMTP_URL names (${kept.route.server})`,
          ),
    );
    const moveTo = async (instant: Date) => {
      clock.set(instant);
      saveClock();
      // Everything due by then happens now, before the page redraws; the workers carry on from there.
      await sweepOnce({ database, slack: slackClient(late.config!), config: late.config! }, clock.now());
      await late.scheduler?.requestSweep('clock');
    };
    const standin = await startSandboxStandin({
      port: o.port,
      appUrl: `http://127.0.0.1:${appPort}`,
      signingSecret,
      botToken,
      users: DEMO_USERS,
      channels: DEMO_CHANNELS,
      clock: { now: () => clock.now(), moveTo },
      log: (line) => o.log(bilingual(line, line)),
      mail: kept,
    });
    late.standin = standin;
    stops.push(() => standin.close());
    // The channels' messages are kept with the data, as the clock is: a restart shows the same conversations.
    const messagesFile = join(dir, 'messages.json');
    if (existsSync(messagesFile)) {
      try {
        standin.workspace.restore(JSON.parse(readFileSync(messagesFile, 'utf8')) as SavedWorkspace);
      } catch {
        o.log(
          bilingual(
            `${messagesFile} を読めないため、チャンネルは空から始まります`,
            `${messagesFile} could not be read: the channels start empty`,
          ),
        );
      }
    }
    let savedVersion = standin.workspace.version;
    let savedMail = kept.version;
    const saveMessages = () => {
      if (mailbox && kept.version !== savedMail) {
        savedMail = kept.version;
        writeFileSync(mailFile, JSON.stringify(kept.saved()));
      }
      if (standin.workspace.version === savedVersion) return;
      savedVersion = standin.workspace.version;
      writeFileSync(messagesFile, JSON.stringify(standin.workspace.saved()));
    };
    const saver = setInterval(saveMessages, 2_000);
    saver.unref();
    stops.push(async () => {
      clearInterval(saver);
      saveMessages();
    });
    const config: Config = {
      ...o.config,
      slack: { botToken, signingSecret, apiUrl: standin.apiUrl, appToken: undefined },
      staffChannel: DEMO_STAFF_CHANNEL,
      masterKey: o.config.masterKey ?? sandboxMasterKey(dir),
      mail: mailSettings,
    };
    const log = o.logger ?? createLog({ write: (line) => o.log(bilingual(line, line)) });
    const scheduler = await startScheduler(
      { database, slack: slackClient(config, undefined, log), config },
      {
        redisUrl: redis.url,
        clock: () => clock.now(),
        log,
        // Queue names of this folder's own: two sandboxes sharing a Redis (REDIS_URL) never take each other's jobs.
        prefix: `certdesk-sandbox-${createHash('sha256').update(resolve(dir)).digest('hex').slice(0, 12)}`,
        checks: false,
        sweepEveryMs: o.sweepEveryMs ?? 15_000,
      },
    );
    late.config = config;
    late.scheduler = scheduler;
    stops.push(() => scheduler.close());
    const deps = {
      database,
      config,
      clock: () => clock.now(),
      requestSweep: scheduler.requestSweep,
      locales: new LocaleCache(),
    };
    const slack = createSlackApp(config, (app, failed) => registerListeners(app, { ...deps, failed }), log);
    // The server stops taking requests, then what was acknowledged is done, before the scheduler
    // and the database stop (stops run last first).
    stops.push(async () => {
      await new Promise((r) => appServer.close(r));
      await slack.stop();
    });
    if (slack.route) routes.push(slack.route);
    // The first notices (and anything else due) go out before the page is shown.
    await sweepOnce({ database, slack: slackClient(config), config }, clock.now());
    return {
      url: standin.url,
      standin,
      database,
      clock: Object.assign(clock, { moveTo }),
      mail: kept,
      ...(mailbox ? { mailbox } : {}),
      close: stopAll,
    };
  } catch (e) {
    await stopAll();
    throw e;
  }
}
