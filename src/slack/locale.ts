// The language of a Slack user: Japanese first, English when their Slack locale is English
// (users.info with include_locale). Remembered for a while, so a click costs no extra call.
import type { WebClient } from '@slack/web-api';
import type { Locale } from '../i18n/text.js';

const TTL_MS = 10 * 60_000;

export class LocaleCache {
  private readonly known = new Map<string, { locale: Locale; at: number }>();

  async of(client: WebClient, userId: string): Promise<Locale> {
    const hit = this.known.get(userId);
    if (hit && Date.now() - hit.at < TTL_MS) return hit.locale;
    let locale: Locale = 'ja';
    try {
      const res = await client.users.info({ user: userId, include_locale: true });
      locale = res.user?.locale?.toLowerCase().startsWith('en') ? 'en' : 'ja';
    } catch {
      // Unknown: Japanese first.
    }
    this.known.set(userId, { locale, at: Date.now() });
    return locale;
  }
}
