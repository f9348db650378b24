import type { KnownBlock } from '@slack/types';
import { DENIED, HOME } from '../../src/i18n/app.js';
import { pendingApplications } from '../../src/services/applications.js';
import { pendingChanges } from '../../src/services/changes.js';
import { applicationData, changeData } from '../../src/services/message-data.js';
import { applicationForStaff } from '../../src/slack/views/application.js';
import { section } from '../../src/slack/views/blocks.js';
import { changeForStaff } from '../../src/slack/views/change.js';
import { replyPrivately } from '../context.js';
import type { SlashHandler } from './types.js';

/** `/cert applications` (staff): applications and changes waiting for a decision, with their buttons. */
export const applications: SlashHandler = async ({ deps, who, respond }) => {
  const locale = who.locale;
  if (!who.person.staff) return replyPrivately(respond, locale, DENIED.staffOnly);
  const db = deps.database.db;
  const blocks: KnownBlock[] = [];
  for (const a of (await pendingApplications(db)).slice(0, 5)) {
    const data = await applicationData(db, a.id, locale);
    if (data) blocks.push(...applicationForStaff(data.model).blocks);
  }
  for (const c of (await pendingChanges(db)).slice(0, 5)) {
    const data = await changeData(db, c.id, locale);
    if (data) blocks.push(...changeForStaff(data.model).blocks);
  }
  const text = `${HOME.applications((await pendingApplications(db)).length)[locale]} · ${HOME.changes((await pendingChanges(db)).length)[locale]}`;
  await respond({ response_type: 'ephemeral', text, blocks: [section(text), ...blocks].slice(0, 50) });
};
