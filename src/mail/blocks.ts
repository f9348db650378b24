// A Slack message's blocks as an e-mail's plain text and HTML: the e-mail of a notice says what
// the Slack notice says, from the one view that decides it (src/slack/views/renewal.ts).
import type { KnownBlock } from '../slack/views/blocks.js';

/** Slack's mrkdwn (`*bold*`, `<url|label>`, `<!date…|fallback>`, escaped `&<>`) as plain text. */
export function mrkdwnText(text: string): string {
  return unescape(
    text
      .replace(/<!date\^[^|>]*\|([^>]*)>/g, '$1')
      .replace(/<(https?:[^|>]+)\|([^>]+)>/g, '$2 ($1)')
      .replace(/<(https?:[^|>]+)>/g, '$1')
      .replace(/<#[CG][A-Z0-9]+\|([^>]+)>/g, '#$1')
      .replace(/<[@#!]([^|>]+)(?:\|([^>]*))?>/g, (_m, id: string, label?: string) => label || id)
      .replace(/(^|[\s(（「])\*([^*\n]+)\*(?=$|[\s).,、。）」:])/gu, '$1$2')
      .replace(/(^|[\s(（「])_([^_\n]+)_(?=$|[\s).,、。）」:])/gu, '$1$2'),
  );
}

/** The same mrkdwn as HTML: bold stays bold, links stay links, everything else is escaped text. */
export function mrkdwnHtml(text: string): string {
  // Bold is marked with two private-use characters, kept through the text conversion and escaping.
  const plain = mrkdwnText(text.replace(/(^|[\s(（「])\*([^*\n]+)\*(?=$|[\s).,、。）」:])/gu, '$1\ue000$2\ue001'));
  return html(plain)
    .replace(/\ue000/g, '<b>')
    .replace(/\ue001/g, '</b>')
    .replace(/\n/g, '<br>');
}

const unescape = (t: string) => t.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
export const html = (t: string) =>
  t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

type Text = { type: string; text: string };
const textOf = (t: Text | undefined) =>
  t ? (t.type === 'mrkdwn' ? t.text : t.text.replace(/[&<>]/g, escapeChar)) : '';
const escapeChar = (c: string) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;');

/**
 * The blocks as text and HTML. Buttons and menus are left out: an e-mail cannot answer by them,
 * and the e-mail says instead how to answer.
 */
export function blocksAsMail(blocks: readonly KnownBlock[]): { text: string; html: string; subject: string } {
  const text: string[] = [];
  const out: string[] = [];
  let subject = '';
  for (const b of blocks) {
    switch (b.type) {
      case 'header': {
        const t = mrkdwnText(textOf(b.text as Text));
        subject ||= t;
        text.push(t, '='.repeat(Math.min(60, t.length * 2)));
        out.push(`<h2>${html(t)}</h2>`);
        break;
      }
      case 'section': {
        if (b.text) {
          text.push(mrkdwnText(textOf(b.text as Text)));
          out.push(`<p>${mrkdwnHtml(textOf(b.text as Text))}</p>`);
        }
        if (b.fields?.length) {
          const rows = b.fields.map((f) => {
            const [label = '', ...value] = textOf(f as Text).split('\n');
            return [mrkdwnText(label), value.join('\n')] as const;
          });
          for (const [label, value] of rows) text.push(`${label}: ${mrkdwnText(value)}`);
          out.push(
            `<table>${rows.map(([label, value]) => `<tr><th align="left">${html(label)}</th><td>${mrkdwnHtml(value)}</td></tr>`).join('')}</table>`,
          );
        }
        break;
      }
      case 'context': {
        const parts = b.elements.filter((e): e is Text & typeof e => 'text' in e).map((e) => textOf(e as Text));
        if (parts.length) {
          text.push(parts.map(mrkdwnText).join(' '));
          out.push(`<p><small>${parts.map(mrkdwnHtml).join(' ')}</small></p>`);
        }
        break;
      }
      case 'divider':
        text.push('—');
        out.push('<hr>');
        break;
      default:
        break;
    }
    if (b.type !== 'actions' && b.type !== 'divider') text.push('');
  }
  return { subject, text: text.join('\n').trim(), html: out.join('\n') };
}
