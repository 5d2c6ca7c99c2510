/*! TechBridge chat widget. Embed with one tag:
 *   <script src="https://HOST/widget.js" data-api="https://HOST" data-title="..." data-lang="zh|en"
 *           data-color="#0b5cab" data-position="bottom-right|bottom-left" data-greeting="..."></script>
 *
 * Vanilla JS, no build step, no network but the configured API. The UI lives in a Shadow DOM with its own
 * styles, so the host page's CSS cannot reach it and its CSS cannot reach the page.
 *
 * Safety rule: nothing that comes from the API (answers, titles, snippets, URLs) or from storage is ever
 * parsed as HTML. Text goes in through textContent / Node.append(string); [n] markers and links are built
 * with DOM APIs; only absolute http(s) URLs become hrefs. This file has no HTML-parsing sinks at all
 * (tests/test_web.py checks that).
 */
(function () {
  'use strict';

  var VERSION = '1.0.0';
  if (window.TechBridgeWidget) return; // embedded twice: keep the first

  var script = document.currentScript; // only readable now, not in later callbacks
  var data = (script && script.dataset) || {};
  var NARROW = '(max-width: 520px)'; // phones: the panel goes full screen
  var MAX_HISTORY = 60; // messages kept for re-rendering after a reload
  var MAX_MESSAGE = 4000; // ChatRequest.message max_length (bot/chat/types.py)
  var MAX_COMMENT = 2000; // FeedbackRequest.comment max_length (bot/api/feedback.py)

  // ---- configuration -----------------------------------------------------------------------------
  function resolveApiBase() {
    var fallback = location.origin;
    try {
      if (script && script.src) fallback = new URL(script.src, location.href).origin;
      // data-api="" (or absent) means "the server that served this script".
      var url = new URL(data.api || fallback, location.href);
      if (url.protocol !== 'http:' && url.protocol !== 'https:') return fallback;
      return url.href.replace(/\/+$/, '');
    } catch (e) {
      return fallback;
    }
  }

  var apiBase = resolveApiBase();
  var storeKey = 'techbridge-widget:v1:' + apiBase;
  var openKey = 'techbridge-widget:open:' + apiBase;
  var langKey = 'techbridge-widget:lang';

  var STRINGS = {
    en: {
      title: 'TechBridge Assistant',
      subtitle: 'Answers cite their sources',
      greeting: 'Hello! Ask me about technology-transfer policies, available technologies, ' +
        'enterprise demands or upcoming matchmaking events.',
      open: 'Open chat', close: 'Close chat',
      log: 'Conversation', inputLabel: 'Your question', placeholder: 'Ask a question\u2026',
      send: 'Send', stop: 'Stop answering', newChat: 'Start a new conversation',
      switchLang: '\u4e2d\u6587', switchLangLabel: '\u5207\u6362\u5230\u4e2d\u6587 (switch to Chinese)',
      searching: 'Searching the knowledge base', sources: 'Sources', excerpt: 'Show excerpt',
      source: 'Source', cite: 'Source %n: %t', opensNewTab: '(opens in a new tab)',
      helpfulQ: 'Was this helpful?', helpful: 'Helpful', notHelpful: 'Not helpful',
      commentLabel: 'Tell us more (optional)', commentPlaceholder: 'What was missing or wrong?',
      submit: 'Send feedback', skip: 'Skip', thanks: 'Thanks for your feedback.',
      feedbackFailed: 'Could not send the feedback. Please try again.',
      suggested: 'Suggested questions', stopped: 'Stopped.',
      errorNetwork: 'Cannot reach the assistant. Check your connection and try again.',
      errorServer: 'Sorry, something went wrong while answering. Please try again.',
      errorTooLong: 'That message is too long. Please shorten it.', retry: 'Retry',
      errorBusy: 'Too many questions in a short time. Please wait a moment and try again.',
      disclaimer: 'Answers come from the knowledge base: check the sources.',
      kinds: { news: 'News', regulation: 'Regulation', achievement: 'Technology', demand: 'Demand',
        event: 'Event' },
      starters: ['How many achievements has Liaoning collected in recent years?',
        'What matchmaking events are coming up?', 'What does the law say about rewards for inventors?']
    },
    zh: {
      title: 'TechBridge \u6210\u679c\u8f6c\u5316\u52a9\u624b',
      subtitle: '\u7b54\u6848\u5747\u6ce8\u660e\u51fa\u5904',
      greeting: '\u60a8\u597d\uff01\u53ef\u4ee5\u95ee\u6211\u79d1\u6280\u6210\u679c\u8f6c\u5316\u653f\u7b56\u3001\u53ef\u8f6c\u5316\u7684' +
        '\u79d1\u6280\u6210\u679c\u3001\u4f01\u4e1a\u6280\u672f\u9700\u6c42\u6216\u8fd1\u671f\u7684\u5bf9\u63a5\u6d3b\u52a8\u3002',
      open: '\u6253\u5f00\u5bf9\u8bdd', close: '\u5173\u95ed\u5bf9\u8bdd',
      log: '\u5bf9\u8bdd\u8bb0\u5f55',
      inputLabel: '\u60a8\u7684\u95ee\u9898', placeholder: '\u8bf7\u8f93\u5165\u95ee\u9898\u2026',
      send: '\u53d1\u9001', stop: '\u505c\u6b62\u56de\u7b54', newChat: '\u5f00\u59cb\u65b0\u5bf9\u8bdd',
      switchLang: 'EN', switchLangLabel: 'Switch to English (\u5207\u6362\u5230\u82f1\u6587)',
      searching: '\u6b63\u5728\u68c0\u7d22\u77e5\u8bc6\u5e93', sources: '\u53c2\u8003\u6765\u6e90',
      excerpt: '\u67e5\u770b\u6458\u5f55', source: '\u6765\u6e90', cite: '\u6765\u6e90 %n\uff1a%t',
      opensNewTab: '\uff08\u5728\u65b0\u6807\u7b7e\u9875\u6253\u5f00\uff09',
      helpfulQ: '\u8fd9\u4e2a\u56de\u7b54\u6709\u5e2e\u52a9\u5417\uff1f', helpful: '\u6709\u5e2e\u52a9',
      notHelpful: '\u6ca1\u6709\u5e2e\u52a9', commentLabel: '\u8865\u5145\u8bf4\u660e\uff08\u9009\u586b\uff09',
      commentPlaceholder: '\u54ea\u91cc\u4e0d\u5bf9\u6216\u7f3a\u5c11\u4e86\u4ec0\u4e48\uff1f',
      submit: '\u63d0\u4ea4\u53cd\u9988', skip: '\u8df3\u8fc7', thanks: '\u611f\u8c22\u60a8\u7684\u53cd\u9988\u3002',
      feedbackFailed: '\u53cd\u9988\u672a\u80fd\u53d1\u9001\uff0c\u8bf7\u7a0d\u540e\u518d\u8bd5\u3002',
      suggested: '\u63a8\u8350\u95ee\u9898', stopped: '\u5df2\u505c\u6b62\u3002',
      errorNetwork: '\u65e0\u6cd5\u8fde\u63a5\u5230\u52a9\u624b\uff0c\u8bf7\u68c0\u67e5\u7f51\u7edc\u540e\u91cd\u8bd5\u3002',
      errorServer: '\u62b1\u6b49\uff0c\u56de\u7b54\u65f6\u51fa\u73b0\u9519\u8bef\uff0c\u8bf7\u91cd\u8bd5\u3002',
      errorTooLong: '\u95ee\u9898\u592a\u957f\uff0c\u8bf7\u7cbe\u7b80\u540e\u518d\u53d1\u9001\u3002', retry: '\u91cd\u8bd5',
      errorBusy: '\u63d0\u95ee\u8fc7\u4e8e\u9891\u7e41\uff0c\u8bf7\u7a0d\u540e\u518d\u8bd5\u3002',
      disclaimer: '\u7b54\u6848\u6765\u81ea\u77e5\u8bc6\u5e93\uff0c\u8bf7\u4ee5\u6240\u5f15\u6765\u6e90\u4e3a\u51c6\u3002',
      kinds: { news: '\u65b0\u95fb', regulation: '\u6cd5\u89c4\u653f\u7b56', achievement: '\u79d1\u6280\u6210\u679c',
        demand: '\u6280\u672f\u9700\u6c42', event: '\u5bf9\u63a5\u6d3b\u52a8' },
      starters: ['\u8fbd\u5b81\u8fd1\u5e74\u6765\u5f81\u96c6\u4e86\u591a\u5c11\u9879\u79d1\u6280\u6210\u679c\uff1f',
        '\u8fd1\u671f\u6709\u54ea\u4e9b\u5bf9\u63a5\u4f1a\uff1f',
        '\u6211\u4eec\u4f01\u4e1a\u80fd\u4eab\u53d7\u54ea\u4e9b\u6210\u679c\u8f6c\u5316\u653f\u7b56\uff1f']
    }
  };

  // ---- storage (may be disabled or full: fall back to memory) --------------------------------------
  function storageArea(name) {
    try {
      var area = window[name];
      var probe = '__techbridge_probe__';
      area.setItem(probe, '1');
      area.removeItem(probe);
      return area;
    } catch (e) {
      return null;
    }
  }
  var local = storageArea('localStorage');
  var session = storageArea('sessionStorage');

  function readJson(area, key) {
    if (!area) return null;
    try {
      var raw = area.getItem(key);
      return raw ? JSON.parse(raw) : null;
    } catch (e) {
      return null;
    }
  }

  function writeJson(area, key, value) {
    if (!area) return;
    try {
      area.setItem(key, JSON.stringify(value));
    } catch (e) { /* quota exceeded: the conversation still works, it just will not survive a reload */ }
  }

  function str(value) {
    return typeof value === 'string' ? value : value == null ? '' : String(value);
  }

  function validSessionId(value) {
    return typeof value === 'string' && /^[A-Za-z0-9_-]{1,64}$/.test(value) ? value : null;
  }

  function cleanCitations(list) {
    if (!Array.isArray(list)) return [];
    return list.filter(function (c) { return c && typeof c === 'object'; }).map(function (c) {
      return { n: Number(c.n) || 0, doc_id: str(c.doc_id), kind: str(c.kind), title: str(c.title),
        source: str(c.source), url: str(c.url), date: str(c.date), locator: str(c.locator),
        snippet: str(c.snippet) };
    });
  }

  function loadState() {
    var saved = readJson(local, storeKey) || {};
    var messages = Array.isArray(saved.messages) ? saved.messages : [];
    return {
      sessionId: validSessionId(saved.sessionId),
      messages: messages.filter(function (m) {
        return m && (m.role === 'user' || m.role === 'assistant') && typeof m.text === 'string';
      }).map(function (m) {
        return { role: m.role, text: m.text, citations: cleanCitations(m.citations),
          suggestions: Array.isArray(m.suggestions) ? m.suggestions.filter(function (s) {
            return typeof s === 'string';
          }) : [],
          messageId: validSessionId(m.messageId), sessionId: validSessionId(m.sessionId),
          rating: m.rating === 'up' || m.rating === 'down' ? m.rating : null, stopped: !!m.stopped };
      }).slice(-MAX_HISTORY)
    };
  }

  var state = loadState();

  function saveState() {
    state.messages = state.messages.slice(-MAX_HISTORY);
    writeJson(local, storeKey, state);
  }

  function pickLang() {
    var chosen = readJson(local, langKey);
    if (chosen === 'zh' || chosen === 'en') return chosen;
    if (data.lang === 'zh' || data.lang === 'en') return data.lang;
    var nav = str(navigator.language || (navigator.languages && navigator.languages[0])).toLowerCase();
    return nav.indexOf('zh') === 0 ? 'zh' : 'en';
  }

  var lang = pickLang();
  function t(key) { return STRINGS[lang][key]; }

  // ---- server-sent events over fetch (EventSource only does GET) -----------------------------------
  /** A small incremental parser for text/event-stream (WHATWG HTML, "event stream interpretation"):
   *  lines end with CRLF, LF or CR; a blank line dispatches; `event:` names it, `data:` lines join with
   *  "\n"; one space after the colon is dropped; lines starting with ":" are comments (keep-alive pings). */
  function createSseParser(onEvent) {
    var buffer = '';
    var type = '';
    var lines = [];
    var hasData = false;

    function line(text) {
      if (text === '') {
        if (hasData) onEvent(type || 'message', lines.join('\n'));
        type = ''; lines = []; hasData = false;
        return;
      }
      if (text.charAt(0) === ':') return;
      var colon = text.indexOf(':');
      var field = colon === -1 ? text : text.slice(0, colon);
      var value = colon === -1 ? '' : text.slice(colon + 1);
      if (value.charAt(0) === ' ') value = value.slice(1);
      if (field === 'event') type = value;
      else if (field === 'data') { lines.push(value); hasData = true; }
      // `id` and `retry` only matter for reconnecting EventSources; a POST answer is one-shot.
    }

    function push(chunk) {
      buffer += chunk;
      var start = 0;
      for (var i = 0; i < buffer.length; i++) {
        var c = buffer.charAt(i);
        if (c !== '\n' && c !== '\r') continue;
        if (c === '\r' && i === buffer.length - 1) break; // may be the first half of a CRLF
        line(buffer.slice(start, i));
        if (c === '\r' && buffer.charAt(i + 1) === '\n') i++;
        start = i + 1;
      }
      buffer = buffer.slice(start);
    }

    function end() {
      if (buffer.charAt(buffer.length - 1) === '\r') push('\n');
      buffer = ''; // an unterminated last event is discarded, as the spec says
    }

    return { push: push, end: end };
  }

  // ---- DOM helpers ---------------------------------------------------------------------------------
  function el(tag, attrs) {
    var node = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (key) {
        var value = attrs[key];
        if (value == null || value === false) return;
        if (key === 'class') node.className = value;
        else if (typeof value === 'function') node.addEventListener(key.replace(/^on/, ''), value);
        else node.setAttribute(key, value === true ? '' : String(value));
      });
    }
    for (var i = 2; i < arguments.length; i++) {
      var child = arguments[i];
      if (child == null || child === false) continue;
      node.append(child); // strings become Text nodes: never parsed as markup
    }
    return node;
  }

  var SVG = 'http://www.w3.org/2000/svg';
  var ICONS = { // stroke paths on a 24x24 grid (Feather icons, MIT)
    chat: 'M21 15a2 2 0 0 1-2 2H7l-4 4V5a2 2 0 0 1 2-2h14a2 2 0 0 1 2 2z',
    close: 'M18 6L6 18M6 6l12 12',
    send: 'M22 2L11 13M22 2l-7 20-4-9-9-4 20-7z',
    stop: 'M7 7h10v10H7z',
    compose: 'M12 20h9M16.5 3.5a2.12 2.12 0 0 1 3 3L7 19l-4 1 1-4L16.5 3.5z',
    up: 'M14 9V5a3 3 0 0 0-3-3l-4 9v11h11.28a2 2 0 0 0 2-1.7l1.38-9a2 2 0 0 0-2-2.3zM7 22H4a2 2 0 0 1-2-2v-7' +
      'a2 2 0 0 1 2-2h3',
    down: 'M10 15v4a3 3 0 0 0 3 3l4-9V2H5.72a2 2 0 0 0-2 1.7l-1.38 9a2 2 0 0 0 2 2.3zm7-13h2.67A2.31 2.31 0 0 1 ' +
      '22 4v7a2.31 2.31 0 0 1-2.33 2H17',
    external: 'M18 13v6a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2V8a2 2 0 0 1 2-2h6M15 3h6v6M10 14L21 3',
    spark: 'M12 3l1.9 5.6L19.5 10l-5.6 1.9L12 17.5l-1.9-5.6L4.5 10l5.6-1.4z'
  };

  function icon(name, cls) {
    var svg = document.createElementNS(SVG, 'svg');
    svg.setAttribute('viewBox', '0 0 24 24');
    svg.setAttribute('aria-hidden', 'true');
    svg.setAttribute('focusable', 'false');
    if (cls) svg.setAttribute('class', cls);
    var path = document.createElementNS(SVG, 'path');
    path.setAttribute('d', ICONS[name]);
    svg.append(path);
    return svg;
  }

  /** Absolute http(s) URLs only: `javascript:`, `data:` and relative links never become hrefs. */
  function safeHttpUrl(value) {
    if (typeof value !== 'string' || !value) return null;
    try {
      var url = new URL(value);
      return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null;
    } catch (e) {
      return null;
    }
  }

  function externalLink(href, label, cls) {
    return el('a', { class: cls, href: href, target: '_blank', rel: 'noopener noreferrer' }, label,
      el('span', { class: 'sr-only' }, ' ' + t('opensNewTab')));
  }

  // ---- styles --------------------------------------------------------------------------------------
  // px everywhere, never rem: the host page's root font size must not resize the widget.
  var CSS = [
    ':host{all:initial!important;display:block!important;position:static!important;visibility:visible!important;' +
      'opacity:1!important;transform:none!important;contain:none!important}',
    '*,*::before,*::after{box-sizing:border-box}',
    '[hidden]{display:none!important}',
    '.root{--tb-accent:#0b5cab;--tb-on-accent:#fff;--tb-ink:#0b5cab;--tb-soft:rgba(11,92,171,.1);' +
      '--tb-fg:#1c2434;--tb-muted:#5d677a;--tb-border:#e2e6ed;--tb-bg:#fff;--tb-log:#f7f8fb;' +
      'font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,"PingFang SC",' +
      '"Hiragino Sans GB","Microsoft YaHei","Noto Sans CJK SC","Noto Sans SC",sans-serif;font-size:14px;' +
      'line-height:1.5;color:var(--tb-fg);font-weight:400;font-style:normal;letter-spacing:normal;' +
      'text-align:left;text-transform:none;-webkit-font-smoothing:antialiased;direction:ltr}',
    'button,textarea{font:inherit;color:inherit;letter-spacing:inherit;text-transform:none;margin:0}',
    'button{cursor:pointer;background:none;border:0;padding:0}',
    'button:disabled{cursor:default;opacity:.5}',
    ':focus{outline:none}',
    ':focus-visible{outline:2px solid var(--tb-ink);outline-offset:2px}',
    'svg{width:18px;height:18px;fill:none;stroke:currentColor;stroke-width:2;stroke-linecap:round;' +
      'stroke-linejoin:round;flex:none}',
    '.sr-only{position:absolute!important;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;' +
      'clip:rect(0 0 0 0);white-space:nowrap;border:0}',
    '.launcher{position:fixed;right:20px;bottom:20px;z-index:2147483000;width:56px;height:56px;' +
      'border-radius:50%;background:var(--tb-accent);color:var(--tb-on-accent);display:flex;' +
      'align-items:center;justify-content:center;box-shadow:0 6px 20px rgba(15,23,42,.28);' +
      'transition:transform .15s ease,box-shadow .15s ease}',
    '.launcher:hover{transform:translateY(-1px) scale(1.04);box-shadow:0 10px 28px rgba(15,23,42,.32)}',
    '.launcher svg{width:26px;height:26px}',
    '.left .launcher{right:auto;left:20px}',
    '.panel{position:fixed;right:20px;bottom:88px;z-index:2147483000;width:392px;max-width:calc(100vw - 40px);' +
      'height:620px;max-height:calc(100vh - 112px);display:flex;flex-direction:column;background:var(--tb-bg);' +
      'border-radius:16px;overflow:hidden;box-shadow:0 16px 48px rgba(15,23,42,.22),0 0 0 1px rgba(15,23,42,.06);' +
      'animation:tb-in .18s ease-out}',
    '.left .panel{right:auto;left:20px}',
    '@keyframes tb-in{from{opacity:0;transform:translateY(8px)}to{opacity:1;transform:none}}',
    '.head{display:flex;align-items:center;gap:10px;padding:14px 12px 14px 16px;background:var(--tb-accent);' +
      'color:var(--tb-on-accent);flex:none}',
    '.head :focus-visible{outline-color:var(--tb-on-accent)}',
    '.avatar{width:34px;height:34px;border-radius:10px;background:rgba(255,255,255,.18);display:flex;' +
      'align-items:center;justify-content:center;flex:none}',
    '.avatar svg{width:20px;height:20px}',
    '.heading{flex:1;min-width:0}',
    '.title{margin:0;font-size:15px;font-weight:650;line-height:1.3;white-space:nowrap;overflow:hidden;' +
      'text-overflow:ellipsis}',
    '.subtitle{margin:1px 0 0;font-size:12px;opacity:.85;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}',
    '.hbtn{width:32px;height:32px;border-radius:8px;display:flex;align-items:center;justify-content:center;' +
      'color:inherit;flex:none}',
    '.hbtn:hover{background:rgba(255,255,255,.16)}',
    '.hbtn.lang{width:auto;min-width:32px;padding:0 8px;font-size:12px;font-weight:600;' +
      'border:1px solid rgba(255,255,255,.45)}',
    '.log{flex:1;overflow-y:auto;overscroll-behavior:contain;padding:16px 14px;background:var(--tb-log);' +
      'display:flex;flex-direction:column;gap:12px}',
    '.msg{display:flex;max-width:100%}',
    '.msg.user{justify-content:flex-end}',
    '.bubble{max-width:88%;padding:10px 13px;border-radius:14px;overflow-wrap:anywhere}',
    '.user .bubble{background:var(--tb-accent);color:var(--tb-on-accent);border-bottom-right-radius:4px;' +
      'white-space:pre-wrap}',
    '.bot .bubble{background:var(--tb-bg);border:1px solid var(--tb-border);border-bottom-left-radius:4px;' +
      'box-shadow:0 1px 2px rgba(15,23,42,.04)}',
    '.bot.wide .bubble{width:88%}',
    '.text{white-space:pre-wrap}',
    '.text a{color:var(--tb-ink);text-decoration:underline;text-underline-offset:2px}',
    '.streaming .text::after{content:"\\258D";margin-left:1px;color:var(--tb-muted);animation:tb-blink 1s steps(2) infinite}',
    '@keyframes tb-blink{50%{opacity:0}}',
    '.typing{display:inline-flex;align-items:center;gap:8px;color:var(--tb-muted)}',
    '.dots{display:inline-flex;gap:3px}',
    '.dots i{width:5px;height:5px;border-radius:50%;background:currentColor;animation:tb-dot 1.2s infinite ease-in-out}',
    '.dots i:nth-child(2){animation-delay:.15s}.dots i:nth-child(3){animation-delay:.3s}',
    '@keyframes tb-dot{0%,80%,100%{opacity:.25;transform:none}40%{opacity:1;transform:translateY(-2px)}}',
    '.cite{display:inline-flex;align-items:center;justify-content:center;min-width:18px;height:18px;' +
      'padding:0 5px;margin:0 1px;border-radius:9px;background:var(--tb-soft);color:var(--tb-ink);font-size:11px;' +
      'font-weight:700;line-height:1;vertical-align:2px}',
    '.cite:hover{background:var(--tb-accent);color:var(--tb-on-accent)}',
    '.sources-label{margin:12px 0 6px;padding-top:10px;border-top:1px solid var(--tb-border);font-size:11px;' +
      'font-weight:650;letter-spacing:.05em;text-transform:uppercase;color:var(--tb-muted)}',
    '.sources{list-style:none;margin:0;padding:0;display:flex;flex-direction:column;gap:8px}',
    '.source{display:flex;gap:8px;padding:4px;margin:-4px;border-radius:8px;transition:background .6s}',
    '.source.flash{background:var(--tb-soft);transition:none}',
    '.num{width:20px;height:20px;border-radius:6px;background:var(--tb-soft);color:var(--tb-ink);' +
      'font-size:11px;font-weight:700;display:flex;align-items:center;justify-content:center;flex:none;margin-top:1px}',
    '.src-body{min-width:0;flex:1}',
    '.src-title{display:block;font-size:13px;font-weight:600;line-height:1.35;color:var(--tb-fg);text-decoration:none}',
    'a.src-title{color:var(--tb-ink)}a.src-title:hover{text-decoration:underline}',
    '.src-meta{font-size:12px;color:var(--tb-muted);margin-top:1px}',
    '.excerpt summary{display:inline-block;margin-top:2px;font-size:12px;color:var(--tb-ink);cursor:pointer;' +
      'list-style:none;border-radius:4px}',
    '.excerpt summary::-webkit-details-marker{display:none}',
    '.excerpt summary::before{content:"";display:inline-block;width:5px;height:5px;margin:0 7px 2px 1px;' +
      'border-right:1.5px solid currentColor;border-bottom:1.5px solid currentColor;transform:rotate(-45deg);' +
      'transition:transform .15s}',
    '.excerpt[open] summary::before{transform:rotate(45deg);margin-bottom:3px}',
    '.snippet{margin:6px 0 0;padding:8px 10px;border-left:3px solid var(--tb-accent);background:var(--tb-log);' +
      'border-radius:0 8px 8px 0;font-size:12.5px;line-height:1.5;color:#334155;white-space:pre-wrap}',
    '.src-from{display:block;margin-top:4px;font-size:11.5px;color:var(--tb-muted)}',
    '.feedback{display:flex;align-items:center;flex-wrap:wrap;gap:2px;margin-top:10px;font-size:12px;' +
      'color:var(--tb-muted)}',
    '.feedback .q{margin-right:4px}',
    '.fb{width:30px;height:30px;border-radius:8px;display:flex;align-items:center;justify-content:center;' +
      'color:var(--tb-muted)}',
    '.fb svg{width:16px;height:16px}',
    '.fb:hover{background:var(--tb-log);color:var(--tb-fg)}',
    '.fb[aria-pressed="true"]{background:var(--tb-soft);color:var(--tb-ink)}',
    '.fb-form{flex-basis:100%;display:flex;flex-direction:column;gap:6px;margin-top:6px}',
    '.fb-form label{font-size:12px;color:var(--tb-muted)}',
    '.fb-form textarea{width:100%;min-height:60px;resize:vertical;padding:8px 10px;border:1px solid var(--tb-border);' +
      'border-radius:10px;background:var(--tb-bg);font-size:13px;color:var(--tb-fg)}',
    '.fb-form textarea:focus,.fb-form textarea:focus-visible{outline:none;border-color:var(--tb-accent);' +
      'box-shadow:0 0 0 3px var(--tb-soft)}',
    '.fb-actions{display:flex;gap:6px;justify-content:flex-end}',
    '.btn{padding:6px 12px;border-radius:8px;font-size:12.5px;font-weight:600;border:1px solid var(--tb-border);' +
      'background:var(--tb-bg);color:var(--tb-fg)}',
    '.btn:hover{background:var(--tb-log)}',
    '.btn.primary{background:var(--tb-accent);border-color:var(--tb-accent);color:var(--tb-on-accent)}',
    '.btn.primary:hover{filter:brightness(1.08)}',
    '.fb-status{flex-basis:100%;font-size:12px}',
    '.fb-status.bad{color:#b42318}',
    '.suggestions{display:flex;flex-wrap:wrap;gap:6px;padding-left:2px}',
    '.chip{padding:6px 12px;border-radius:999px;border:1px solid var(--tb-border);background:var(--tb-bg);' +
      'color:var(--tb-ink);font-size:13px;line-height:1.35;text-align:left;box-shadow:0 1px 2px rgba(15,23,42,.04)}',
    '.chip:hover{background:var(--tb-soft);border-color:transparent}',
    '.error .bubble{background:#fff5f5;border-color:#f5c2c0;color:#8a1c1c}',
    '.error .btn{margin-top:8px}',
    '.note{display:block;margin-top:6px;font-size:12px;color:var(--tb-muted)}',
    '.composer{display:flex;align-items:flex-end;gap:8px;padding:10px 12px 8px;border-top:1px solid var(--tb-border);' +
      'background:var(--tb-bg);flex:none}',
    '.input{flex:1;min-width:0;resize:none;height:40px;max-height:120px;padding:9px 12px;border:1px solid var(--tb-border);' +
      'border-radius:12px;background:var(--tb-bg);font-size:14px;line-height:20px;color:var(--tb-fg);overflow-y:auto}',
    '.input::placeholder{color:#8a93a5}',
    '.input:focus,.input:focus-visible{outline:none;border-color:var(--tb-accent);box-shadow:0 0 0 3px var(--tb-soft)}',
    '.send{width:40px;height:40px;border-radius:12px;background:var(--tb-accent);color:var(--tb-on-accent);' +
      'display:flex;align-items:center;justify-content:center;flex:none}',
    '.send svg{width:18px;height:18px}',
    '.foot{margin:0;padding:0 12px 8px;background:var(--tb-bg);font-size:11px;color:var(--tb-muted);text-align:center;flex:none}',
    '@media ' + NARROW + '{' +
      '.panel,.left .panel{inset:0;width:100%;max-width:none;height:100%;max-height:none;border-radius:0;animation:none}' +
      '.open .launcher{display:none}' +
      '.input{font-size:16px}' + // below 16px iOS Safari zooms the page on focus
      '.avatar{display:none}.head{padding-left:14px}' +
      '.bubble{max-width:92%}.bot.wide .bubble{width:92%}}',
    '@media (prefers-reduced-motion:reduce){*{animation:none!important;transition:none!important}}'
  ].join('\n');

  // ---- colours -------------------------------------------------------------------------------------
  /** Apply data-color (any CSS colour) and derive readable text, link and tint colours from it. */
  function applyColor(root, probe) {
    var wanted = str(data.color).trim();
    if (!wanted || !(window.CSS && CSS.supports && CSS.supports('color', wanted))) return;
    probe.style.color = wanted;
    var match = getComputedStyle(probe).color.match(/[\d.]+/g);
    probe.style.color = '';
    if (!match || match.length < 3) return;
    var rgb = match.slice(0, 3).map(Number);
    var lum = rgb.map(function (v) {
      v /= 255;
      return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    });
    var luminance = 0.2126 * lum[0] + 0.7152 * lum[1] + 0.0722 * lum[2];
    var rgbText = 'rgb(' + rgb.join(',') + ')';
    root.style.setProperty('--tb-accent', rgbText);
    root.style.setProperty('--tb-on-accent', luminance > 0.45 ? '#111827' : '#ffffff');
    // Links and [n] chips sit on white: a pale accent would be unreadable there, so use dark ink.
    root.style.setProperty('--tb-ink', luminance > 0.3 ? '#1c2434' : rgbText);
    root.style.setProperty('--tb-soft', 'rgba(' + rgb.join(',') + ',.12)');
  }

  // ---- the widget ----------------------------------------------------------------------------------
  var host, shadow, root, launcher, panel, titleEl, subtitleEl, langBtn, newBtn, closeBtn, log, form,
    input, sendBtn, foot, inputLabel;
  var busy = false;
  var controller = null;
  var narrow = window.matchMedia ? window.matchMedia(NARROW) : { matches: false };

  function mount() {
    host = document.createElement('techbridge-chat');
    host.setAttribute('data-version', VERSION);
    shadow = host.attachShadow({ mode: 'open' });
    if (shadow.adoptedStyleSheets !== undefined && typeof CSSStyleSheet === 'function' &&
        CSSStyleSheet.prototype.replaceSync) {
      var sheet = new CSSStyleSheet();
      sheet.replaceSync(CSS);
      shadow.adoptedStyleSheets = [sheet];
    } else {
      shadow.append(el('style', null, CSS));
    }

    var left = /left/.test(str(data.position));
    root = el('div', { class: 'root' + (left ? ' left' : ''), onkeydown: onKey });
    launcher = el('button', { type: 'button', class: 'launcher', 'aria-controls': 'tb-panel',
      'aria-expanded': 'false', onclick: toggle });
    titleEl = el('h2', { class: 'title', id: 'tb-title' });
    subtitleEl = el('p', { class: 'subtitle' });
    langBtn = el('button', { type: 'button', class: 'hbtn lang', onclick: switchLang });
    newBtn = el('button', { type: 'button', class: 'hbtn', onclick: reset }, icon('compose'));
    closeBtn = el('button', { type: 'button', class: 'hbtn', onclick: close }, icon('close'));
    log = el('div', { class: 'log', role: 'log', 'aria-live': 'polite', 'aria-relevant': 'additions',
      tabindex: '-1' });
    inputLabel = el('label', { class: 'sr-only', for: 'tb-input' });
    input = el('textarea', { class: 'input', id: 'tb-input', rows: '1', maxlength: String(MAX_MESSAGE),
      autocomplete: 'off', enterkeyhint: 'send' });
    sendBtn = el('button', { type: 'submit', class: 'send' }, icon('send'));
    form = el('form', { class: 'composer', onsubmit: onSubmit }, inputLabel, input, sendBtn);
    foot = el('p', { class: 'foot' });
    panel = el('section', { class: 'panel', id: 'tb-panel', role: 'dialog', 'aria-labelledby': 'tb-title',
      hidden: true },
      el('div', { class: 'head' }, el('div', { class: 'avatar' }, icon('spark')),
        el('div', { class: 'heading' }, titleEl, subtitleEl), langBtn, newBtn, closeBtn),
      log, form, foot);
    root.append(launcher, panel);
    shadow.append(root);
    document.body.append(host);
    applyColor(root, launcher);

    input.addEventListener('keydown', onInputKey);
    input.addEventListener('input', autoGrow);
    applyStrings();
    renderAll();
    if (session && session.getItem(openKey) === '1') open(false);
  }

  function applyStrings() {
    root.setAttribute('lang', lang === 'zh' ? 'zh-CN' : 'en');
    var title = str(data.title).trim() || t('title');
    titleEl.textContent = title;
    subtitleEl.textContent = t('subtitle');
    langBtn.textContent = t('switchLang');
    langBtn.setAttribute('aria-label', t('switchLangLabel'));
    langBtn.setAttribute('title', t('switchLangLabel'));
    setLabel(newBtn, t('newChat'));
    setLabel(closeBtn, t('close'));
    log.setAttribute('aria-label', t('log'));
    inputLabel.textContent = t('inputLabel');
    input.setAttribute('placeholder', t('placeholder'));
    foot.textContent = t('disclaimer');
    updateLauncher();
    updateSend();
  }

  function setLabel(button, label) {
    button.setAttribute('aria-label', label);
    button.setAttribute('title', label);
  }

  function updateLauncher() {
    var isOpen = !panel.hidden;
    launcher.replaceChildren(icon(isOpen ? 'close' : 'chat'));
    launcher.setAttribute('aria-expanded', String(isOpen));
    setLabel(launcher, isOpen ? t('close') : t('open'));
  }

  function updateSend() {
    sendBtn.replaceChildren(icon(busy ? 'stop' : 'send'));
    setLabel(sendBtn, busy ? t('stop') : t('send'));
    langBtn.disabled = busy;
    newBtn.disabled = busy;
  }

  // ---- open / close / keyboard --------------------------------------------------------------------
  function open(focus) {
    panel.hidden = false;
    root.classList.add('open');
    updateLauncher();
    if (session) session.setItem(openKey, '1');
    scrollToEnd(true);
    if (focus !== false) input.focus();
  }

  function close() {
    if (panel.hidden) return;
    panel.hidden = true;
    root.classList.remove('open');
    updateLauncher();
    if (session) session.setItem(openKey, '0');
    launcher.focus();
  }

  function toggle() {
    if (panel.hidden) open(); else close();
  }

  function composing(event) {
    return event.isComposing || event.keyCode === 229; // an IME (pinyin) is still composing: Enter is not "send"
  }

  function onKey(event) {
    if (event.key === 'Escape' && !panel.hidden && !composing(event)) {
      event.preventDefault();
      event.stopPropagation();
      close();
    } else if (event.key === 'Tab' && narrow.matches && !panel.hidden) {
      trapFocus(event); // full screen on phones: the panel is effectively modal
    }
  }

  function trapFocus(event) {
    var items = Array.prototype.filter.call(
      panel.querySelectorAll('button:not([disabled]),textarea:not([disabled]),a[href],summary'),
      function (node) { return node.getClientRects().length > 0; });
    if (!items.length) return;
    var first = items[0];
    var last = items[items.length - 1];
    var active = shadow.activeElement;
    if (event.shiftKey && active === first) { event.preventDefault(); last.focus(); }
    else if (!event.shiftKey && active === last) { event.preventDefault(); first.focus(); }
  }

  function onInputKey(event) {
    if (event.key === 'Enter' && !event.shiftKey && !composing(event)) {
      event.preventDefault();
      if (!busy) send();
    }
  }

  function onSubmit(event) {
    event.preventDefault();
    if (busy) stop(); else send();
  }

  function autoGrow() {
    input.style.height = 'auto';
    input.style.height = Math.min(input.scrollHeight + 2, 120) + 'px';
  }

  function switchLang() {
    lang = lang === 'zh' ? 'en' : 'zh';
    writeJson(local, langKey, lang);
    applyStrings();
    renderAll();
    langBtn.focus();
  }

  function reset() {
    if (busy) return;
    state = { sessionId: null, messages: [] };
    saveState();
    renderAll();
    input.focus();
  }

  // ---- rendering -----------------------------------------------------------------------------------
  function nearBottom() {
    return log.scrollHeight - log.scrollTop - log.clientHeight < 80;
  }

  function scrollToEnd(force) {
    if (force || nearBottom()) log.scrollTop = log.scrollHeight;
  }

  function renderAll() {
    log.replaceChildren();
    var greeting = str(data.greeting).trim() || t('greeting');
    log.append(el('div', { class: 'msg bot' }, el('div', { class: 'bubble' }, el('div', { class: 'text' }, greeting))));
    state.messages.forEach(function (message) {
      if (message.role === 'user') log.append(userView(message.text));
      else log.append(assistantView(message));
    });
    var last = state.messages[state.messages.length - 1];
    if (!last) renderSuggestions(t('starters'));
    else if (last.role === 'assistant') renderSuggestions(last.suggestions);
    scrollToEnd(true);
  }

  function userView(text) {
    return el('div', { class: 'msg user' }, el('div', { class: 'bubble' }, text));
  }

  /** The answer text with [n] markers as buttons to their source and bare http(s) URLs as links. */
  function renderAnswer(container, text, citations, view) {
    container.replaceChildren();
    var byNumber = {};
    citations.forEach(function (c) { byNumber[c.n] = c; });
    var pattern = /\[(\d{1,3})\]|https?:\/\/[^\s<>"'\u3000-\u303f\uff08\uff09\uff0c\uff1b]+/g;
    var last = 0;
    var match;
    while ((match = pattern.exec(text)) !== null) {
      var token = match[0];
      if (match[1] === undefined) { // a URL: leave trailing punctuation outside the link
        var trail = token.match(/[.,;:!?)\]]+$/);
        if (trail) { token = token.slice(0, -trail[0].length); pattern.lastIndex -= trail[0].length; }
      }
      container.append(text.slice(last, match.index));
      last = match.index + token.length;
      if (match[1] !== undefined) {
        var citation = byNumber[Number(match[1])];
        container.append(citation ? citeButton(citation, view) : token);
      } else {
        var href = safeHttpUrl(token);
        container.append(href ? externalLink(href, token) : token);
      }
    }
    container.append(text.slice(last));
  }

  function citeButton(citation, view) {
    var label = t('cite').replace('%n', String(citation.n)).replace('%t', citation.title || citation.doc_id);
    return el('button', { type: 'button', class: 'cite', 'aria-label': label, title: citation.title || null,
      onclick: function () { revealSource(view, citation.n); } }, String(citation.n));
  }

  function revealSource(view, n) {
    var item = view.querySelector('.source[data-n="' + Number(n) + '"]');
    if (!item) return;
    var details = item.querySelector('details');
    if (details) details.open = true;
    item.scrollIntoView({ block: 'nearest' });
    item.classList.add('flash');
    setTimeout(function () { item.classList.remove('flash'); }, 900);
    var target = item.querySelector('summary');
    if (target) target.focus();
  }

  function sourcesView(citations) {
    var labelId = 'tb-src-' + Math.random().toString(36).slice(2);
    var list = el('ol', { class: 'sources', 'aria-labelledby': labelId });
    citations.forEach(function (c) {
      var title = c.title || c.doc_id || t('source') + ' ' + c.n;
      var href = safeHttpUrl(c.url);
      var meta = [STRINGS[lang].kinds[c.kind] || '', c.date, c.locator].filter(Boolean).join(' \u00b7 ');
      var excerpt = el('details', { class: 'excerpt' }, el('summary', null, t('excerpt')),
        el('p', { class: 'snippet' }, c.snippet,
          c.source ? el('span', { class: 'src-from' }, t('source') + ': ' + c.source) : null));
      list.append(el('li', { class: 'source', 'data-n': String(c.n) },
        el('span', { class: 'num', 'aria-hidden': 'true' }, String(c.n)),
        el('div', { class: 'src-body' },
          href ? externalLink(href, title, 'src-title') : el('span', { class: 'src-title' }, title),
          meta ? el('div', { class: 'src-meta' }, meta) : null, excerpt)));
    });
    return [el('div', { class: 'sources-label', id: labelId }, t('sources')), list];
  }

  function assistantView(message) {
    var text = el('div', { class: 'text' });
    var bubble = el('div', { class: 'bubble' }, text);
    var view = el('div', { class: 'msg bot' }, bubble);
    renderAnswer(text, message.text, message.citations || [], view);
    if (message.stopped) bubble.append(el('span', { class: 'note' }, t('stopped')));
    if (message.citations && message.citations.length) {
      view.classList.add('wide');
      bubble.append.apply(bubble, sourcesView(message.citations));
    }
    if (message.messageId && message.sessionId) bubble.append(feedbackView(message));
    return view;
  }

  function feedbackView(message) {
    var wrap = el('div', { class: 'feedback' });
    if (message.rating) {
      wrap.append(el('span', null, t('thanks')));
      return wrap;
    }
    var rating = null;
    var up = el('button', { type: 'button', class: 'fb', 'aria-pressed': 'false', 'aria-label': t('helpful'),
      title: t('helpful'), onclick: function () { choose('up'); } }, icon('up'));
    var down = el('button', { type: 'button', class: 'fb', 'aria-pressed': 'false', 'aria-label': t('notHelpful'),
      title: t('notHelpful'), onclick: function () { choose('down'); } }, icon('down'));
    var commentId = 'tb-fb-' + Math.random().toString(36).slice(2);
    var comment = el('textarea', { id: commentId, maxlength: String(MAX_COMMENT), rows: '2',
      placeholder: t('commentPlaceholder') });
    var status = el('div', { class: 'fb-status', role: 'status' });
    var submit = el('button', { type: 'submit', class: 'btn primary' }, t('submit'));
    var skip = el('button', { type: 'button', class: 'btn', onclick: function () { post(null); } }, t('skip'));
    var fbForm = el('form', { class: 'fb-form', hidden: true, onsubmit: function (event) {
      event.preventDefault();
      post(comment.value);
    } }, el('label', { for: commentId }, t('commentLabel')), comment, el('div', { class: 'fb-actions' }, skip, submit));
    comment.addEventListener('keydown', function (event) {
      if (event.key === 'Enter' && (event.ctrlKey || event.metaKey) && !composing(event)) {
        event.preventDefault();
        post(comment.value);
      }
    });
    wrap.append(el('span', { class: 'q' }, t('helpfulQ')), up, down, fbForm, status);

    function choose(value) {
      rating = value;
      up.setAttribute('aria-pressed', String(value === 'up'));
      down.setAttribute('aria-pressed', String(value === 'down'));
      fbForm.hidden = false;
      comment.focus();
    }

    function post(text) {
      if (!rating) return;
      var note = str(text).trim().slice(0, MAX_COMMENT) || null;
      submit.disabled = skip.disabled = true;
      status.className = 'fb-status';
      status.textContent = '';
      fetch(apiBase + '/api/feedback', {
        method: 'POST', credentials: 'omit', headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ session_id: message.sessionId, message_id: message.messageId, rating: rating,
          comment: note })
      }).then(function (response) {
        if (!response.ok) throw new Error('HTTP ' + response.status);
        message.rating = rating;
        saveState();
        var thanks = el('span', { tabindex: '-1' }, t('thanks'));
        wrap.replaceChildren(thanks);
        thanks.focus(); // the form that had focus is gone: keep the keyboard user in place
      }).catch(function () {
        submit.disabled = skip.disabled = false;
        status.className = 'fb-status bad';
        status.textContent = t('feedbackFailed');
      });
    }
    return wrap;
  }

  function renderSuggestions(list) {
    clearSuggestions();
    if (!list || !list.length) return;
    var group = el('div', { class: 'suggestions', role: 'group', 'aria-label': t('suggested') });
    list.slice(0, 4).forEach(function (question) {
      group.append(el('button', { type: 'button', class: 'chip', onclick: function () { ask(question); } }, question));
    });
    log.append(group);
  }

  function clearSuggestions() {
    Array.prototype.forEach.call(log.querySelectorAll('.suggestions'), function (node) { node.remove(); });
  }

  // ---- asking --------------------------------------------------------------------------------------
  function send() {
    var text = input.value.trim();
    if (!text) return;
    input.value = '';
    autoGrow();
    ask(text);
  }

  function stop() {
    if (controller) controller.abort();
  }

  function setBusy(value) {
    busy = value;
    updateSend();
  }

  async function ask(question) {
    if (busy) return;
    question = question.slice(0, MAX_MESSAGE);
    if (panel.hidden) open();
    clearSuggestions();
    state.messages.push({ role: 'user', text: question, citations: [], suggestions: [] });
    saveState();
    log.append(userView(question));

    var text = el('div', { class: 'text' });
    var bubble = el('div', { class: 'bubble' },
      el('span', { class: 'typing' }, t('searching'), el('span', { class: 'dots', 'aria-hidden': 'true' },
        el('i'), el('i'), el('i'))));
    var view = el('div', { class: 'msg bot streaming', 'aria-busy': 'true' }, bubble);
    log.append(view);
    scrollToEnd(true);

    var answer = '';
    var citations = [];
    var done = null;
    var failure = null;
    var started = false;
    function onEvent(name, payload) {
      var body;
      try { body = JSON.parse(payload); } catch (e) { return; }
      if (name === 'token' && body && typeof body.text === 'string') {
        if (!started) { started = true; bubble.replaceChildren(text); }
        var stick = nearBottom();
        answer += body.text;
        text.textContent = answer; // plain text while streaming; [n] become buttons at "done"
        if (stick) scrollToEnd(true);
      } else if (name === 'citations' && body) {
        citations = cleanCitations(body.citations);
      } else if (name === 'done' && body) {
        done = body;
      } else if (name === 'error') {
        failure = 'server';
      }
    }

    function post(sessionId, signal) {
      return fetch(apiBase + '/api/chat/stream', {
        method: 'POST', credentials: 'omit', signal: signal,
        headers: { 'Content-Type': 'application/json', Accept: 'text/event-stream' },
        // lang stays null: the server answers in the question's language, whatever the UI language.
        body: JSON.stringify({ message: question, session_id: sessionId, lang: null })
      });
    }

    setBusy(true);
    controller = new AbortController();
    try {
      var response = await post(state.sessionId, controller.signal);
      if (response.status === 403 && state.sessionId) {
        // The server no longer opens this session (the token was signed under a secret it has since
        // changed): go on in a new session rather than fail every question. The screen keeps the history.
        state.sessionId = null;
        saveState();
        response = await post(null, controller.signal);
      }
      if (!response.ok) {
        failure = response.status === 429 ? 'busy'
          : (response.status === 413 || response.status === 422) && question.length > 3000 ? 'tooLong' : 'server';
      } else {
        var parser = createSseParser(onEvent);
        if (response.body && response.body.getReader) {
          var reader = response.body.getReader();
          var decoder = new TextDecoder();
          for (;;) {
            var chunk = await reader.read();
            if (chunk.done) break;
            parser.push(decoder.decode(chunk.value, { stream: true }));
          }
          parser.push(decoder.decode());
        } else {
          parser.push(await response.text());
        }
        parser.end();
        if (!done && !failure) failure = 'server'; // the stream ended early
      }
    } catch (error) {
      failure = error && error.name === 'AbortError' ? 'stopped' : 'network';
    } finally {
      controller = null;
    }

    var message;
    if (done && !failure) {
      state.sessionId = validSessionId(done.session_id) || state.sessionId;
      message = { role: 'assistant', text: str(done.answer), citations: cleanCitations(done.citations),
        suggestions: Array.isArray(done.suggestions) ? done.suggestions.filter(function (s) {
          return typeof s === 'string';
        }) : [], messageId: validSessionId(done.message_id), sessionId: state.sessionId, rating: null };
    } else if (failure === 'stopped' && answer) {
      message = { role: 'assistant', text: answer, citations: citations, suggestions: [], stopped: true };
    }
    if (message) {
      state.messages.push(message);
      saveState();
      var answerView = assistantView(message);
      view.replaceWith(answerView);
      renderSuggestions(message.suggestions);
      showAnswer(answerView);
    } else {
      view.replaceWith(errorView(question, failure));
      scrollToEnd(true);
    }
    setBusy(false);
  }

  /** Scroll to the end, unless the answer with its sources is taller than the log: then to its start. */
  function showAnswer(view) {
    var top = view.offsetTop - log.offsetTop - 8;
    log.scrollTop = log.scrollHeight - top > log.clientHeight ? top : log.scrollHeight;
  }

  function errorView(question, failure) {
    var key = { network: 'errorNetwork', tooLong: 'errorTooLong', busy: 'errorBusy', stopped: 'stopped' }[failure] ||
      'errorServer';
    var bubble = el('div', { class: 'bubble', role: 'alert' }, t(key));
    var view = el('div', { class: 'msg bot error' }, bubble);
    if (failure !== 'tooLong' && failure !== 'stopped') {
      bubble.append(el('div', null, el('button', { type: 'button', class: 'btn', onclick: function () {
        if (busy) return;
        view.remove(); // ask again in place of the failed attempt
        var last = state.messages[state.messages.length - 1];
        if (last && last.role === 'user' && last.text === question) {
          state.messages.pop();
          var bubbles = log.querySelectorAll('.msg.user');
          if (bubbles.length) bubbles[bubbles.length - 1].remove();
        }
        ask(question);
      } }, t('retry'))));
    }
    return view;
  }

  // ---- public API ----------------------------------------------------------------------------------
  window.TechBridgeWidget = Object.freeze({
    version: VERSION,
    open: function () { if (host) open(); },
    close: function () { if (host) close(); },
    toggle: function () { if (host) toggle(); },
    reset: function () { if (host) reset(); },
    ask: function (question) { if (host && typeof question === 'string' && question.trim()) ask(question.trim()); },
    createSseParser: createSseParser // exported for tests and for hosts that build their own UI
  });

  if (document.body) mount();
  else document.addEventListener('DOMContentLoaded', mount, { once: true });
})();
