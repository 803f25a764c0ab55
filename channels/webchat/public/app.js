// The web chat page: gets a Direct Line token from this server (no secret in the page), keeps it
// for the browser tab so a reload resumes the same conversation, and renders Bot Framework Web Chat.
(function () {
  'use strict';
  var base = window.location.origin + '/v3/directline';
  var storageKey = 'switchboard.directline';
  var statusEl = document.getElementById('status');

  function saved() {
    try {
      var value = JSON.parse(window.sessionStorage.getItem(storageKey) || 'null');
      return value && value.token && value.expiresAt > Date.now() + 60000 ? value : null;
    } catch (e) {
      return null;
    }
  }

  function remember(token, conversationId, expiresIn) {
    var entry = { token: token, conversationId: conversationId, expiresAt: Date.now() + expiresIn * 1000 };
    window.sessionStorage.setItem(storageKey, JSON.stringify(entry));
    return entry;
  }

  function newToken() {
    return fetch(base + '/tokens/generate', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ locale: navigator.language }),
    }).then(function (res) {
      if (!res.ok) throw new Error('token request failed with ' + res.status);
      return res.json();
    }).then(function (body) {
      return remember(body.token, body.conversationId, body.expires_in);
    });
  }

  var existing = saved();
  (existing ? Promise.resolve(existing) : newToken()).then(function (session) {
    var directLine = window.WebChat.createDirectLine({
      token: session.token,
      conversationId: existing ? session.conversationId : undefined,
      domain: base,
      webSocket: true,
    });
    window.WebChat.renderWebChat(
      {
        directLine: directLine,
        locale: navigator.language,
        styleOptions: { bubbleBorderRadius: 8, bubbleFromUserBorderRadius: 8, botAvatarInitials: 'CS', hideUploadButton: true },
      },
      document.getElementById('webchat'),
    );
    document.querySelector('#webchat input, #webchat textarea') && document.querySelector('#webchat input, #webchat textarea').focus();
  }).catch(function (err) {
    statusEl.textContent = 'The chat could not start (' + err.message + '). Please reload the page.';
  });
})();
