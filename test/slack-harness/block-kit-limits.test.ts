// Block Kit limits: each checked just at and just over the limit.
import { describe, expect, it } from 'vitest';
import { blockKitViolations, charCount, violationsInCalls } from '../../src/slack/block-kit-limits.js';

const plain = (text: string) => ({ type: 'plain_text', text });
const mrkdwn = (text: string) => ({ type: 'mrkdwn', text });
const modal = (extra: Record<string, unknown> = {}) => ({
  type: 'modal',
  title: plain('見積もり'),
  blocks: [],
  ...extra,
});
const section = (text: string, extra: Record<string, unknown> = {}) => ({
  type: 'section',
  text: mrkdwn(text),
  ...extra,
});
const button = (extra: Record<string, unknown> = {}) => ({
  type: 'button',
  action_id: 'go',
  text: plain('Go'),
  ...extra,
});
const option = (text: string, value: string) => ({ text: plain(text), value });
const select = (options: unknown[], extra: Record<string, unknown> = {}) => ({
  type: 'static_select',
  action_id: 'pick',
  options,
  ...extra,
});
const a = (n: number) => 'a'.repeat(n);
const ja = (n: number) => '証'.repeat(n);
const many = <T>(n: number, f: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => f(i));

/** Asserts that `at` passes and `over` fails with a message matching `pattern`. */
function boundary(surface: 'message' | 'modal' | 'home', at: unknown, over: unknown, pattern: RegExp) {
  expect(blockKitViolations(surface, at)).toEqual([]);
  const v = blockKitViolations(surface, over);
  expect(v).toHaveLength(1);
  expect(v[0]).toMatch(pattern);
}

describe('block kit limits', () => {
  it('counts characters as code points', () => {
    expect(charCount('見積もり')).toBe(4);
    expect(charCount('𠮷野家')).toBe(3);
    expect('𠮷'.length).toBe(2);
  });

  it('messages: ≤ 50 blocks, text ≤ 40000', () => {
    const dividers = (n: number) => many(n, () => ({ type: 'divider' }));
    boundary(
      'message',
      { blocks: dividers(50) },
      { blocks: dividers(51) },
      /^blocks: message blocks has 51 \(max 50\)$/,
    );
    boundary('message', { text: a(40_000) }, { text: a(40_001) }, /^text: message text is 40001 characters/);
    expect(blockKitViolations('message', dividers(51))).toHaveLength(1);
  });

  it('modal and Home views: ≤ 100 blocks', () => {
    const dividers = (n: number) => many(n, () => ({ type: 'divider' }));
    boundary(
      'modal',
      modal({ blocks: dividers(100) }),
      modal({ blocks: dividers(101) }),
      /view\.blocks: modal blocks has 101 \(max 100\)/,
    );
    boundary(
      'home',
      { type: 'home', blocks: dividers(100) },
      { type: 'home', blocks: dividers(101) },
      /home blocks has 101/,
    );
  });

  it('modal title, submit and close ≤ 24 characters, Japanese included', () => {
    boundary(
      'modal',
      modal({ title: plain(ja(24)) }),
      modal({ title: plain(ja(25)) }),
      /^view\.title: modal title is 25 characters \(max 24\)$/,
    );
    boundary('modal', modal({ submit: plain(ja(24)) }), modal({ submit: plain(ja(25)) }), /modal submit text is 25/);
    boundary('modal', modal({ close: plain(a(24)) }), modal({ close: plain(a(25)) }), /modal close text is 25/);
    // 24 astral characters are 48 UTF-16 units: still fine.
    expect(blockKitViolations('modal', modal({ title: plain('𠮷'.repeat(24)) }))).toEqual([]);
    expect(blockKitViolations('modal', { type: 'modal', blocks: [] })).toEqual(['view.title: a modal needs a title']);
    expect(blockKitViolations('modal', { type: 'home', title: plain('x'), blocks: [] })[0]).toMatch(/expected "modal"/);
  });

  it('private_metadata ≤ 3000', () => {
    boundary(
      'modal',
      modal({ private_metadata: a(3000) }),
      modal({ private_metadata: a(3001) }),
      /private_metadata is 3001/,
    );
    boundary(
      'home',
      { type: 'home', blocks: [], private_metadata: a(3000) },
      { type: 'home', blocks: [], private_metadata: a(3001) },
      /private_metadata is 3001/,
    );
  });

  it('section text ≤ 3000, ≤ 10 fields of ≤ 2000', () => {
    boundary(
      'message',
      { blocks: [section(a(3000))] },
      { blocks: [section(a(3001))] },
      /^blocks\[0\]\.text: section text is 3001/,
    );
    const fields = (n: number, len = 1) => ({ type: 'section', fields: many(n, () => mrkdwn(a(len))) });
    boundary('message', { blocks: [fields(10)] }, { blocks: [fields(11)] }, /section fields has 11 \(max 10\)/);
    boundary(
      'message',
      { blocks: [fields(1, 2000)] },
      { blocks: [fields(1, 2001)] },
      /blocks\[0\]\.fields\[0\]: section field text is 2001/,
    );
  });

  it('header ≤ 150', () => {
    const header = (n: number) => ({ blocks: [{ type: 'header', text: plain(ja(n)) }] });
    boundary('message', header(150), header(151), /header text is 151/);
  });

  it('button text ≤ 75, value ≤ 2000', () => {
    const withButton = (b: unknown) => ({ blocks: [{ type: 'actions', elements: [b] }] });
    boundary(
      'message',
      withButton(button({ text: plain(a(75)) })),
      withButton(button({ text: plain(a(76)) })),
      /elements\[0\]\.text: button text is 76/,
    );
    boundary(
      'message',
      withButton(button({ value: a(2000) })),
      withButton(button({ value: a(2001) })),
      /button value is 2001/,
    );
    boundary(
      'message',
      { blocks: [section('x', { accessory: button({ text: plain(a(75)) }) })] },
      { blocks: [section('x', { accessory: button({ text: plain(a(76)) }) })] },
      /accessory\.text: button text/,
    );
  });

  it('action_id and block_id ≤ 255', () => {
    boundary(
      'message',
      { blocks: [section('x', { block_id: a(255) })] },
      { blocks: [section('x', { block_id: a(256) })] },
      /block_id is 256/,
    );
    const withId = (n: number) => ({ blocks: [{ type: 'actions', elements: [button({ action_id: a(n) })] }] });
    boundary('message', withId(255), withId(256), /action_id is 256/);
  });

  it('options: text ≤ 75, value ≤ 150, ≤ 100 per select', () => {
    const input = (el: unknown) =>
      modal({ blocks: [{ type: 'input', block_id: 'b', label: plain('Plan'), element: el }] });
    boundary(
      'modal',
      input(select([option(a(75), 'v')])),
      input(select([option(a(76), 'v')])),
      /options\[0\]\.text: option text is 76/,
    );
    boundary(
      'modal',
      input(select([option('t', a(150))])),
      input(select([option('t', a(151))])),
      /option value is 151/,
    );
    const opts = (n: number) => many(n, (i) => option(`o${i}`, `v${i}`));
    boundary('modal', input(select(opts(100))), input(select(opts(101))), /static_select options has 101 \(max 100\)/);
    const grouped = (n: number) =>
      input({ type: 'static_select', action_id: 'g', option_groups: [{ label: plain('G'), options: opts(n) }] });
    boundary('modal', grouped(100), grouped(101), /options in a group has 101/);
  });

  it('context ≤ 10 elements', () => {
    const context = (n: number) => ({ blocks: [{ type: 'context', elements: many(n, () => mrkdwn('x')) }] });
    boundary('message', context(10), context(11), /context elements has 11 \(max 10\)/);
  });

  it('placeholder ≤ 150, input label ≤ 2000', () => {
    const input = (label: string, placeholder: string) =>
      modal({
        blocks: [
          {
            type: 'input',
            block_id: 'b',
            label: plain(label),
            element: { type: 'plain_text_input', action_id: 'i', placeholder: plain(placeholder) },
          },
        ],
      });
    boundary('modal', input('L', ja(150)), input('L', ja(151)), /element\.placeholder: placeholder is 151/);
    boundary('modal', input(a(2000), 'p'), input(a(2001), 'p'), /label: input label is 2001/);
    expect(
      blockKitViolations(
        'modal',
        modal({ blocks: [{ type: 'input', label: mrkdwn('x'), element: { type: 'plain_text_input' } }] }),
      )[0],
    ).toMatch(/must be plain_text/);
  });

  it('duplicate block_ids in a surface and duplicate action_ids in a block', () => {
    const dupBlocks = { blocks: [section('a', { block_id: 'same' }), section('b', { block_id: 'same' })] };
    expect(blockKitViolations('message', dupBlocks)).toEqual([
      'blocks[1].block_id: duplicate block_id "same" (first at blocks[0])',
    ]);
    const dupActions = {
      blocks: [{ type: 'actions', elements: [button({ action_id: 'go' }), button({ action_id: 'go' })] }],
    };
    expect(blockKitViolations('message', dupActions)).toEqual([
      'blocks[0].elements[1].action_id: duplicate action_id "go" in one block (first at elements[0])',
    ]);
    // The same action_id in two different blocks is fine.
    const twoBlocks = {
      blocks: [
        { type: 'actions', elements: [button()] },
        { type: 'actions', elements: [button()] },
      ],
    };
    expect(blockKitViolations('message', twoBlocks)).toEqual([]);
  });

  it('reports several violations at once', () => {
    const v = blockKitViolations(
      'modal',
      modal({ title: plain(a(30)), private_metadata: a(3001), blocks: [{ type: 'header', text: plain(a(151)) }] }),
    );
    expect(v).toHaveLength(3);
  });

  it('checks recorded calls with the surface each method targets', () => {
    const longTitle = modal({ title: plain(ja(25)) });
    const calls = [
      { method: 'auth.test', args: {} },
      {
        method: 'chat.postMessage',
        args: { channel: 'C1', text: 'ok', blocks: [{ type: 'header', text: plain(a(151)) }] },
      },
      { method: 'views.open', args: { trigger_id: 't', view: longTitle } },
      { method: 'views.update', args: { view_id: 'V1', view: { type: 'home', blocks: [] } } },
      {
        method: 'views.publish',
        args: { user_id: 'U1', view: { type: 'home', blocks: many(101, () => ({ type: 'divider' })) } },
      },
      { method: 'response_url', args: { text: a(40_001) } },
      { method: 'chat.postEphemeral', args: { channel: 'C1', user: 'U1', text: 'fine' } },
    ];
    expect(violationsInCalls(calls)).toEqual([
      '#2 chat.postMessage: blocks[0].text: header text is 151 characters (max 150)',
      '#3 views.open: view.title: modal title is 25 characters (max 24)',
      '#5 views.publish: view.blocks: home blocks has 101 (max 100)',
      '#6 response_url: text: message text is 40001 characters (max 40000)',
    ]);
  });
});
