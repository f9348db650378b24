import type { App } from '@slack/bolt';
import { APPLICATION, DENIED } from '../../src/i18n/app.js';
import { reasonLine } from '../../src/i18n/messages.js';
import { acceptApplication, rejectApplication } from '../../src/services/applications.js';
import { ACCEPT_APPLICATION, REJECT_APPLICATION } from '../../src/slack/views/application.js';
import { ActionPayload, tell, who, type AppDeps } from '../context.js';

/** Staff accept (the contract and the fees of Art. 10) or reject an application; a double click changes nothing. */
export function register(app: App, deps: AppDeps): void {
  app.action(ACCEPT_APPLICATION, async ({ ack, body, action, client, respond }) => {
    await ack();
    const p = ActionPayload.parse(body);
    const w = await who(deps, client, p.user.id, null);
    if (!w.person.staff) return tell(respond, w.locale, DENIED.staffOnly);
    const r = await acceptApplication(deps.database.db, { applicationId: Number((action as { value?: string }).value), actor: `slack:${w.userId}` }, deps.clock());
    if (!r.ok) return tell(respond, w.locale, `${APPLICATION.refusedNow[w.locale]}\n${r.reasons.map((x) => `• ${reasonLine(x, w.locale)}`).join('\n')}`);
    await deps.kick('application');
  });
  app.action(REJECT_APPLICATION, async ({ ack, body, action, client, respond }) => {
    await ack();
    const p = ActionPayload.parse(body);
    const w = await who(deps, client, p.user.id, null);
    if (!w.person.staff) return tell(respond, w.locale, DENIED.staffOnly);
    await rejectApplication(deps.database.db, { applicationId: Number((action as { value?: string }).value), actor: `slack:${w.userId}` }, deps.clock());
    await deps.kick('application');
  });
}
