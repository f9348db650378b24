// What a person typed, as certdesk reads it, wherever it arrives (a slash command, a modal, the
// command line, an import file): Unicode NFKC (UAX #15), so that full-width letters, digits,
// hyphens, colons and spaces (ＡＣＭＥ, ２０２６－１１－０５ １０：００ with an ideographic space) read as their ASCII twins,
// and half-width katakana as full-width. Pure.

export function typed(text: string): string {
  return text.normalize('NFKC');
}
