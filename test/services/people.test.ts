// Who a Slack user is (staff act anywhere; customers act through their registered contacts in
// their shared channel): one statement answers it, and these cases pin down its answer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerContacts, customers, staff } from '../../src/db/schema.js';
import { customerHere, roleOf, whoIs } from '../../src/services/people.js';
import { freshDatabase, type TestDatabase } from '../support/databases.js';

let db: TestDatabase;

beforeAll(async () => {
  db = await freshDatabase();
  await db.db.insert(customers).values([
    { id: 'acme', name: 'ACME株式会社', country: 'JP', slackChannel: 'CACME' },
    { id: 'beta', name: 'Beta', country: 'JP', slackChannel: 'CBETA' },
    { id: 'gamma', name: 'Gamma', country: 'US', slackChannel: null },
  ]);
  await db.db.insert(staff).values([
    { slackUserId: 'USTAFF', name: '山田' },
    { slackUserId: 'UGONE', name: 'Former', active: false },
  ]);
  await db.db.insert(customerContacts).values([
    { customerId: 'beta', slackUserId: 'UTWO' },
    { customerId: 'acme', slackUserId: 'UTWO' },
    { customerId: 'gamma', slackUserId: 'UGAMMA' },
    { customerId: 'acme', slackUserId: 'USTAFF' },
  ]);
});
afterAll(() => db.drop());

describe('whoIs: the person behind a Slack request', () => {
  it('a contact of two customers, in one of their channels: both customers, in id order, and the channel’s', async () => {
    const p = await whoIs(db.db, 'UTWO', 'CBETA');
    expect(p.staff).toBeNull();
    expect(p.contactOf.map((c) => c.id)).toEqual(['acme', 'beta']);
    expect(p.channelCustomer?.id).toBe('beta');
    expect(p.channelCustomer?.createdAt).toBeInstanceOf(Date);
    expect(customerHere(p)?.id).toBe('beta');
    expect(roleOf(p)).toBe('contact');
  });

  it('a stranger in a customer’s channel: the channel’s customer, and no customer of their own', async () => {
    const p = await whoIs(db.db, 'USTRANGER', 'CACME');
    expect(p).toMatchObject({ staff: null, contactOf: [] });
    expect(p.channelCustomer?.id).toBe('acme');
    expect(customerHere(p)).toBeNull();
    expect(roleOf(p)).toBe('stranger');
  });

  it('a stranger outside any customer’s channel, or with no channel: nobody', async () => {
    expect(await whoIs(db.db, 'USTRANGER', 'CNONE')).toEqual({
      userId: 'USTRANGER',
      staff: null,
      contactOf: [],
      channelCustomer: null,
    });
    expect(await whoIs(db.db, 'USTRANGER')).toEqual({
      userId: 'USTRANGER',
      staff: null,
      contactOf: [],
      channelCustomer: null,
    });
  });

  it('staff are staff anywhere, and also a contact where they are registered as one', async () => {
    const p = await whoIs(db.db, 'USTAFF', 'CBETA');
    expect(p.staff).toEqual({ name: '山田' });
    expect(p.contactOf.map((c) => c.id)).toEqual(['acme']);
    expect(p.channelCustomer?.id).toBe('beta');
    expect(customerHere(p)?.id).toBe('beta');
    expect((await whoIs(db.db, 'USTAFF', 'CSTAFF')).staff).toEqual({ name: '山田' });
  });

  it('staff no longer active are not staff', async () => {
    const p = await whoIs(db.db, 'UGONE', 'CACME');
    expect(p.staff).toBeNull();
    expect(roleOf(p)).toBe('stranger');
  });

  it('a contact of one customer with no channel acts for it outside any customer’s channel', async () => {
    const p = await whoIs(db.db, 'UGAMMA', 'CNONE');
    expect(p.contactOf.map((c) => c.id)).toEqual(['gamma']);
    expect(p.channelCustomer).toBeNull();
    expect(customerHere(p)?.id).toBe('gamma');
  });

  it('gives the same answer inside a transaction', async () => {
    const p = await db.db.transaction((tx) => whoIs(tx, 'UTWO', 'CACME'));
    expect(p.contactOf.map((c) => c.id)).toEqual(['acme', 'beta']);
    expect(p.channelCustomer?.id).toBe('acme');
  });
});
