// A message Slack keeps refusing is not retried forever: when its retries are spent it is marked
// failed, and staff are told what failed and for whom.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outbox } from '../../src/db/schema.js';
import { certdesk, jsonl, tempFile } from '../support/cli.js';
import { useFreshDatabase } from '../support/databases.js';
import { startFakeSlack, type FakeSlack } from '../support/slack/fake-slack.js';

const t = useFreshDatabase();
let fake: FakeSlack;
beforeAll(async () => {
  fake = await startFakeSlack({ tokens: ['xoxb-test'] });
});
afterAll(() => fake.close());

describe('retries spent', () => {
  it('the message is failed, staff are alerted with the contract and what failed, and nothing else is lost', async () => {
    const records = jsonl(
      { type: 'customer', id: 'fail', name: 'Fail Ltd', country: 'JP', channel: 'C0FAIL', contacts: ['U0ALICE'] },
      {
        type: 'contract',
        id: 'fail-www',
        customer: 'fail',
        item: 'quick-ssl',
        term: '1y',
        commonName: 'www.fail.example',
        notBefore: '2026-01-11T00:00:00+09:00',
        notAfter: '2027-01-10T23:59:59+09:00',
      },
    );
    expect(
      (await certdesk(['import', tempFile(records, '.jsonl')], { ...t.env, CERTDESK_NOW: '2026-10-01T10:00+09:00' }))
        .code,
    ).toBe(0);
    // The notice and the staff digest each fail three times (a Slack error that a retry might mend).
    fake.fail('chat.postMessage', { times: 6, error: 'internal_error' });
    const r = await certdesk(['sweep', '--json'], {
      ...t.env,
      CERTDESK_NOW: '2026-11-11T09:00+09:00',
      SLACK_BOT_TOKEN: 'xoxb-test',
      SLACK_API_URL: fake.apiUrl,
      CERTDESK_STAFF_CHANNEL: 'C0STAFF',
    });
    expect(r.code).toBe(0);
    const rows = await t.db.db.select().from(outbox);
    expect(rows.find((o) => o.key === 'notice:1')).toMatchObject({
      status: 'failed',
      lastError: expect.stringContaining('internal_error'),
    });
    const alert = rows.find((o) => o.key === 'alert:delivery-failed:' + rows.find((x) => x.key === 'notice:1')!.id);
    expect(alert).toMatchObject({ status: 'sent', contractId: 'fail-www' });
    const [posted] = fake.messagesIn('C0STAFF');
    expect(posted!.text).toContain('fail-www');
    expect(posted!.text).toContain('更新のご案内'); // what failed, named in words
    expect(fake.messagesIn('C0FAIL')).toEqual([]);
    // The contract shows nothing was noticed: no deadline was fixed, so nothing renews in silence.
    expect((await certdesk(['contracts', '--json'], t.env)).json[0]).toMatchObject({ noticesSent: 0 });
    expect(await t.db.db.select().from(outbox).where(eq(outbox.status, 'pending'))).toEqual([]);
  });
});
