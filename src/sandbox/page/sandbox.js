/* global document, window, fetch, localStorage, setTimeout, setInterval, AbortController, Element, CSS */
// The certdesk sandbox page: a small Slack-like client for the stand-in in ../slack-standin.ts.
// It renders the workspace the stand-in keeps (GET /sandbox/state, long-polled) and sends what the
// person does (POST /sandbox/…). No framework and no build step; Block Kit and mrkdwn become HTML
// in render.js, loaded first.
(function () {
  'use strict';

  if (typeof document === 'undefined' || typeof document.getElementById !== 'function') return;

  const R = globalThis.CertdeskSandbox;
  const esc = R.esc;
  const emojiOf = R.emojiOf;
  const mrkdwn = R.mrkdwn;
  const plainText = R.plainText;
  const plainOf = R.plainOf;
  const textObject = R.textObject;
  const renderBlocks = R.renderBlocks;
  const findElement = R.findElement;

  // The sentences, by language, from src/i18n/sandbox-page.ts (served as strings.js).
  const T = globalThis.CertdeskSandboxStrings;
  /** A sentence with its {n} or {name} filled in. */
  function fill(text, values) {
    return text.replace(/\{(\w+)\}/g, function (whole, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? String(values[key]) : whole;
    });
  }
  function repliesText(n) {
    return n === 1 ? t('replyOne') : fill(t('replies'), { n: n });
  }

  const $ = function (id) {
    return document.getElementById(id);
  };
  const store = {
    get: function (k) {
      try {
        return localStorage.getItem('certdesk-sandbox:' + k);
      } catch {
        return null;
      }
    },
    set: function (k, v) {
      try {
        localStorage.setItem('certdesk-sandbox:' + k, v);
      } catch {
        /* private mode */
      }
    },
  };

  const ui = {
    state: null,
    version: null,
    me: store.get('me'),
    place: store.get('place') || '',
    thread: null,
    pollAbort: null,
    clockOffset: 0,
    lastNotice: null,
    dismissed: new Set(),
    drafts: new Map(),
    seen: new Map(),
    html: { sidebar: '', messages: '', thread: '', home: '', modal: '', activity: '', header: '' },
    homeOpenedFor: null,
    activityOpen: false,
    lastActivitySeq: 0,
    mailOpen: false,
    // The Mailbox panel: the list as last fetched (for the newest id `listFor`), the e-mail open in it.
    mail: {
      listFor: null,
      list: [],
      loading: false,
      open: null,
      body: null,
      view: 'html',
      seen: Number(store.get('mail-seen')) || 0,
    },
  };

  function lang() {
    const me =
      ui.state &&
      ui.state.users.find(function (u) {
        return u.id === ui.me;
      });
    return me && me.locale && me.locale.indexOf('ja') === 0 ? 'ja' : 'en';
  }
  function t(key) {
    const v = T[lang()][key];
    return v === undefined ? key : v;
  }
  function errorText(error) {
    return T[lang()].errors[error] || error;
  }

  function userById(id) {
    return ui.state
      ? ui.state.users.find(function (u) {
          return u.id === id;
        })
      : undefined;
  }
  const ctxBase = {
    userName: function (id, label) {
      const u = userById(id);
      return u ? u.realName : label || id;
    },
    channelName: function (id) {
      const c =
        ui.state &&
        ui.state.channels.find(function (x) {
          return x.id === id;
        });
      return c ? c.name : id;
    },
    t: function (k) {
      return t(k);
    },
  };

  // ---------- talking to the stand-in ----------

  async function post(path, body) {
    try {
      const res = await fetch(path, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(Object.assign({ user: ui.me }, body)),
      });
      return await res.json();
    } catch {
      return { ok: false, error: 'network' };
    }
  }

  function sleep(ms) {
    return new Promise(function (resolve) {
      setTimeout(resolve, ms);
    });
  }

  async function pollLoop() {
    for (;;) {
      const controller = new AbortController();
      ui.pollAbort = controller;
      const since = ui.version === null ? '' : '&since=' + ui.version;
      try {
        const res = await fetch('/sandbox/state?user=' + encodeURIComponent(ui.me || '') + since, {
          signal: controller.signal,
          cache: 'no-store',
        });
        if (!res.ok) throw new Error('HTTP ' + res.status);
        const body = await res.json();
        $('connection').hidden = true;
        apply(body.state);
      } catch {
        if (controller.signal.aborted) continue;
        $('connection').hidden = false;
        $('connection').textContent = t('offline');
        ui.version = null;
        await sleep(1500);
      }
    }
  }

  /** Fetch again at once (after switching who you are). */
  function refetch() {
    ui.version = null;
    if (ui.pollAbort) ui.pollAbort.abort();
  }

  function apply(state) {
    const people = state.users.filter(function (u) {
      return !u.isBot;
    });
    if (
      !people.some(function (u) {
        return u.id === ui.me;
      }) &&
      people.length
    ) {
      ui.me = people[0].id;
      store.set('me', ui.me);
      refetch();
      return;
    }
    const first = ui.state === null;
    ui.state = state;
    ui.version = state.version;
    ui.clockOffset = Date.parse(state.now) - Date.now();
    if (ui.lastNotice === null)
      ui.lastNotice = state.notices.reduce(function (m, n) {
        return Math.max(m, n.id);
      }, 0);
    if (
      !ui.place ||
      (ui.place !== 'home' &&
        !state.channels.some(function (c) {
          return c.id === ui.place;
        }))
    ) {
      ui.place = state.channels.length ? state.channels[0].id : 'home';
    }
    render(first);
  }

  // ---------- formatting ----------

  function tsDate(ts) {
    return new Date(Math.floor(Number(ts) * 1000));
  }
  function fmt(date, options) {
    const locale = lang() === 'ja' ? 'ja-JP' : 'en-US';
    try {
      return new Intl.DateTimeFormat(locale, Object.assign({ timeZone: ui.state.timeZone }, options)).format(date);
    } catch {
      return date.toISOString();
    }
  }
  function timeOf(ts) {
    return fmt(tsDate(ts), { hour: '2-digit', minute: '2-digit' });
  }
  function dayOf(ts) {
    return fmt(tsDate(ts), { year: 'numeric', month: 'long', day: 'numeric', weekday: 'short' });
  }

  function hashOf(s) {
    let h = 0;
    for (let i = 0; i < s.length; i++) h = (h * 31 + s.charCodeAt(i)) | 0;
    return Math.abs(h);
  }

  // ---------- messages ----------

  function avatar(name, cls) {
    return (
      '<div class="avatar ' + cls + '" aria-hidden="true">' + esc(Array.from(name || '?')[0].toUpperCase()) + '</div>'
    );
  }

  function messageContext(ts) {
    return Object.assign({}, ctxBase, { key: 'm' + ts });
  }

  function author(m) {
    if (m.bot_id) return { name: ui.state.bot.name, role: t('app'), cls: 'av-app', app: true };
    const u = userById(m.user);
    const name = u ? u.realName : m.user || '?';
    return { name: name, role: u ? u.role : '', cls: 'av-' + (hashOf(m.user || '') % 8), app: false };
  }

  function messageBody(m) {
    const ctx = messageContext(m.ts);
    let html =
      Array.isArray(m.blocks) && m.blocks.length
        ? renderBlocks(m.blocks, ctx)
        : '<div class="bk-text">' + mrkdwn(m.text, ctx) + '</div>';
    if (Array.isArray(m.attachments)) {
      html += m.attachments
        .map(function (a) {
          return (
            '<div class="attachment">' +
            (a.title ? '<b>' + esc(a.title) + '</b><br>' : '') +
            mrkdwn(a.text || a.fallback || '', ctx) +
            '</div>'
          );
        })
        .join('');
    }
    return html;
  }

  function messageHtml(m, where) {
    const a = author(m);
    const container = { type: 'message', channel: m.channel, ts: m.ts };
    const reactions =
      Array.isArray(m.reactions) && m.reactions.length
        ? '<div class="reactions">' +
          m.reactions
            .map(function (r) {
              const who = r.users
                .map(function (id) {
                  return ctxBase.userName(id);
                })
                .join(', ');
              return (
                '<span class="reaction" title="' +
                esc(who + ' :' + r.name + ':') +
                '">' +
                esc(emojiOf(r.name)) +
                ' <b>' +
                r.count +
                '</b></span>'
              );
            })
            .join('') +
          '</div>'
        : '';
    const replies =
      where === 'channel' && m.reply_count
        ? '<button type="button" class="thread-summary" data-open-thread="' +
          esc(m.ts) +
          '">' +
          esc(repliesText(m.reply_count)) +
          (m.latest_reply
            ? ' <span class="last">' + esc(t('lastReply')) + ' ' + esc(timeOf(m.latest_reply)) + '</span>'
            : '') +
          '</button>'
        : '';
    const tools =
      where === 'channel'
        ? '<div class="msg-actions"><button type="button" data-open-thread="' +
          esc(m.ts) +
          '" title="' +
          esc(t('reply')) +
          '">💬 ' +
          esc(t('reply')) +
          '</button></div>'
        : '';
    return (
      '<div class="msg" data-container="' +
      esc(JSON.stringify(container)) +
      '" data-ts="' +
      esc(m.ts) +
      '">' +
      avatar(a.name, a.cls) +
      '<div class="msg-body"><div class="msg-head"><span class="msg-name">' +
      esc(a.name) +
      '</span>' +
      (a.role ? '<span class="msg-role' + (a.app ? ' app' : '') + '">' + esc(a.role) + '</span>' : '') +
      '<time class="msg-time" datetime="' +
      esc(tsDate(m.ts).toISOString()) +
      '" title="' +
      esc(dayOf(m.ts)) +
      '">' +
      esc(timeOf(m.ts)) +
      '</time>' +
      (m.edited ? '<span class="msg-edited">' + esc(t('edited')) + '</span>' : '') +
      '</div>' +
      messageBody(m) +
      reactions +
      replies +
      '</div>' +
      tools +
      '</div>'
    );
  }

  function ephemeralHtml(e) {
    const slackbot = e.via === 'slackbot';
    const name = slackbot ? t('slackbot') : ui.state.bot.name;
    const container = { type: 'ephemeral', ts: e.ts };
    const ctx = messageContext(e.ts);
    const body =
      Array.isArray(e.blocks) && e.blocks.length
        ? renderBlocks(e.blocks, ctx)
        : '<div class="bk-text">' + mrkdwn(e.text, ctx) + '</div>';
    return (
      '<div class="msg ephemeral" data-container="' +
      esc(JSON.stringify(container)) +
      '">' +
      avatar(name, slackbot ? 'av-bot' : 'av-app') +
      '<div class="msg-body"><div class="msg-head"><span class="msg-name">' +
      esc(name) +
      '</span>' +
      (slackbot ? '' : '<span class="msg-role app">' + esc(t('app')) + '</span>') +
      '<time class="msg-time">' +
      esc(timeOf(e.ts)) +
      '</time></div>' +
      body +
      '<div class="eph-note"><span>👁 ' +
      esc(t('only')) +
      '</span><button type="button" data-dismiss="' +
      esc(e.ts) +
      '">' +
      esc(t('dismiss')) +
      '</button></div></div></div>'
    );
  }

  function byTs(a, b) {
    return Number(a.ts) - Number(b.ts) || (a.ts < b.ts ? -1 : a.ts > b.ts ? 1 : 0);
  }

  function channelHtml(channelId) {
    const messages = (ui.state.messages[channelId] || []).filter(function (m) {
      return !m.thread_ts || m.thread_ts === m.ts || m.subtype === 'thread_broadcast';
    });
    const ephemerals = ui.state.ephemerals.filter(function (e) {
      return e.channel === channelId && !e.thread_ts && !ui.dismissed.has(e.ts);
    });
    const items = messages
      .map(function (m) {
        return {
          ts: m.ts,
          html: function () {
            return messageHtml(m, 'channel');
          },
        };
      })
      .concat(
        ephemerals.map(function (e) {
          return {
            ts: e.ts,
            html: function () {
              return ephemeralHtml(e);
            },
          };
        }),
      )
      .sort(byTs);
    if (!items.length)
      return '<div class="empty"><strong>' + esc(t('emptyChannel')) + '</strong>' + esc(t('emptyHint')) + '</div>';
    let day = '';
    return items
      .map(function (item) {
        const d = dayOf(item.ts);
        const sep = d !== day ? '<div class="day">' + esc(d) + '</div>' : '';
        day = d;
        return sep + item.html();
      })
      .join('');
  }

  function threadHtml(channelId, root) {
    const all = ui.state.messages[channelId] || [];
    const parent = all.find(function (m) {
      return m.ts === root;
    });
    if (!parent) return null;
    const replies = all.filter(function (m) {
      return m.thread_ts === root && m.ts !== root;
    });
    const ephemerals = ui.state.ephemerals.filter(function (e) {
      return e.channel === channelId && e.thread_ts === root && !ui.dismissed.has(e.ts);
    });
    const items = replies
      .map(function (m) {
        return {
          ts: m.ts,
          html: function () {
            return messageHtml(m, 'thread');
          },
        };
      })
      .concat(
        ephemerals.map(function (e) {
          return {
            ts: e.ts,
            html: function () {
              return ephemeralHtml(e);
            },
          };
        }),
      )
      .sort(byTs);
    return (
      messageHtml(parent, 'thread') +
      (replies.length ? '<div class="thread-sep">' + esc(repliesText(replies.length)) + '</div>' : '') +
      items
        .map(function (i) {
          return i.html();
        })
        .join('')
    );
  }

  // ---------- rendering the page ----------

  function setHtml(key, el, html) {
    if (ui.html[key] === html) return false;
    ui.html[key] = html;
    const focused = document.activeElement;
    const again =
      focused && el.contains(focused) && focused.dataset && focused.dataset.action
        ? '[data-block="' +
          CSS.escape(focused.dataset.block || '') +
          '"][data-action="' +
          CSS.escape(focused.dataset.action) +
          '"]'
        : null;
    el.innerHTML = html;
    // Put the cursor back where the person was typing when the surface had to be redrawn.
    const target = again && el.querySelector(again);
    if (target) target.focus();
    return true;
  }

  /**
   * Redraws a view (modal or Home) only when the view itself changed: its HTML also holds what
   * the person typed, which must not make every unrelated change in the workspace redraw it.
   */
  function setView(key, el, view, html) {
    const id = view ? JSON.stringify([view.id, view.hash, view.errors, view.note, ui.state.modals.length]) : '';
    if (ui.html[key + 'Key'] === id && ui.html[key] !== '') return false;
    ui.html[key + 'Key'] = id;
    return setHtml(key, el, html());
  }

  function nearBottom(el) {
    return el.scrollHeight - el.scrollTop - el.clientHeight < 120;
  }

  function render(first) {
    const state = ui.state;
    document.documentElement.lang = lang();
    $('team-name').textContent = state.team.name;
    $('whoami-label').textContent = t('you');
    $('activity-toggle').textContent = t('activity');
    $('clock-toggle').textContent = t('moveTo');
    $('clock-move').textContent = t('move');
    $('clock-toggle').hidden = !state.canMoveClock;
    $('composer-send').textContent = t('send');
    $('thread-send').textContent = t('send');
    $('activity-title').textContent = t('activity');
    $('activity-help').textContent = t('activityHelp');
    renderUsers();
    renderSidebar();
    renderMain(first);
    renderThread();
    renderModal();
    renderActivity();
    renderMail();
    showNotices();
    tickClock();
  }

  function renderUsers() {
    const select = $('user-select');
    const people = ui.state.users.filter(function (u) {
      return !u.isBot;
    });
    const html = people
      .map(function (u) {
        return (
          '<option value="' +
          esc(u.id) +
          '"' +
          (u.id === ui.me ? ' selected' : '') +
          '>' +
          esc(u.realName + ' — ' + u.role + ' (' + u.locale + ')') +
          '</option>'
        );
      })
      .join('');
    if (ui.html.users !== html) {
      ui.html.users = html;
      select.innerHTML = html;
    }
    select.value = ui.me;
  }

  function renderSidebar() {
    const state = ui.state;
    const me = userById(ui.me);
    const item = function (id, icon, name, extra, unread) {
      return (
        '<button type="button" class="side-item' +
        (ui.place === id ? ' active' : '') +
        (unread ? ' unread' : '') +
        '" data-place="' +
        esc(id) +
        '"><span class="hash" aria-hidden="true">' +
        icon +
        '</span><span class="side-name">' +
        esc(name) +
        '</span>' +
        (extra ? '<span class="kind">' + esc(extra) + '</span>' : '') +
        (unread ? '<span class="dot" aria-label="unread"></span>' : '') +
        '</button>'
      );
    };
    const unread = function (c) {
      if (c.id === ui.place || !c.latestTs) return false;
      const seen = ui.seen.get(c.id);
      return seen === undefined ? false : Number(c.latestTs) > Number(seen);
    };
    for (const c of state.channels) if (!ui.seen.has(c.id) || c.id === ui.place) ui.seen.set(c.id, c.latestTs || '0');
    const channels = state.channels.filter(function (c) {
      return c.kind !== 'dm';
    });
    const dms = state.channels.filter(function (c) {
      return c.kind === 'dm';
    });
    const html =
      (me
        ? '<div class="side-me"><strong>' +
          esc(me.realName) +
          '</strong>' +
          esc(me.role) +
          ' · ' +
          esc(me.locale) +
          '</div>'
        : '') +
      '<div class="side-section">' +
      item('home', '🏠', t('home'), state.bot.name, false) +
      '</div>' +
      '<div class="side-section"><div class="side-heading">' +
      esc(t('channels')) +
      '</div>' +
      channels
        .map(function (c) {
          return item(
            c.id,
            c.private ? '🔒' : '#',
            c.name,
            c.kind === 'staff' ? t('staff') : c.kind === 'customer' ? t('customer') : '',
            unread(c),
          );
        })
        .join('') +
      '</div>' +
      (dms.length
        ? '<div class="side-section"><div class="side-heading">' +
          esc(t('apps')) +
          '</div>' +
          dms
            .map(function (c) {
              return item(c.id, '●', c.name, '', unread(c));
            })
            .join('') +
          '</div>'
        : '');
    setHtml('sidebar', $('sidebar'), html);
  }

  function currentChannel() {
    return ui.state.channels.find(function (c) {
      return c.id === ui.place;
    });
  }

  function renderMain(first) {
    const home = ui.place === 'home';
    $('messages').hidden = home;
    $('composer').hidden = home;
    $('home').hidden = !home;
    if (home) {
      renderHeader('<h1>🏠 ' + esc(ui.state.bot.name) + '</h1><span class="topic">' + esc(t('home')) + '</span>');
      renderHome();
      if (ui.homeOpenedFor !== ui.me) {
        ui.homeOpenedFor = ui.me;
        post('/sandbox/home', {}).then(reportFailure);
      }
      return;
    }
    ui.homeOpenedFor = null;
    const c = currentChannel();
    if (!c) return;
    const dm = c.kind === 'dm';
    const kind = c.kind === 'staff' ? t('staff') : c.kind === 'customer' ? t('customer') : '';
    renderHeader(
      '<h1>' +
        (dm ? '● ' : c.private ? '🔒 ' : '# ') +
        esc(c.name) +
        '</h1>' +
        (c.topic ? '<span class="topic">' + esc(c.topic) + '</span>' : '') +
        (kind ? '<span class="members">' + esc(kind) + '</span>' : ''),
    );
    const list = $('messages');
    const stick = first || nearBottom(list) || ui.html.placeRendered !== c.id;
    if (setHtml('messages', list, channelHtml(c.id)) || ui.html.placeRendered !== c.id) {
      if (stick) list.scrollTop = list.scrollHeight;
    }
    ui.html.placeRendered = c.id;
    const input = $('composer-input');
    input.placeholder = fill(t('placeholder'), { name: c.name });
    $('composer-readonly').hidden = !dm;
    $('composer-readonly').textContent = t('readOnly');
    document.querySelector('#composer .composer-box').hidden = dm;
  }

  function renderHeader(html) {
    setHtml('header', $('channel-header'), html);
  }

  function viewContext(view) {
    return Object.assign({}, ctxBase, {
      key: view.id,
      errors: view.errors,
      valueFor: function (blockId, actionId) {
        const k = view.id + '|' + blockId + '|' + actionId;
        return ui.drafts.has(k) ? ui.drafts.get(k) : undefined;
      },
    });
  }

  function renderHome() {
    const view = ui.state.home;
    setView('home', $('home'), view, function () {
      return view
        ? '<div class="home-card" data-container="' +
            esc(JSON.stringify({ type: 'view', viewId: view.id })) +
            '">' +
            renderBlocks(view.blocks, viewContext(view)) +
            '</div>'
        : '<div class="empty"><strong>' + esc(t('noHome')) + '</strong>' + esc(t('noHomeHint')) + '</div>';
    });
  }

  function renderThread() {
    const pane = $('thread');
    const c = currentChannel();
    if (!ui.thread || !c || ui.thread.channel !== c.id) {
      pane.hidden = true;
      return;
    }
    const html = threadHtml(c.id, ui.thread.ts);
    if (html === null) {
      ui.thread = null;
      pane.hidden = true;
      return;
    }
    pane.hidden = false;
    $('thread-title').innerHTML =
      esc(t('thread')) + '<small>' + esc(fill(t('threadIn'), { name: c.name })) + '</small>';
    $('thread-input').placeholder = t('threadPlaceholder');
    const list = $('thread-messages');
    const stick = nearBottom(list);
    if (setHtml('thread', list, html) && stick) list.scrollTop = list.scrollHeight;
  }

  function renderModal() {
    const root = $('modal-root');
    const stack = ui.state.modals;
    const view = stack.length ? stack[stack.length - 1] : null;
    if (!view) {
      ui.html.modalKey = '';
      setHtml('modal', root, '');
      return;
    }
    const title = plainText(view.title) || esc(ui.state.bot.name);
    const opened = !ui.html.modal || ui.html.modalId !== view.id;
    const html = function () {
      return (
        '<div class="overlay" data-overlay="' +
        esc(view.id) +
        '"><div class="modal" role="dialog" aria-modal="true" aria-label="' +
        esc(plainOf(view.title)) +
        '" data-container="' +
        esc(JSON.stringify({ type: 'view', viewId: view.id })) +
        '">' +
        '<div class="modal-head">' +
        (stack.length > 1
          ? '<button type="button" class="icon-btn" data-modal-close="' +
            esc(view.id) +
            '" aria-label="Back">‹</button>'
          : '') +
        '<h2>' +
        title +
        '</h2><span class="modal-app">' +
        esc(t('modalOf')) +
        '</span><button type="button" class="icon-btn" data-modal-close="' +
        esc(view.id) +
        '" aria-label="' +
        esc(t('close')) +
        '">×</button></div>' +
        '<form class="modal-body" data-modal-form="' +
        esc(view.id) +
        '" novalidate>' +
        (view.note ? '<div class="modal-note" role="alert">' + esc(view.note) + '</div>' : '') +
        renderBlocks(view.blocks, viewContext(view)) +
        '</form>' +
        '<div class="modal-foot">' +
        (stack.length > 1 ? '<span class="modal-depth">' + stack.length + ' / 3</span>' : '') +
        '<button type="button" class="btn" data-modal-close="' +
        esc(view.id) +
        '">' +
        (view.close ? plainText(view.close) : esc(t('cancel'))) +
        '</button>' +
        (view.submit
          ? '<button type="button" class="btn btn-primary" data-modal-submit="' +
            esc(view.id) +
            '">' +
            plainText(view.submit) +
            '</button>'
          : '') +
        '</div></div></div>'
      );
    };
    if (setView('modal', root, view, html) && opened) {
      ui.html.modalId = view.id;
      const input = root.querySelector('input, textarea, select');
      if (input) input.focus();
    }
  }

  function renderActivity() {
    const drawer = $('activity');
    drawer.hidden = !ui.activityOpen;
    $('activity-toggle').setAttribute('aria-expanded', String(ui.activityOpen));
    if (!ui.activityOpen) return;
    const items = ui.state.activity.slice().reverse();
    const html = items
      .map(function (a) {
        return (
          '<li class="' +
          esc(a.dir) +
          (a.ok ? '' : ' fail') +
          '"><span class="dir">' +
          (a.dir === 'to-app' ? '→ app' : '← app') +
          '</span><span class="what">' +
          esc(a.what) +
          ' <time class="msg-time">' +
          esc(fmt(new Date(a.at), { hour: '2-digit', minute: '2-digit', second: '2-digit' })) +
          '</time></span>' +
          (a.detail ? '<span class="detail">' + esc(a.detail) + '</span>' : '') +
          '</li>'
        );
      })
      .join('');
    setHtml('activity', $('activity-list'), html);
  }

  // ---------- the mailbox ----------

  function mailTime(at) {
    return fmt(new Date(at), { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
  }

  function renderMail() {
    const m = ui.state.mail;
    $('mail-toggle').hidden = !m;
    if (!m) {
      ui.mailOpen = false;
      $('mailbox').hidden = true;
      return;
    }
    // A sandbox started over numbers its e-mails from 1 again.
    if (m.latest < ui.mail.seen) ui.mail.seen = 0;
    if (ui.mailOpen && m.latest !== ui.mail.seen) {
      ui.mail.seen = m.latest;
      store.set('mail-seen', String(m.latest));
    }
    $('mail-label').textContent = t('mailbox');
    $('mail-count').hidden = m.count === 0;
    $('mail-count').textContent = String(m.count);
    $('mail-toggle').classList.toggle('unread', m.latest > ui.mail.seen);
    $('mail-toggle').setAttribute('aria-expanded', String(ui.mailOpen));
    $('mailbox').hidden = !ui.mailOpen;
    if (!ui.mailOpen) return;
    $('mail-title').textContent = t('mailbox');
    $('mail-help').textContent =
      m.to === 'mailbox'
        ? fill(t('mailHelp'), { server: m.server, from: m.from }) +
          ' ' +
          t(m.notices === 'always' ? 'mailAlways' : 'mailFallback')
        : fill(t('mailElsewhere'), { server: m.server, from: m.from });
    if (m.to === 'mailbox' && ui.mail.listFor !== m.latest) loadMailList();
    setHtml('mailList', $('mail-list'), mailListHtml(m));
    setHtml('mailView', $('mail-view'), mailViewHtml(m));
  }

  function mailListHtml(m) {
    if (m.to !== 'mailbox') return '';
    if (ui.mail.listFor !== null && ui.mail.list.length === 0)
      return '<li class="mail-empty">' + esc(t('mailEmpty')) + '</li>';
    return ui.mail.list
      .map(function (mail) {
        return (
          '<li><button type="button" class="mail-item' +
          (mail.id === ui.mail.open ? ' selected' : '') +
          '" data-mail="' +
          esc(mail.id) +
          '"><span class="mail-subject">' +
          esc(mail.subject) +
          '</span><time class="msg-time" datetime="' +
          esc(mail.at) +
          '">' +
          esc(mailTime(mail.at)) +
          '</time><span class="mail-to">' +
          esc(t('mailTo')) +
          ': ' +
          esc(mail.to.join(', ')) +
          '</span><span class="mail-id">' +
          esc(mail.messageId) +
          '</span></button></li>'
        );
      })
      .join('');
  }

  /** The open e-mail: its headers, and its HTML in a frame that runs nothing and reaches nothing, or its text. */
  function mailViewHtml(m) {
    const mail = ui.mail.body;
    if (m.to !== 'mailbox' || !ui.mail.list.length) return '';
    if (!mail || mail.id !== ui.mail.open) return '<p class="mail-pick">' + esc(t('mailPick')) + '</p>';
    const html = mail.html !== '' && ui.mail.view === 'html';
    const row = function (label, value) {
      return '<dt>' + esc(label) + '</dt><dd>' + esc(value) + '</dd>';
    };
    const tab = function (view, label) {
      return (
        '<button type="button" class="btn btn-small' +
        ((view === 'html') === html ? ' active' : '') +
        '" data-mail-view="' +
        view +
        '"' +
        (view === 'html' && mail.html === '' ? ' disabled' : '') +
        '>' +
        esc(label) +
        '</button>'
      );
    };
    return (
      '<h3 class="mail-heading">' +
      esc(mail.subject) +
      '</h3><dl class="mail-meta">' +
      row(t('mailFrom'), mail.from) +
      row(t('mailTo'), mail.to.join(', ')) +
      row(t('mailAt'), mailTime(mail.at)) +
      row('Message-ID', mail.messageId) +
      '</dl><div class="mail-tabs">' +
      tab('html', t('mailHtml')) +
      tab('text', t('mailText')) +
      (mail.html === '' ? '<span class="mail-note">' + esc(t('mailNoHtml')) + '</span>' : '') +
      '</div>' +
      (html
        ? '<iframe class="mail-frame" sandbox="" referrerpolicy="no-referrer" title="' +
          esc(mail.subject) +
          '" srcdoc="' +
          esc(mail.html) +
          '"></iframe>'
        : '<pre class="mail-text">' + esc(mail.text) + '</pre>')
    );
  }

  async function loadMailList() {
    if (ui.mail.loading) return;
    ui.mail.loading = true;
    const latest = ui.state.mail.latest;
    let body = null;
    try {
      const res = await fetch('/sandbox/mail?limit=100', { cache: 'no-store' });
      body = await res.json();
    } catch {
      body = null;
    }
    ui.mail.loading = false;
    // A failure is tried again at the next change of the workspace, not at once.
    ui.mail.listFor = latest;
    if (!body || !body.ok) return reportFailure(body || { ok: false, error: 'network' });
    ui.mail.list = body.mails;
    // The newest opens by itself until the person picks one.
    if (ui.mail.open === null && body.mails.length) openMail(body.mails[0].id);
    renderMail();
  }

  async function openMail(id) {
    ui.mail.open = id;
    renderMail();
    try {
      const res = await fetch('/sandbox/mail/' + encodeURIComponent(id), { cache: 'no-store' });
      const body = await res.json();
      if (!body.ok) return reportFailure(body);
      if (ui.mail.open !== id) return;
      ui.mail.body = body.mail;
    } catch {
      return reportFailure({ ok: false, error: 'network' });
    }
    renderMail();
  }

  function toast(level, text) {
    const el = document.createElement('div');
    el.className = 'toast ' + level;
    el.textContent = text;
    $('toasts').appendChild(el);
    setTimeout(
      function () {
        el.remove();
      },
      level === 'info' ? 5000 : 9000,
    );
  }

  function showNotices() {
    for (const n of ui.state.notices) {
      if (n.id <= ui.lastNotice) continue;
      ui.lastNotice = n.id;
      toast(n.level, n.text);
    }
  }

  function reportFailure(res) {
    if (res && res.ok === false && res.error && res.error !== 'app_failed' && res.error !== 'unknown_command')
      toast('error', res.message || errorText(res.error));
    return res;
  }

  // ---------- the clock ----------

  function tickClock() {
    if (!ui.state) return;
    const now = new Date(Date.now() + ui.clockOffset);
    $('clock-date').textContent = fmt(now, { year: 'numeric', month: '2-digit', day: '2-digit', weekday: 'short' });
    $('clock-time').textContent = fmt(now, { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
    $('clock-zone').textContent = 'JST'; // the terms' time zone, as every message writes it
  }

  function sandboxDate(offsetDays) {
    const d = new Date(Date.now() + ui.clockOffset + (offsetDays || 0) * 86400000);
    const parts = new Intl.DateTimeFormat('en-CA', {
      timeZone: ui.state.timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    }).format(d);
    return parts;
  }

  async function moveClock(body) {
    const res = await post('/sandbox/clock', body);
    if (res.ok) {
      toast('info', '🕘 ' + fmt(new Date(res.now), { dateStyle: 'full', timeStyle: 'short' }));
      $('clock-form').hidden = true;
      $('clock-toggle').setAttribute('aria-expanded', 'false');
    } else reportFailure(res);
  }

  // ---------- values and actions ----------

  /** The raw value of one control (see block-state.ts for what the stand-in makes of it). */
  function readValue(el) {
    const type = el.dataset.type;
    if (type === 'checkboxes')
      return Array.from(el.querySelectorAll('input:checked')).map(function (i) {
        return i.value;
      });
    if (type === 'radio_buttons') {
      const on = el.querySelector('input:checked');
      return on ? on.value : null;
    }
    if (type === 'multi_static_select')
      return Array.from(el.selectedOptions).map(function (o) {
        return o.value;
      });
    const v = el.value;
    return v === '' ? null : v;
  }

  /** Everything entered in a surface: { block_id: { action_id: value } }. */
  function collectValues(root) {
    const values = {};
    root.querySelectorAll('[data-type][data-action]').forEach(function (el) {
      const type = el.dataset.type;
      if (type === 'button' || type === 'overflow' || type === 'image') return;
      const b = el.dataset.block;
      (values[b] = values[b] || {})[el.dataset.action] = readValue(el);
    });
    return values;
  }

  function containerOf(el) {
    const root = el.closest('[data-container]');
    return root ? { root: root, container: JSON.parse(root.dataset.container) } : null;
  }

  function blocksOf(container) {
    const s = ui.state;
    if (container.type === 'message') {
      const m = (s.messages[container.channel] || []).find(function (x) {
        return x.ts === container.ts;
      });
      return m ? m.blocks : [];
    }
    if (container.type === 'ephemeral') {
      const e = s.ephemerals.find(function (x) {
        return x.ts === container.ts;
      });
      return e ? e.blocks : [];
    }
    const v = s.modals.concat(s.home ? [s.home] : []).find(function (x) {
      return x.id === container.viewId;
    });
    return v ? v.blocks : [];
  }

  function rememberDraft(el) {
    const found = containerOf(el);
    if (!found || found.container.type !== 'view') return;
    ui.drafts.set(found.container.viewId + '|' + el.dataset.block + '|' + el.dataset.action, readValue(el));
  }

  function confirmDialog(confirm) {
    return new Promise(function (resolve) {
      const root = $('confirm-root');
      const danger = confirm.style === 'danger';
      root.innerHTML =
        '<div class="overlay"><div class="modal confirm" role="alertdialog" aria-modal="true">' +
        '<div class="modal-head"><h2>' +
        plainText(confirm.title) +
        '</h2></div>' +
        '<div class="modal-body">' +
        textObject(confirm.text, ctxBase) +
        '</div>' +
        '<div class="modal-foot"><button type="button" class="btn" data-answer="no">' +
        plainText(confirm.deny || 'Cancel') +
        '</button>' +
        '<button type="button" class="btn ' +
        (danger ? 'btn-danger solid' : 'btn-primary') +
        '" data-answer="yes">' +
        plainText(confirm.confirm || 'OK') +
        '</button></div></div></div>';
      const done = function (answer) {
        root.innerHTML = '';
        document.removeEventListener('keydown', onKey, true);
        resolve(answer);
      };
      const onKey = function (ev) {
        if (ev.key === 'Escape') {
          ev.stopPropagation();
          done(false);
        }
      };
      document.addEventListener('keydown', onKey, true);
      root.querySelectorAll('[data-answer]').forEach(function (b) {
        b.addEventListener('click', function () {
          done(b.dataset.answer === 'yes');
        });
      });
      const yes = root.querySelector('[data-answer="yes"]');
      if (yes) yes.focus();
    });
  }

  /** Sends block_actions for an element (asking first when it has a confirm dialog). */
  async function fire(el, value) {
    const found = containerOf(el);
    if (!found) return;
    const blockId = el.dataset.block;
    const actionId = el.dataset.action;
    const def = findElement(blocksOf(found.container), blockId, actionId);
    if (def && def.confirm && !(await confirmDialog(def.confirm))) {
      if (el.tagName === 'SELECT' || el.tagName === 'INPUT')
        ui.html[found.container.type === 'view' ? 'modal' : 'messages'] = '';
      render(false);
      return;
    }
    if (def && def.type === 'button' && def.url) window.open(def.url, '_blank', 'noopener,noreferrer');
    const body = {
      container: found.container,
      blockId: blockId,
      actionId: actionId,
      values: collectValues(found.root),
    };
    if (value !== undefined) body.value = value;
    el.classList.add('busy');
    const res = await post('/sandbox/action', body);
    el.classList.remove('busy');
    reportFailure(res);
  }

  async function submitModal(viewId, button) {
    const form = document.querySelector('[data-modal-form="' + viewId + '"]');
    if (!form) return;
    button.classList.add('busy');
    const res = await post('/sandbox/submit', { viewId: viewId, values: collectValues(form) });
    button.classList.remove('busy');
    if (res && res.ok === false && res.outcome !== 'refused' && res.outcome !== 'failed') reportFailure(res);
  }

  async function closeModal(viewId) {
    reportFailure(await post('/sandbox/close', { viewId: viewId }));
  }

  // ---------- the composers ----------

  async function sendFrom(input, threadTs) {
    const text = input.value;
    if (!text.trim()) return;
    const c = currentChannel();
    if (!c) return;
    const command = /^\s*\//.test(text);
    input.disabled = true;
    const res = command
      ? await post('/sandbox/command', { channel: c.id, text: text.trim() })
      : await post('/sandbox/message', { channel: c.id, text: text, threadTs: threadTs });
    input.disabled = false;
    // Slack clears the box once the message (or command) is on its way, whatever the app says.
    if (res.ok || res.error === 'app_failed' || res.error === 'unknown_command') {
      input.value = '';
      autosize(input);
      updateHint();
    }
    reportFailure(res);
    input.focus();
  }

  function autosize(input) {
    input.style.height = 'auto';
    input.style.height = Math.min(input.scrollHeight, 160) + 'px';
  }

  function updateHint() {
    const input = $('composer-input');
    const hint = $('composer-hint');
    const m = /^\s*(\/\S*)/.exec(input.value);
    if (!m || !ui.state) {
      hint.hidden = true;
      return;
    }
    const matching = ui.state.commands.filter(function (c) {
      return c.indexOf(m[1]) === 0;
    });
    hint.hidden = false;
    hint.innerHTML =
      (matching.length ? matching : [m[1]])
        .map(function (c) {
          return '<code>' + esc(c) + '</code> ';
        })
        .join('') + esc(t('commandHint'));
  }

  function wireComposer(input, form, threadTs) {
    input.addEventListener('keydown', function (ev) {
      // Enter sends; Shift+Enter is a new line; Enter that confirms Japanese input (IME) does neither.
      if (ev.key === 'Enter' && !ev.shiftKey && !ev.isComposing && ev.keyCode !== 229) {
        ev.preventDefault();
        sendFrom(input, threadTs());
      }
    });
    input.addEventListener('input', function () {
      autosize(input);
      if (input.id === 'composer-input') updateHint();
    });
    form.addEventListener('submit', function (ev) {
      ev.preventDefault();
      sendFrom(input, threadTs());
    });
  }

  // ---------- events ----------

  function go(place) {
    ui.place = place;
    store.set('place', place);
    ui.thread = null;
    ui.html.messages = '';
    render(false);
    if (place !== 'home') $('composer-input').focus();
  }

  function start() {
    document.addEventListener('click', function (ev) {
      const target = ev.target instanceof Element ? ev.target : null;
      if (!target) return;
      const menuOpen = document.querySelector('.bk-menu:not([hidden])');
      if (menuOpen && !menuOpen.parentElement.contains(target)) menuOpen.hidden = true;
      const el = target.closest('button, [data-place]');
      if (!el) return;
      if (el.dataset.place) return go(el.dataset.place);
      if (el.dataset.openThread) {
        const c = currentChannel();
        ui.thread = { channel: c.id, ts: el.dataset.openThread };
        ui.html.thread = '';
        renderThread();
        $('thread-input').focus();
        return;
      }
      if (el.dataset.dismiss) {
        ui.dismissed.add(el.dataset.dismiss);
        ui.html.messages = '';
        ui.html.thread = '';
        return render(false);
      }
      if (el.dataset.mail) return openMail(Number(el.dataset.mail));
      if (el.dataset.mailView) {
        ui.mail.view = el.dataset.mailView;
        return renderMail();
      }
      if (el.dataset.modalClose) return closeModal(el.dataset.modalClose);
      if (el.dataset.modalSubmit) return submitModal(el.dataset.modalSubmit, el);
      if (el.classList.contains('bk-overflow-toggle')) {
        const menu = el.parentElement.querySelector('.bk-menu');
        menu.hidden = !menu.hidden;
        return;
      }
      if (el.classList.contains('bk-menu-item')) {
        el.parentElement.hidden = true;
        return fire(el.closest('[data-type="overflow"]'), el.dataset.value);
      }
      if (el.classList.contains('bk-btn')) return fire(el, undefined);
    });

    document.addEventListener('change', function (ev) {
      const target = ev.target instanceof Element ? ev.target : null;
      const el = target && target.closest('[data-type][data-action]');
      if (!el) return;
      rememberDraft(el);
      if (el.dataset.live) fire(el, readValue(el));
    });

    document.addEventListener('input', function (ev) {
      const target = ev.target instanceof Element ? ev.target : null;
      const el = target && target.closest('[data-type][data-action]');
      if (el) rememberDraft(el);
    });

    document.addEventListener('keydown', function (ev) {
      const target = ev.target instanceof Element ? ev.target : null;
      // Enter in a dispatching text input is an action (dispatch_action_config: on_enter_pressed).
      if (target && ev.key === 'Enter' && !ev.isComposing && target.matches('input[data-live][data-type$="_input"]')) {
        ev.preventDefault();
        return fire(target, readValue(target));
      }
      if (ev.key === 'Escape' && ui.state && ui.state.modals.length && !$('confirm-root').innerHTML) {
        const top = ui.state.modals[ui.state.modals.length - 1];
        closeModal(top.id);
      }
    });

    document.addEventListener('submit', function (ev) {
      const target = ev.target instanceof Element ? ev.target : null;
      if (target && target.matches('[data-modal-form]')) ev.preventDefault();
    });

    $('user-select').addEventListener('change', function (ev) {
      ui.me = ev.target.value;
      store.set('me', ui.me);
      ui.thread = null;
      ui.html = { sidebar: '', messages: '', thread: '', home: '', modal: '', activity: '', header: '' };
      ui.homeOpenedFor = null;
      ui.lastNotice = null;
      refetch();
    });

    wireComposer($('composer-input'), $('composer'), function () {
      return undefined;
    });
    wireComposer($('thread-input'), $('thread-composer'), function () {
      return ui.thread ? ui.thread.ts : undefined;
    });
    $('thread-close').addEventListener('click', function () {
      ui.thread = null;
      renderThread();
    });

    // The activity and the mailbox open in the same place: one at a time.
    $('activity-toggle').addEventListener('click', function () {
      ui.activityOpen = !ui.activityOpen;
      if (ui.activityOpen) ui.mailOpen = false;
      ui.html.activity = '';
      if (ui.state) {
        renderActivity();
        renderMail();
      }
    });
    $('activity-close').addEventListener('click', function () {
      ui.activityOpen = false;
      renderActivity();
    });
    $('mail-toggle').addEventListener('click', function () {
      ui.mailOpen = !ui.mailOpen;
      if (ui.mailOpen) ui.activityOpen = false;
      if (ui.state) {
        renderActivity();
        renderMail();
      }
    });
    $('mail-close').addEventListener('click', function () {
      ui.mailOpen = false;
      if (ui.state) renderMail();
    });

    $('clock-toggle').addEventListener('click', function () {
      const form = $('clock-form');
      form.hidden = !form.hidden;
      $('clock-toggle').setAttribute('aria-expanded', String(!form.hidden));
      if (!form.hidden && ui.state) {
        $('clock-date-input').value = sandboxDate(1);
        $('clock-date-input').focus();
      }
    });
    $('clock-form').addEventListener('submit', function (ev) {
      ev.preventDefault();
      moveClock({ date: $('clock-date-input').value, time: $('clock-time-input').value });
    });
    document.querySelectorAll('#clock-form [data-days]').forEach(function (b) {
      b.addEventListener('click', function () {
        moveClock({ instant: new Date(Date.now() + ui.clockOffset + Number(b.dataset.days) * 86400000).toISOString() });
      });
    });

    setInterval(tickClock, 1000);
    pollLoop();
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
