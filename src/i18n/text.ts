// The two languages certdesk speaks: Japanese first, English for people who ask for it.
export const LOCALES = ['ja', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

/** A sentence in both languages; entry points pick one, JSON carries both (message, messageJa). */
export interface Bilingual {
  readonly ja: string;
  readonly en: string;
}

export const bilingual = (ja: string, en: string): Bilingual => ({ ja, en });

export const isLocale = (text: string): text is Locale => (LOCALES as readonly string[]).includes(text);

/** Joins bilingual pieces language by language. */
export function joinBi(parts: readonly Bilingual[], separator = ''): Bilingual {
  return { ja: parts.map((p) => p.ja).join(separator), en: parts.map((p) => p.en).join(separator) };
}

/** Ends an English sentence with a full stop, unless what it ends with has one ("Globex K.K."). */
export const sentence = (text: string): string => (/[.!?]$/.test(text) ? text : `${text}.`);
