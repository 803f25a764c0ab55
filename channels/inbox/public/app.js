// @ts-check
/* The agent inbox page: plain DOM, every customer or agent text set with textContent (never HTML).
   Plain JavaScript so it is served as is, with no build step; `npm run lint` type-checks it
   (tsconfig.browser.json) against the API's own types in ../wireTypes.ts. */
/** @typedef {import('../wireTypes').ConversationList} ConversationList */
/** @typedef {import('../wireTypes').ConversationDetail} ConversationDetail */
/** @typedef {import('../wireTypes').ReplyResult} ReplyResult */
/** @typedef {import('../wireTypes').SignedInAgent} SignedInAgent */
/** @typedef {import('../wireTypes').EventsTicket} EventsTicket */
/** @typedef {import('../wireTypes').ApiError} ApiError */
/** @typedef {import('../wireTypes').CustomerDetail} CustomerDetail */
/** @typedef {import('../wireTypes').PersonView} PersonView */
(function () {
  'use strict';
  const $ = (/** @type {string} */ id) => /** @type {HTMLElement} */ (document.getElementById(id));
  let token = sessionStorage.getItem('inboxToken') || '';
  let me = '';
  /** @type {string | null} */
  let openId = null;
  /** @type {ConversationDetail | null} The open conversation as the API returned it. */
  let current = null;
  /** @type {EventSource | null} */
  let stream = null;

  /** @param {string} text */
  function status(text) {
    $('status-line').textContent = text;
  }

  /**
   * One API call; the caller names the body type the route answers with (wireTypes.ts).
   * @template T
   * @param {'GET' | 'POST' | 'PUT'} method
   * @param {string} path
   * @param {unknown} [body]
   * @returns {Promise<T>}
   */
  async function api(method, path, body) {
    /** @type {Record<string, string>} */
    const headers = { authorization: 'Bearer ' + token };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch('/api/inbox' + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const data = await res.json().catch(() => ({}));
    if (res.status === 401) signOut('Your token was not accepted.');
    if (!res.ok) throw new Error(/** @type {Partial<ApiError>} */ (data).message || 'request failed (' + res.status + ')');
    return /** @type {T} */ (data);
  }

  /** @param {string} [reason] */
  function signOut(reason) {
    sessionStorage.removeItem('inboxToken');
    token = '';
    if (stream) stream.close();
    $('inbox').hidden = true;
    $('login').hidden = false;
    $('login-error').textContent = reason || '';
  }

  /**
   * @param {string} tag
   * @param {string} [text] set as textContent, never parsed as HTML
   * @param {string} [className]
   */
  function el(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined) node.textContent = text;
    if (className) node.className = className;
    return node;
  }

  /** @param {string} iso */
  function ago(iso) {
    const minutes = Math.max(0, Math.round((Date.now() - Date.parse(iso)) / 60000));
    return minutes < 1 ? 'just now' : minutes < 60 ? minutes + ' min ago' : Math.round(minutes / 60) + ' h ago';
  }

  async function loadList() {
    const filter = /** @type {HTMLSelectElement} */ ($('status')).value;
    /** @type {ConversationList} */
    const data = await api('GET', '/conversations' + (filter ? '?status=' + filter : ''));
    const shown = data.conversations.length;
    $('depth').textContent = data.waiting + ' waiting' + (data.total > shown ? ' · showing the oldest ' + shown + ' of ' + data.total : '');
    const list = $('conversations');
    list.replaceChildren();
    for (const c of data.conversations) {
      const item = el('li');
      const button = /** @type {HTMLButtonElement} */ (el('button'));
      button.type = 'button';
      button.dataset.id = c.id;
      button.setAttribute('aria-current', String(c.id === openId));
      const head = el('div');
      head.append(el('span', c.status, 'badge ' + c.status), el('span', c.channel, 'badge'), el('span', c.locale, 'badge'), el('span', c.customerName || 'Customer', 'name'));
      const meta = el('div', (c.agent ? 'with ' + c.agent + ' · ' : '') + 'waiting since ' + ago(c.waitingSince), 'muted');
      const last = el('div', c.lastMessage ? c.lastMessage.text : c.summary, 'muted');
      button.append(head, meta, last);
      button.addEventListener('click', () => open(c.id));
      item.append(button);
      list.append(item);
    }
  }

  /** @param {string} id */
  async function open(id) {
    openId = id;
    /** @type {ConversationDetail} */
    const c = await api('GET', '/conversations/' + encodeURIComponent(id));
    current = c;
    $('detail').hidden = false;
    $('detail-title').textContent = (c.customerName || 'Customer') + ' · ' + c.channel;
    $('detail-meta').textContent = c.status + (c.agent ? ' · with ' + c.agent : '') + ' · language ' + c.locale + (c.leftMessage ? ' · left a message' : '') + (c.contact ? ' · reach at ' + c.contact.value + ' (' + (c.contact.kind === 'email' ? 'e-mail' : 'phone') + ')' : '') + (c.tags.length ? ' · tags: ' + c.tags.join(', ') : '');
    $('detail-summary').textContent = c.summary;
    const mine = c.status === 'assigned' && c.agent === me;
    /** @type {HTMLButtonElement} */ ($('claim')).disabled = c.status !== 'waiting';
    /** @type {HTMLButtonElement} */ ($('resolve')).disabled = !mine;
    /** @type {HTMLButtonElement} */ ($('reply').querySelector('button')).disabled = !mine;
    $('follow-up').setAttribute('aria-pressed', String(c.followUp));
    $('follow-up').textContent = c.followUp ? 'Follow-up marked' : 'Mark for follow-up';
    const transcript = $('transcript');
    transcript.replaceChildren();
    for (const line of c.messages) {
      const item = el('li', undefined, line.from);
      const who = line.from === 'agent' ? line.agent || 'Agent' : line.from === 'bot' ? 'Bot' : c.customerName || 'Customer';
      item.append(el('span', who + (line.delivered === false ? ' (not delivered)' : ''), 'who'), el('span', line.text));
      transcript.append(item);
    }
    transcript.scrollTop = transcript.scrollHeight;
    const canned = /** @type {HTMLSelectElement} */ ($('canned'));
    canned.replaceChildren(el('option', 'Insert a canned reply…'));
    for (const reply of c.cannedReplies) {
      const option = /** @type {HTMLOptionElement} */ (el('option', reply.title));
      option.value = reply.text;
      canned.append(option);
    }
    /**
     * @template T
     * @param {string} listId
     * @param {T[]} items
     * @param {(item: T) => string} line
     * @param {string} [empty] what the list says when it has nothing
     */
    const list = (listId, items, line, empty = 'none') => {
      $(listId).replaceChildren(...(items.length ? items.map((x) => el('li', line(x))) : [el('li', empty, 'muted')]));
    };
    /** @param {string} backend */
    const away = (backend) => (c.customer.unavailable.includes(backend) ? backend + ' is not answering; try again later' : 'none');
    list('bookings', c.customer.bookings, (b) => b.code + ': ' + b.serviceId + ' at ' + b.storeId + ', ' + b.start, away('caldav'));
    list('returns', c.customer.returns, (r) => r.rma + ': order ' + r.orderNumber + ' (' + r.resolution + ')', away('orders-api'));
    // "booking-reminder, 23/11/2026, 10:00: scheduled" / "shop-event (marketing), …: skipped (opted_out)"
    const when = (/** @type {string} */ iso) => new Date(iso).toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'short' });
    list('scheduled', c.customer.scheduled, (j) => j.kind + (j.topic ? ' (' + j.topic + ')' : '') + ', ' + when(j.dueAt) + ': ' + j.status + (j.outcome ? ' (' + j.outcome + ')' : ''));
    list('optouts', c.customer.optedOut, (topic) => topic);
    list('notes', c.notes, (n) => n.agent + ': ' + n.text);
    showPerson(c.person, c.customerName || 'Customer');
    /** @type {HTMLInputElement} */ ($('tags-text')).value = c.tags.join(', ');
    for (const b of document.querySelectorAll('#conversations button')) b.setAttribute('aria-current', String(/** @type {HTMLElement} */ (b).dataset.id === id));
  }

  /**
   * The person behind the conversation: each channel proven to be theirs (with a split button
   * once there are two), and what they said on all of them in one timeline.
   * @param {PersonView | null} person
   * @param {string} name
   */
  function showPerson(person, name) {
    $('person').hidden = !person;
    if (!person) return;
    $('person-meta').textContent = 'Customer ' + person.id + (person.lastChannel ? ' · wrote last on ' + person.lastChannel : '');
    $('identities').replaceChildren(
      ...person.identities.map((identity) => {
        const item = el('li', identity.channel + ' (' + identity.via + ') ');
        if (person.identities.length > 1) {
          const split = /** @type {HTMLButtonElement} */ (el('button', 'Split off'));
          split.type = 'button';
          split.addEventListener('click', () => act('Split off ' + identity.channel + '.', () => api('POST', '/customers/' + person.id + '/split', { identity: identity.key })));
          item.append(split);
        }
        return item;
      }),
    );
    $('contacts').replaceChildren(...(person.contacts.length ? person.contacts.map((c) => el('li', c.value + ' (' + c.kind + ', ' + c.via + ')')) : [el('li', 'none', 'muted')]));
    $('timeline').replaceChildren(
      ...person.timeline.map((line) => {
        const item = el('li', undefined, line.from);
        const who = line.from === 'agent' ? line.agent || 'Agent' : line.from === 'bot' ? 'Bot' : name;
        item.append(el('span', line.channel, 'badge'), el('span', who, 'who'), el('span', line.text));
        return item;
      }),
    );
    $('merge').dataset.into = person.id;
    const to = /** @type {HTMLSelectElement} */ ($('reply-to'));
    const last = person.lastChannel ? 'Where they wrote last (' + person.lastChannel + ')' : 'Where they wrote last';
    const choices = [{ value: 'last', label: last }, { value: 'here', label: 'This conversation' }, ...person.conversations.map((c) => ({ value: c.key, label: c.channel + ', last message ' + ago(c.lastAt) }))];
    to.replaceChildren(...choices.map((choice) => Object.assign(el('option', choice.label), { value: choice.value })));
  }

  /**
   * @param {string} label what the status line says when the work succeeded
   * @param {() => Promise<unknown>} work
   */
  async function act(label, work) {
    try {
      await work();
      status(label);
      await refresh();
    } catch (err) {
      status(String(err instanceof Error ? err.message : err));
    }
  }

  async function refresh() {
    await loadList();
    if (openId) await open(openId);
  }

  async function connect() {
    if (stream) stream.close();
    try {
      /** @type {EventsTicket} */
      const { ticket } = await api('POST', '/events/ticket');
      stream = new EventSource('/api/inbox/events?ticket=' + encodeURIComponent(ticket));
      stream.addEventListener('change', () => void refresh().catch(() => undefined));
      // A ticket works once, so the browser's own reconnect would be refused: get a new ticket.
      stream.onerror = () => {
        if (stream) stream.close();
        setTimeout(() => void connect(), 3000);
      };
    } catch {
      setTimeout(() => void connect(), 5000);
    }
  }

  async function start() {
    try {
      /** @type {SignedInAgent} */
      const agent = await api('GET', '/me');
      me = agent.name;
    } catch {
      return;
    }
    $('whoami').textContent = 'Signed in as ' + me;
    $('login').hidden = true;
    $('inbox').hidden = false;
    await loadList();
    void connect();
  }

  $('login').addEventListener('submit', (e) => {
    e.preventDefault();
    token = /** @type {HTMLInputElement} */ ($('token')).value.trim();
    sessionStorage.setItem('inboxToken', token);
    void start();
  });
  $('status').addEventListener('change', () => void loadList());
  $('claim').addEventListener('click', () => act('Claimed.', () => api('POST', '/conversations/' + openId + '/claim')));
  $('resolve').addEventListener('click', () => act('Resolved; the bot has taken over again.', () => api('POST', '/conversations/' + openId + '/resolve')));
  $('follow-up').addEventListener('click', () => act('Follow-up updated.', () => api('POST', '/conversations/' + openId + '/follow-up', { followUp: !(current && current.followUp) })));
  $('canned').addEventListener('change', (e) => {
    const select = /** @type {HTMLSelectElement} */ (e.target);
    if (select.value) /** @type {HTMLTextAreaElement} */ ($('reply-text')).value = select.value;
    select.selectedIndex = 0;
  });
  $('reply').addEventListener('submit', (e) => {
    e.preventDefault();
    const box = /** @type {HTMLTextAreaElement} */ ($('reply-text'));
    void act('Reply sent.', async () => {
      const to = /** @type {HTMLSelectElement} */ ($('reply-to')).value || 'last';
      /** @type {ReplyResult} */
      const result = await api('POST', '/conversations/' + openId + '/messages', { text: box.value, to });
      box.value = '';
      if (!result.delivered) throw new Error('Not delivered: ' + (result.reason || 'the channel refused it'));
    });
  });
  $('note').addEventListener('submit', (e) => {
    e.preventDefault();
    const box = /** @type {HTMLTextAreaElement} */ ($('note-text'));
    void act('Note added.', async () => {
      await api('POST', '/conversations/' + openId + '/notes', { text: box.value });
      box.value = '';
    });
  });
  $('merge').addEventListener('submit', (e) => {
    e.preventDefault();
    const box = /** @type {HTMLInputElement} */ ($('merge-id'));
    void act('Customers merged.', async () => {
      /** @type {CustomerDetail} */
      const merged = await api('POST', '/customers/' + ($('merge').dataset.into || '') + '/merge', { customer: box.value.trim() });
      box.value = '';
      return merged;
    });
  });
  $('tags').addEventListener('submit', (e) => {
    e.preventDefault();
    const tags = /** @type {HTMLInputElement} */ ($('tags-text')).value.split(',').map((t) => t.trim()).filter(Boolean);
    void act('Tags saved.', () => api('PUT', '/conversations/' + openId + '/tags', tags));
  });

  if (token) void start();
})();
