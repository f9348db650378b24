// serve stops without losing what it acknowledged: the work after an ack (src/slack/after-acks.ts)
// still waiting when SIGTERM comes goes on at once, and serve exits once it is done.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { jsonl } from '../support/cli.js';
import { testRedisUrl, useFreshDatabase } from '../support/databases.js';
import { slashCommand } from '../support/slack/requests.js';
import { useServedApp } from '../support/slack/served-app.js';

const t = useFreshDatabase();
const STAFF = 'U0STAFF';
const CHANNEL = 'C0STAFF';

const app = useServedApp({
  dbEnv: () => t.env,
  records: jsonl({ type: 'staff', slackUserId: STAFF, name: '山田 花子' }),
  secret: randomBytes(16).toString('hex'),
  redisUrl: testRedisUrl(5),
  now: '2026-11-11T09:00+09:00',
  staffChannel: CHANNEL,
  users: { [STAFF]: { locale: 'en-US' } },
});

describe('serve on SIGTERM', () => {
  it('answers the quotes it acknowledged before it exits', async () => {
    const responseUrl = app.fake.responseUrl({ channel: CHANNEL, user: STAFF });
    const quote = () =>
      app.send(
        'command',
        slashCommand({ command: '/cert', text: 'quote quick-ssl 1y', userId: STAFF, channelId: CHANNEL, responseUrl }),
      );
    const acks = await Promise.all([quote(), quote(), quote()]);
    expect(acks.map((a) => a.status)).toEqual([200, 200, 200]);
    expect(await app.stop()).toBe(0);
    const answers = app.fake.responsesTo(responseUrl);
    expect(answers, app.log).toHaveLength(3);
    for (const a of answers) expect(JSON.stringify(a)).toContain('Quick');
  });
});
