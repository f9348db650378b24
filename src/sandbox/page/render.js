// Block Kit and mrkdwn to HTML strings, for the sandbox page (sandbox.js): pure, with everything
// from the app escaped before it becomes HTML. Loaded before the page, it leaves its functions on
// globalThis.CertdeskSandbox, which the page and the tests read. No framework and no build step.
// Slack's reference: https://docs.slack.dev/reference/block-kit/blocks and
// https://docs.slack.dev/messaging/formatting-message-text
(function () {
  'use strict';

  const EMOJI = {
    white_check_mark: '✅',
    heavy_check_mark: '✔️',
    ballot_box_with_check: '☑️',
    x: '❌',
    warning: '⚠️',
    hourglass: '⌛',
    hourglass_flowing_sand: '⏳',
    calendar: '📆',
    date: '📅',
    spiral_calendar_pad: '🗓️',
    memo: '📝',
    pencil: '📝',
    bell: '🔔',
    lock: '🔒',
    unlock: '🔓',
    key: '🔑',
    closed_lock_with_key: '🔐',
    page_facing_up: '📄',
    receipt: '🧾',
    moneybag: '💰',
    yen: '💴',
    rotating_light: '🚨',
    information_source: 'ℹ️',
    eyes: '👀',
    thumbsup: '👍',
    '+1': '👍',
    thumbsdown: '👎',
    '-1': '👎',
    tada: '🎉',
    no_entry: '⛔',
    no_entry_sign: '🚫',
    arrows_counterclockwise: '🔄',
    repeat: '🔁',
    email: '📧',
    envelope: '✉️',
    inbox_tray: '📥',
    outbox_tray: '📤',
    clipboard: '📋',
    mag: '🔍',
    wave: '👋',
    question: '❓',
    exclamation: '❗',
    heavy_exclamation_mark: '❗',
    red_circle: '🔴',
    large_green_circle: '🟢',
    large_yellow_circle: '🟡',
    large_blue_circle: '🔵',
    white_circle: '⚪',
    pushpin: '📌',
    link: '🔗',
    gear: '⚙️',
    wrench: '🔧',
    hammer_and_wrench: '🛠️',
    bulb: '💡',
    speech_balloon: '💬',
    bust_in_silhouette: '👤',
    busts_in_silhouette: '👥',
    office: '🏢',
    shield: '🛡️',
    stop_sign: '🛑',
    zzz: '💤',
    clock9: '🕘',
    alarm_clock: '⏰',
    stopwatch: '⏱️',
    heavy_plus_sign: '➕',
    heavy_minus_sign: '➖',
    arrow_right: '➡️',
    arrow_forward: '▶️',
    ok: '🆗',
    new: '🆕',
    sparkles: '✨',
    fire: '🔥',
    package: '📦',
    scroll: '📜',
    bookmark_tabs: '📑',
    card_index: '📇',
    file_folder: '📁',
    books: '📚',
    globe_with_meridians: '🌐',
    handshake: '🤝',
    pray: '🙏',
    raised_hands: '🙌',
    point_right: '👉',
    heart: '❤️',
    star: '⭐',
    checkered_flag: '🏁',
  };

  function esc(s) {
    return String(s)
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&#39;');
  }

  // Slack sends &, < and > escaped inside text; they mean the plain characters.
  function unslack(s) {
    return String(s).replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  }

  function emojify(html) {
    return html.replace(/:([a-z0-9_+'-]+):/g, function (m, name) {
      return Object.prototype.hasOwnProperty.call(EMOJI, name) ? EMOJI[name] : m;
    });
  }

  function emojiOf(name) {
    return Object.prototype.hasOwnProperty.call(EMOJI, name) ? EMOJI[name] : ':' + name + ':';
  }

  const nothing = {
    userName: function (id, label) {
      return label || id;
    },
    channelName: function (id) {
      return id;
    },
  };

  /** One <…> token of mrkdwn: a mention, a channel, a special mention, a date or a link. */
  function token(inner, ctx) {
    const bar = inner.indexOf('|');
    const target = bar >= 0 ? inner.slice(0, bar) : inner;
    const label = bar >= 0 ? inner.slice(bar + 1) : '';
    if (target.charAt(0) === '@')
      return '<span class="mention">@' + esc(ctx.userName(target.slice(1), unslack(label))) + '</span>';
    if (target.charAt(0) === '#')
      return '<span class="mention">#' + esc(label ? unslack(label) : ctx.channelName(target.slice(1))) + '</span>';
    if (target.charAt(0) === '!') {
      const what = target.slice(1).split('^')[0];
      if (what === 'date') return esc(unslack(label));
      if (what === 'subteam') return '<span class="mention">' + esc(unslack(label || '@team')) + '</span>';
      return '<span class="mention">@' + esc(what) + '</span>';
    }
    const url = unslack(target);
    if (/^(https?:\/\/|mailto:)/i.test(url)) {
      const text = label ? emojify(esc(unslack(label))) : esc(url);
      return '<a href="' + esc(url) + '" target="_blank" rel="noopener noreferrer">' + text + '</a>';
    }
    return esc('<' + unslack(inner) + '>');
  }

  /**
   * Slack's mrkdwn as HTML: *bold*, _italic_, ~strike~, `code`, ```pre```, > quotes, <links|…>,
   * <@mentions>, :emoji:, newlines. A bit more lenient than Slack about what may touch the
   * markers (so *太字*です is bold).
   */
  function mrkdwn(source, ctx) {
    ctx = ctx || nothing;
    const slots = [];
    const hold = function (html) {
      return '\uE000' + (slots.push(html) - 1) + '\uE001';
    };
    let s = String(source == null ? '' : source).replace(/[\uE000\uE001]/g, '');
    s = s.replace(/```([\s\S]*?)```/g, function (m, code) {
      return hold('<pre class="md-pre">' + esc(unslack(code.replace(/^\n/, ''))) + '</pre>');
    });
    s = s.replace(/`([^`\n]+)`/g, function (m, code) {
      return hold('<code class="md-code">' + esc(unslack(code)) + '</code>');
    });
    s = s.replace(/<([^<>\n]+)>/g, function (m, inner) {
      return hold(token(inner, ctx));
    });
    s = emojify(esc(unslack(s)));
    const mark = function (text, ch, tag) {
      const c = ch === '*' ? '\\*' : ch;
      const re = new RegExp('(^|[^\\w' + c + '])' + c + '(?!\\s)([^' + c + '\\n]+?)' + c + '(?![\\w' + c + '])', 'g');
      return text.replace(re, function (m, pre, body) {
        return /\s$/.test(body) ? m : pre + '<' + tag + '>' + body + '</' + tag + '>';
      });
    };
    s = mark(s, '*', 'b');
    s = mark(s, '_', 'i');
    s = mark(s, '~', 's');
    // Quotes: lines starting with ">" (escaped by now).
    const out = [];
    let quote = [];
    const flush = function () {
      if (quote.length) out.push('<blockquote class="md-quote">' + quote.join('<br>') + '</blockquote>');
      quote = [];
    };
    s.split('\n').forEach(function (line) {
      if (/^&gt;\s?/.test(line)) quote.push(line.replace(/^&gt;\s?/, ''));
      else {
        flush();
        out.push(line);
      }
    });
    flush();
    let html = '';
    out.forEach(function (part, i) {
      const block = part.indexOf('<blockquote') === 0;
      const prevBlock = i > 0 && out[i - 1].indexOf('<blockquote') === 0;
      if (i > 0 && !block && !prevBlock) html += '<br>';
      html += part;
    });
    return html.replace(/\uE000(\d+)\uE001/g, function (m, i) {
      return slots[Number(i)];
    });
  }

  /** A plain_text object (or string) as HTML. */
  function plainText(t) {
    if (t == null) return '';
    const text = typeof t === 'string' ? t : t.text || '';
    const html = esc(text).replace(/\n/g, '<br>');
    return typeof t === 'object' && t.emoji === false ? html : emojify(html);
  }

  /** A text object of either type. */
  function textObject(t, ctx) {
    if (t && typeof t === 'object' && t.type === 'mrkdwn') return mrkdwn(t.text, ctx);
    return plainText(t);
  }

  function plainOf(t) {
    return t == null ? '' : typeof t === 'string' ? t : t.text || '';
  }

  function optionsOf(e) {
    const direct = Array.isArray(e.options) ? e.options : [];
    const groups = Array.isArray(e.option_groups) ? e.option_groups : [];
    return direct.concat.apply(
      direct,
      groups.map(function (g) {
        return Array.isArray(g.options) ? g.options : [];
      }),
    );
  }

  /** The raw value an element starts with (as the stand-in reads raw values). */
  function initialValue(e) {
    switch (e.type) {
      case 'plain_text_input':
      case 'email_text_input':
      case 'url_text_input':
      case 'number_input':
        return typeof e.initial_value === 'string' ? e.initial_value : '';
      case 'static_select':
      case 'radio_buttons':
        return e.initial_option && typeof e.initial_option.value === 'string' ? e.initial_option.value : null;
      case 'multi_static_select':
      case 'checkboxes':
        return Array.isArray(e.initial_options)
          ? e.initial_options.map(function (o) {
              return o.value;
            })
          : [];
      case 'datepicker':
        return e.initial_date || null;
      case 'timepicker':
        return e.initial_time || null;
      default:
        return null;
    }
  }

  function dataAttrs(e, block, live) {
    return (
      ' data-block="' +
      esc(block.block_id || '') +
      '" data-action="' +
      esc(e.action_id || '') +
      '" data-type="' +
      esc(e.type) +
      '"' +
      (live ? ' data-live="1"' : '')
    );
  }

  /** One interactive element. `live`: a change is an action at once (not only a value for Submit). */
  function renderElement(e, block, ctx, live) {
    if (!e || typeof e !== 'object') return '';
    const current = ctx.valueFor ? ctx.valueFor(block.block_id, e.action_id, e) : undefined;
    const value = current === undefined ? initialValue(e) : current;
    const attrs = dataAttrs(e, block, live);
    const label = ' aria-label="' + esc(plainOf(block.label) || plainOf(e.placeholder) || e.action_id || '') + '"';
    switch (e.type) {
      case 'button':
        return (
          '<button type="button" class="bk-btn' +
          (e.style === 'primary' || e.style === 'danger' ? ' bk-' + e.style : '') +
          '"' +
          attrs +
          '>' +
          plainText(e.text) +
          (e.url ? ' ↗' : '') +
          '</button>'
        );
      case 'overflow':
        return (
          '<span class="bk-overflow"' +
          attrs +
          '><button type="button" class="bk-overflow-toggle" aria-haspopup="true" aria-label="More">⋯</button><span class="bk-menu" hidden>' +
          optionsOf(e)
            .map(function (o) {
              return (
                '<button type="button" class="bk-menu-item" data-value="' +
                esc(o.value || '') +
                '">' +
                plainText(o.text) +
                '</button>'
              );
            })
            .join('') +
          '</span></span>'
        );
      case 'static_select':
      case 'multi_static_select': {
        const multi = e.type === 'multi_static_select';
        const chosen = Array.isArray(value) ? value : value == null ? [] : [value];
        const option = function (o) {
          return (
            '<option value="' +
            esc(o.value || '') +
            '"' +
            (chosen.indexOf(o.value) >= 0 ? ' selected' : '') +
            '>' +
            esc(plainOf(o.text)) +
            '</option>'
          );
        };
        const body = Array.isArray(e.option_groups)
          ? e.option_groups
              .map(function (g) {
                return (
                  '<optgroup label="' +
                  esc(plainOf(g.label)) +
                  '">' +
                  (g.options || []).map(option).join('') +
                  '</optgroup>'
                );
              })
              .join('')
          : (e.options || []).map(option).join('');
        const placeholder = multi
          ? ''
          : '<option value=""' +
            (chosen.length ? '' : ' selected') +
            '>' +
            esc(plainOf(e.placeholder) || '—') +
            '</option>';
        return (
          '<select class="bk-select"' +
          (multi ? ' multiple' : '') +
          attrs +
          label +
          '>' +
          placeholder +
          body +
          '</select>'
        );
      }
      case 'datepicker':
        return '<input type="date" class="bk-date"' + attrs + label + ' value="' + esc(value || '') + '">';
      case 'timepicker':
        return '<input type="time" class="bk-time"' + attrs + label + ' value="' + esc(value || '') + '">';
      case 'checkboxes':
      case 'radio_buttons': {
        const radio = e.type === 'radio_buttons';
        const chosen = Array.isArray(value) ? value : value == null ? [] : [value];
        const name = 'r-' + esc(block.block_id || '') + '-' + esc(e.action_id || '') + '-' + esc(ctx.key || '');
        return (
          '<div class="bk-choices"' +
          attrs +
          ' role="' +
          (radio ? 'radiogroup' : 'group') +
          '"' +
          label +
          '>' +
          optionsOf(e)
            .map(function (o) {
              return (
                '<label class="bk-choice"><input type="' +
                (radio ? 'radio' : 'checkbox') +
                '"' +
                (radio ? ' name="' + name + '"' : '') +
                ' value="' +
                esc(o.value || '') +
                '"' +
                (chosen.indexOf(o.value) >= 0 ? ' checked' : '') +
                '><span>' +
                textObject(o.text, ctx) +
                (o.description ? '<small>' + textObject(o.description, ctx) + '</small>' : '') +
                '</span></label>'
              );
            })
            .join('') +
          '</div>'
        );
      }
      case 'plain_text_input':
      case 'email_text_input':
      case 'url_text_input':
      case 'number_input': {
        const ph = e.placeholder ? ' placeholder="' + esc(plainOf(e.placeholder)) + '"' : '';
        if (e.multiline)
          return '<textarea class="bk-textinput"' + attrs + label + ph + '>' + esc(value || '') + '</textarea>';
        const type = e.type === 'email_text_input' ? 'email' : e.type === 'url_text_input' ? 'url' : 'text';
        const mode = e.type === 'number_input' ? ' inputmode="decimal"' : '';
        return (
          '<input type="' +
          type +
          '" class="bk-textinput"' +
          mode +
          attrs +
          label +
          ph +
          ' value="' +
          esc(value || '') +
          '">'
        );
      }
      case 'image':
        return '<span class="bk-img-alt" title="image">🖼 ' + esc(e.alt_text || '') + '</span>';
      default:
        return '<span class="bk-unknown">[' + esc(e.type) + ']</span>';
    }
  }

  function renderInput(b, ctx) {
    const errors = ctx.errors || {};
    const error = Object.prototype.hasOwnProperty.call(errors, b.block_id) ? errors[b.block_id] : null;
    const t =
      ctx.t ||
      function (k) {
        return k;
      };
    return (
      '<div class="bk-input' +
      (error ? ' has-error' : '') +
      '" data-input-block="' +
      esc(b.block_id || '') +
      '">' +
      '<span class="bk-label">' +
      plainText(b.label) +
      (b.optional ? ' <span class="bk-optional">(' + esc(t('optional')) + ')</span>' : '') +
      '</span>' +
      renderElement(b.element, b, ctx, b.dispatch_action === true) +
      (b.hint ? '<div class="bk-hint">' + plainText(b.hint) + '</div>' : '') +
      (error ? '<div class="bk-error" role="alert">' + esc(error) + '</div>' : '') +
      '</div>'
    );
  }

  function renderBlock(b, ctx) {
    if (!b || typeof b !== 'object') return '';
    switch (b.type) {
      case 'header':
        return '<div class="bk-header">' + plainText(b.text) + '</div>';
      case 'divider':
        return '<hr class="bk-divider">';
      case 'section': {
        const text = b.text ? '<div class="bk-text">' + textObject(b.text, ctx) + '</div>' : '';
        const fields =
          Array.isArray(b.fields) && b.fields.length
            ? '<div class="bk-fields">' +
              b.fields
                .map(function (f) {
                  return '<div class="bk-field">' + textObject(f, ctx) + '</div>';
                })
                .join('') +
              '</div>'
            : '';
        const accessory = b.accessory
          ? '<div class="bk-accessory">' + renderElement(b.accessory, b, ctx, true) + '</div>'
          : '';
        return (
          '<div class="bk-section"><div class="bk-section-main">' + text + fields + '</div>' + accessory + '</div>'
        );
      }
      case 'context':
        return (
          '<div class="bk-context">' +
          (b.elements || [])
            .map(function (e) {
              return e && e.type === 'image'
                ? '<span class="bk-img-alt" title="image">🖼 ' + esc(e.alt_text || '') + '</span>'
                : '<span>' + textObject(e, ctx) + '</span>';
            })
            .join('') +
          '</div>'
        );
      case 'actions':
        return (
          '<div class="bk-actions">' +
          (b.elements || [])
            .map(function (e) {
              return renderElement(e, b, ctx, true);
            })
            .join('') +
          '</div>'
        );
      case 'input':
        return renderInput(b, ctx);
      case 'image':
        return (
          '<figure class="bk-image"><span class="bk-img-alt">🖼 ' +
          esc(b.alt_text || '') +
          '</span>' +
          (b.title ? '<figcaption>' + plainText(b.title) + '</figcaption>' : '') +
          '</figure>'
        );
      default:
        return '<div class="bk-unknown">[' + esc(b.type) + ' block]</div>';
    }
  }

  function renderBlocks(blocks, ctx) {
    ctx = ctx || nothing;
    return (Array.isArray(blocks) ? blocks : [])
      .map(function (b) {
        return renderBlock(b, ctx);
      })
      .join('');
  }

  /** The element of some blocks with these ids (the page's copy of block-state.ts's lookup). */
  function findElement(blocks, blockId, actionId) {
    for (const b of Array.isArray(blocks) ? blocks : []) {
      if (!b || b.block_id !== blockId) continue;
      const candidates =
        b.type === 'actions'
          ? b.elements || []
          : b.type === 'section'
            ? [b.accessory]
            : b.type === 'input'
              ? [b.element]
              : [];
      for (const e of candidates) if (e && e.action_id === actionId) return e;
    }
    return null;
  }

  globalThis.CertdeskSandbox = {
    esc: esc,
    mrkdwn: mrkdwn,
    plainText: plainText,
    plainOf: plainOf,
    textObject: textObject,
    renderBlocks: renderBlocks,
    renderElement: renderElement,
    findElement: findElement,
    initialValue: initialValue,
    emojiOf: emojiOf,
  };
})();
