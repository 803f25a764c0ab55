// @ts-check
// The web chat page: gets a Direct Line token from this server (no secret in the page), keeps it
// for the browser tab so a reload resumes the same conversation, and renders Bot Framework Web Chat.
// Its own texts follow the customer's language: the browser's first, then the conversation's.
// Plain JavaScript served as is; `npm run lint` type-checks it (tsconfig.browser.json, globals.d.ts).
/** @typedef {import('../wireTypes').DirectLineConversation} DirectLineConversation */
/** @typedef {typeof import('../locales/en.json')} PageTexts */
/** @typedef {{ locale: string, texts: Record<string, PageTexts | undefined> }} PageConfig */
/** @typedef {{ token: string, conversationId: string, expiresAt: number }} SavedSession */
/** @typedef {SavedSession & { resumed: boolean }} Session */
(function () {
  'use strict';
  var base = window.location.origin + '/v3/directline';
  var storageKey = 'switchboard.directline';
  var statusEl = /** @type {HTMLElement} */ (document.getElementById('status'));
  // directlinejs ConnectionStatus values that end the session for good.
  var EXPIRED_TOKEN = 3;
  var FAILED_TO_CONNECT = 4;
  var chatEl = /** @type {HTMLElement} */ (document.getElementById('webchat'));
  /** The server's pick (from Accept-Language) and every supported language's texts (page.ts). */
  var config = /** @type {PageConfig} */ (JSON.parse((document.getElementById('page-config') || {}).textContent || '{"texts":{}}'));
  /** @type {{ key: 'lostConnection' | 'couldNotStart', detail: string } | null} */
  var status = null;

  /**
   * @param {string | undefined | null} tag a BCP 47 tag such as "de-DE" or the bot's "pl"
   * @returns {string | undefined} the supported language it names
   */
  function supported(tag) {
    var language = String(tag || '').trim().toLowerCase().split(/[-_]/)[0] || '';
    return config.texts[language] ? language : undefined;
  }

  // The browser's own ranking of languages, as the customer set it; the server's pick otherwise.
  var language = (navigator.languages || [navigator.language]).map(supported).find(Boolean) || config.locale;

  function texts() {
    return /** @type {PageTexts} */ (config.texts[language] || config.texts[config.locale]);
  }

  function showTexts() {
    var own = texts();
    document.documentElement.lang = language;
    document.title = own.title;
    document.querySelectorAll('[data-text]').forEach(function (el) {
      var key = /** @type {keyof PageTexts} */ (el.getAttribute('data-text'));
      if (typeof own[key] === 'string') el.textContent = own[key];
    });
    chatEl.setAttribute('aria-label', own.chatLabel);
    statusEl.textContent = status ? own[status.key] + status.detail : '';
  }

  /**
   * @param {'lostConnection' | 'couldNotStart'} key
   * @param {string} [detail]
   */
  function showStatus(key, detail) {
    status = { key: key, detail: detail || '' };
    showTexts();
  }
  showTexts();

  /** @returns {SavedSession | null} */
  function load() {
    try {
      var value = JSON.parse(window.sessionStorage.getItem(storageKey) || 'null');
      return value && value.token && value.conversationId && value.expiresAt > Date.now() + 30000 ? value : null;
    } catch {
      return null;
    }
  }

  /**
   * @param {string} token
   * @param {string} conversationId
   * @param {number} expiresIn seconds
   * @returns {SavedSession}
   */
  function save(token, conversationId, expiresIn) {
    var entry = { token: token, conversationId: conversationId, expiresAt: Date.now() + expiresIn * 1000 };
    try {
      window.sessionStorage.setItem(storageKey, JSON.stringify(entry));
    } catch {
      // Storage may be off (private mode); the chat still works, it just will not survive a reload.
    }
    return entry;
  }

  function forget() {
    try {
      window.sessionStorage.removeItem(storageKey);
    } catch {
      // nothing to forget
    }
  }

  /**
   * @param {string} path
   * @param {string | null} token
   * @param {{ locale: string }} [body]
   * @returns {Promise<SavedSession>}
   */
  function post(path, token, body) {
    /** @type {Record<string, string>} */
    var headers = { 'content-type': 'application/json' };
    if (token) headers.authorization = 'Bearer ' + token;
    return fetch(base + path, { method: 'POST', headers: headers, body: body ? JSON.stringify(body) : '' }).then(function (res) {
      return res.json().catch(function () {
        return {};
      }).then(function (json) {
        if (!res.ok) throw new Error(/** @type {{ message?: string }} */ (json).message || 'the server answered ' + res.status);
        var conversation = /** @type {DirectLineConversation} */ (json);
        return save(conversation.token, conversation.conversationId, conversation.expires_in);
      });
    });
  }

  // A saved conversation is resumed with a fresh token; if the server no longer knows it (a
  // restart with a new secret, say), a new conversation starts instead.
  /** @returns {Promise<Session>} */
  function session() {
    var saved = load();
    var fresh = function () {
      return post('/tokens/generate', null, { locale: language }).then(function (s) {
        return Object.assign(s, { resumed: false });
      });
    };
    if (!saved) return fresh();
    return post('/tokens/refresh', saved.token).then(function (s) {
      return Object.assign(s, { resumed: true });
    }, fresh);
  }

  // A message an agent writes in the inbox comes from the agent's own account (from.id, from.name)
  // and carries the switchboard/humanAgent entity. Web Chat groups senders by role, and its avatar
  // initials are one setting for the whole bot, so the page shows the person itself: a group of
  // their own with their initials as the avatar. (Web Chat 4.18 renders only React elements in the
  // activity status and this page has no React of its own, so the name is not written out.)
  var AGENT_ENTITY = 'switchboard/humanAgent';

  /**
   * @param {WebChatActivity | undefined} activity
   * @returns {string} the agent's name; '' for the bot's and the customer's messages
   */
  function agentName(activity) {
    var from = activity && activity.from;
    if (!activity || !from || from.role === 'user') return '';
    var marked = (activity.entities || []).some(function (entity) {
      return entity.type === AGENT_ENTITY;
    });
    return marked && typeof from.name === 'string' ? from.name : '';
  }

  /** @param {string} name "Anna" → "A", "Anna Nowak" → "AN" */
  function initials(name) {
    return name
      .split(/\s+/)
      .filter(Boolean)
      .slice(0, 2)
      .map(function (word) {
        return (Array.from(word)[0] || '').toUpperCase();
      })
      .join('');
  }

  /**
   * The customer's messages with each other, the bot's with the bot's, each agent's with their own.
   * @param {WebChatActivity} a
   * @param {WebChatActivity} b
   */
  function sameSender(a, b) {
    var role = a.from && a.from.role;
    return role === (b.from && b.from.role) && (role === 'user' || (a.from && a.from.id) === (b.from && b.from.id));
  }

  /** @param {WebChatActivity[][]} groups @returns {WebChatActivity[][]} */
  function splitBySender(groups) {
    /** @type {WebChatActivity[][]} */
    var out = [];
    groups.forEach(function (group) {
      /** @type {WebChatActivity[]} */
      var run = [];
      group.forEach(function (activity) {
        var last = run[run.length - 1];
        if (last && !sameSender(last, activity)) {
          out.push(run);
          run = [];
        }
        run.push(activity);
      });
      if (run.length) out.push(run);
    });
    return out;
  }

  /** @type {WebChatMiddleware} */
  var senderMiddleware = {
    groupActivitiesMiddleware: function () {
      return function (next) {
        return function (args) {
          var groups = next(args);
          return Object.assign({}, groups, { sender: splitBySender(groups.sender || []), status: splitBySender(groups.status || []) });
        };
      };
    },
    avatarMiddleware: function () {
      return function (next) {
        return function (args) {
          var name = agentName(args.activity);
          if (!name) return next(args);
          var text = initials(name);
          // Text is a React node of its own: Web Chat puts it in the avatar gutter, style.css makes it a badge.
          return function () {
            return text;
          };
        };
      };
    },
  };

  session().then(function (current) {
    var directLine = window.WebChat.createDirectLine({
      token: current.token,
      conversationId: current.resumed ? current.conversationId : undefined,
      domain: base,
      webSocket: true,
    });
    // directlinejs refreshes its token every 15 minutes; keep the newest for the next reload.
    window.addEventListener('pagehide', function () {
      if (typeof directLine.token === 'string' && directLine.token !== current.token) save(directLine.token, current.conversationId, 1500);
    });
    directLine.connectionStatus$.subscribe(function (status) {
      if (status === EXPIRED_TOKEN || status === FAILED_TO_CONNECT) {
        forget();
        showStatus('lostConnection');
      }
    });
    // The bot stamps its replies with the conversation's language ("auf deutsch bitte", a Polish
    // sentence, a resumed chat): the page and Web Chat's own texts follow it.
    var store = window.WebChat.createStore({}, function () {
      return function (next) {
        return function (action) {
          var activity = action.type === 'DIRECT_LINE/INCOMING_ACTIVITY' && action.payload ? action.payload.activity : undefined;
          var spoken = activity && activity.type === 'message' && activity.from && activity.from.role !== 'user' ? supported(activity.locale) : undefined;
          if (spoken && spoken !== language) {
            language = spoken;
            // After this dispatch: rendering again from inside Web Chat's own store would nest updates.
            setTimeout(function () {
              showTexts();
              render();
            }, 0);
          }
          return next(action);
        };
      };
    });
    function render() {
      window.WebChat.renderWebChat(
        {
          directLine: directLine,
          store: store,
          locale: texts().webChatLocale,
          styleOptions: { bubbleBorderRadius: 8, bubbleFromUserBorderRadius: 8, botAvatarInitials: 'CS', hideUploadButton: true, suggestedActionLayout: 'flow' },
          groupActivitiesMiddleware: senderMiddleware.groupActivitiesMiddleware,
          avatarMiddleware: senderMiddleware.avatarMiddleware,
        },
        chatEl,
      );
    }
    render();
    var input = /** @type {HTMLInputElement | HTMLTextAreaElement | null} */ (document.querySelector('#webchat input, #webchat textarea'));
    if (input) input.focus();
  }).catch(function (err) {
    showStatus('couldNotStart', ' (' + err.message + ')');
  });
})();
