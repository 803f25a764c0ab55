// The web chat page: gets a Direct Line token from this server (no secret in the page), keeps it
// for the browser tab so a reload resumes the same conversation, and renders Bot Framework Web Chat.
(function () {
  'use strict';
  var base = window.location.origin + '/v3/directline';
  var storageKey = 'switchboard.directline';
  var statusEl = document.getElementById('status');
  // directlinejs ConnectionStatus values that end the session for good.
  var EXPIRED_TOKEN = 3;
  var FAILED_TO_CONNECT = 4;

  function load() {
    try {
      var value = JSON.parse(window.sessionStorage.getItem(storageKey) || 'null');
      return value && value.token && value.conversationId && value.expiresAt > Date.now() + 30000 ? value : null;
    } catch (e) {
      return null;
    }
  }

  function save(token, conversationId, expiresIn) {
    var entry = { token: token, conversationId: conversationId, expiresAt: Date.now() + expiresIn * 1000 };
    try {
      window.sessionStorage.setItem(storageKey, JSON.stringify(entry));
    } catch (e) {
      // Storage may be off (private mode); the chat still works, it just will not survive a reload.
    }
    return entry;
  }

  function forget() {
    try {
      window.sessionStorage.removeItem(storageKey);
    } catch (e) {
      // nothing to forget
    }
  }

  function post(path, token, body) {
    var headers = { 'content-type': 'application/json' };
    if (token) headers.authorization = 'Bearer ' + token;
    return fetch(base + path, { method: 'POST', headers: headers, body: body ? JSON.stringify(body) : '' }).then(function (res) {
      return res.json().catch(function () {
        return {};
      }).then(function (json) {
        if (!res.ok) throw new Error(json.message || 'the server answered ' + res.status);
        return save(json.token, json.conversationId, json.expires_in);
      });
    });
  }

  // A saved conversation is resumed with a fresh token; if the server no longer knows it (a
  // restart with a new secret, say), a new conversation starts instead.
  function session() {
    var saved = load();
    var fresh = function () {
      return post('/tokens/generate', null, { locale: navigator.language }).then(function (s) {
        s.resumed = false;
        return s;
      });
    };
    if (!saved) return fresh();
    return post('/tokens/refresh', saved.token).then(function (s) {
      s.resumed = true;
      return s;
    }, fresh);
  }

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
        statusEl.textContent = 'The chat lost its connection. Please reload the page to start again.';
      }
    });
    window.WebChat.renderWebChat(
      {
        directLine: directLine,
        locale: navigator.language,
        styleOptions: { bubbleBorderRadius: 8, bubbleFromUserBorderRadius: 8, botAvatarInitials: 'CS', hideUploadButton: true },
      },
      document.getElementById('webchat'),
    );
    var input = document.querySelector('#webchat input, #webchat textarea');
    if (input) input.focus();
  }).catch(function (err) {
    statusEl.textContent = 'The chat could not start (' + err.message + '). Please reload the page.';
  });
})();
