// The connector marketplace: the catalog of /api/v1/connectors, one connector's detail, its connect
// flows, its actions tried out. Plain DOM: every value of the API goes in with textContent, never as HTML.

const KEY_STORAGE = 'automators.marketplace.apiKey';
const API = '/api/v1';

const $ = (id) => document.getElementById(id);

const state = {
  key: null,
  connectors: [],
  detail: null, // { connector, connections, connected }
  opener: null, // the element focused before the detail or a dialog opened
  searchTimer: null,
};

// ---------------------------------------------------------------- the API

/** A problem+json answer (or a network failure shaped like one). */
class Problem extends Error {
  constructor(problem) {
    super(problem.detail || problem.title || `HTTP ${problem.status}`);
    this.problem = problem;
  }
}

/** Thrown after a 401 sent the user back to the sign-in form: callers have nothing more to do. */
class SignedOut extends Error {}

async function api(method, path, body, key = state.key) {
  const headers = { Accept: 'application/json, application/problem+json', Authorization: `Bearer ${key}` };
  const init = { method, headers, credentials: 'omit', cache: 'no-store', referrerPolicy: 'no-referrer' };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(API + path, init);
  } catch (e) {
    throw new Problem({ title: 'Network error', detail: `the runtime could not be reached (${e.message})`, status: 0 });
  }
  let payload = null;
  const type = response.headers.get('Content-Type') || '';
  if (response.status !== 204 && type.includes('json')) {
    try {
      payload = await response.json();
    } catch (e) {
      payload = null;
    }
  }
  if (response.ok) {
    return payload;
  }
  const problem = payload && typeof payload === 'object' ? payload : { title: response.statusText, status: response.status };
  if (problem.status === undefined) {
    problem.status = response.status;
  }
  if (response.status === 401) {
    signOut(problem);
    throw new SignedOut();
  }
  throw new Problem(problem);
}

const enc = encodeURIComponent;

// ---------------------------------------------------------------- messages

function clearMessages() {
  $('alert').replaceChildren();
  $('notice').replaceChildren();
}

/** The problem's detail (and its errors, and its trace id) in the alert region. */
function showProblem(problem, prefix, reveal = true) {
  $('notice').replaceChildren();
  $('alert').replaceChildren(...problemNodes(problem, prefix));
  if (reveal) {
    $('alert').scrollIntoView({ block: 'nearest' }); // announced by its role; shown where the eyes can find it
  }
}

function problemNodes(problem, prefix) {
  const nodes = [];
  const text = document.createElement('p');
  text.className = 'alert-detail';
  text.textContent = (prefix ? `${prefix}: ` : '') + (problem.detail || problem.title || `HTTP ${problem.status}`);
  nodes.push(text);
  if (Array.isArray(problem.errors) && problem.errors.length > 0) {
    const list = document.createElement('ul');
    for (const error of problem.errors) {
      const item = document.createElement('li');
      item.textContent = [error.path, error.message].filter(Boolean).join(': ') || JSON.stringify(error);
      list.append(item);
    }
    nodes.push(list);
  }
  if (problem.traceId) {
    const trace = document.createElement('p');
    trace.className = 'alert-trace';
    trace.textContent = `Trace id ${problem.traceId}`;
    nodes.push(trace);
  }
  return nodes;
}

function showNotice(text, extra) {
  $('alert').replaceChildren();
  const p = document.createElement('p');
  p.textContent = text;
  $('notice').replaceChildren(p, ...(extra ? [extra] : []));
}

/** Runs an action of the page: a problem goes to the alert region, a sign-out ends it quietly. */
async function guarded(work) {
  try {
    return await work();
  } catch (e) {
    if (e instanceof SignedOut) {
      return undefined;
    }
    if (e instanceof Problem) {
      showProblem(e.problem);
      return undefined;
    }
    showProblem({ title: 'Error', detail: String(e && e.message ? e.message : e) });
    return undefined;
  }
}

// ---------------------------------------------------------------- signing in and out

function showSignIn() {
  $('market').hidden = true;
  $('account-nav').hidden = true;
  $('sign-in').hidden = false;
  $('api-key').value = '';
  $('api-key').focus();
}

async function showMarket() {
  $('sign-in').hidden = true;
  $('market').hidden = false;
  $('account-nav').hidden = false;
}

/** Forgets the key; with a problem (a 401), shows why. */
function signOut(problem) {
  const wasSignedIn = state.key !== null;
  sessionStorage.removeItem(KEY_STORAGE);
  state.key = null;
  state.connectors = [];
  state.detail = null;
  closeConnectDialog();
  closeDetail(false);
  $('cards').replaceChildren();
  $('count').textContent = '';
  clearMessages();
  showSignIn();
  if (problem) {
    showProblem(problem, wasSignedIn ? 'Signed out' : null);
  } else {
    showNotice('Signed out. The API key is no longer kept in this tab.');
  }
}

async function signIn(event) {
  event.preventDefault();
  const key = $('api-key').value.trim();
  if (!key) {
    showProblem({ detail: 'Paste a workspace API key first.' });
    $('api-key').focus();
    return;
  }
  clearMessages();
  $('sign-in-submit').disabled = true;
  try {
    const connectors = await loadAll(key);
    state.key = key;
    sessionStorage.setItem(KEY_STORAGE, key);
    $('api-key').value = '';
    await showMarket();
    renderCatalog(connectors);
    $('search').focus();
  } catch (e) {
    if (e instanceof Problem) {
      showProblem(e.problem);
      $('api-key').focus();
    } else if (!(e instanceof SignedOut)) {
      showProblem({ detail: String(e.message || e) });
    }
  } finally {
    $('sign-in-submit').disabled = false;
  }
}

// ---------------------------------------------------------------- the catalog

/** Every connector, 100 a page. */
async function loadAll(key) {
  const items = [];
  for (let page = 0; page < 50; page++) {
    const answer = await api('GET', `/connectors?size=100&page=${page}`, undefined, key);
    items.push(...answer.items);
    if (answer.items.length === 0 || items.length >= answer.total) {
      break;
    }
  }
  return items;
}

async function reloadCatalog() {
  const connectors = await loadAll(state.key);
  renderCatalog(connectors);
}

function renderCatalog(connectors) {
  state.connectors = connectors;
  const select = $('category');
  const chosen = select.value;
  const counts = new Map();
  for (const c of connectors) {
    counts.set(c.category, (counts.get(c.category) || 0) + 1);
  }
  const options = [new Option('All categories', '')];
  for (const category of [...counts.keys()].sort()) {
    options.push(new Option(`${label(category)} (${counts.get(category)})`, category));
  }
  select.replaceChildren(...options);
  select.value = counts.has(chosen) ? chosen : '';

  const cards = connectors.map(card);
  $('cards').replaceChildren(...cards);
  applyFilters();
}

function card(c) {
  const li = document.createElement('li');
  li.dataset.id = c.id;
  li.dataset.category = c.category || '';
  li.dataset.search = [c.id, c.name, c.category, label(c.category), c.description, ...(c.actions || [])]
    .filter(Boolean).join(' ').toLowerCase();
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'card';
  button.id = `card-${c.id}`;
  button.dataset.id = c.id;
  const body = document.createElement('span');
  body.className = 'card-body';
  const name = span('card-name', c.name);
  const meta = span('card-meta', [label(c.category), c.authType === 'none' ? null : authLabel(c.authType),
    c.builtIn === false ? "your workspace's own" : null].filter(Boolean).join(' · '));
  const description = span('card-description', c.description || '');
  const status = statusBadge(c.connectionStatus, c.authType);
  body.append(name, meta, description, status);
  button.append(icon(c), body);
  button.addEventListener('click', () => openDetail(c.id, button));
  li.append(button);
  return li;
}

function applyFilters() {
  const words = $('search').value.toLowerCase().split(/\s+/).filter(Boolean);
  const category = $('category').value;
  let shown = 0;
  for (const li of $('cards').children) {
    const visible = (!category || li.dataset.category === category)
      && words.every((w) => li.dataset.search.includes(w));
    li.hidden = !visible;
    if (visible) {
      shown++;
    }
  }
  const total = state.connectors.length;
  const noun = total === 1 ? 'connector' : 'connectors';
  $('count').textContent = shown === total ? `${total} ${noun}`
    : shown === 0 ? `No connector matches (of ${total})` : `${shown} of ${total} ${noun}`;
}

function onSearchInput() {
  clearTimeout(state.searchTimer);
  state.searchTimer = setTimeout(applyFilters, 150);
}

// ---------------------------------------------------------------- pieces

function span(className, text) {
  const s = document.createElement('span');
  s.className = className;
  s.textContent = text;
  return s;
}

const ACRONYMS = { api: 'API', ssl: 'SSL', url: 'URL', id: 'ID', sql: 'SQL', crm: 'CRM', sasl: 'SASL', oauth: 'OAuth' };

/** project_management → Project management, sslMode → SSL mode, apiKey → API key. */
function label(value) {
  if (!value) {
    return 'Other';
  }
  const words = String(value).replace(/([a-z0-9])([A-Z])/g, '$1 $2').split(/[\s_-]+/).filter(Boolean)
    .map((w, i) => ACRONYMS[w.toLowerCase()] || (i === 0 ? w.charAt(0).toUpperCase() + w.slice(1) : w.toLowerCase()));
  return words.join(' ');
}

function authLabel(type) {
  return { api_key: 'API key', database: 'Database login', oauth2: 'OAuth', none: 'No connection needed' }[type]
    || label(type);
}

/** active and connected: connected; not_connected (or none): not connected; anything else needs a reconnect. */
function statusOf(status) {
  if (status === 'connected' || status === 'active') {
    return { kind: 'connected', text: 'Connected' };
  }
  if (!status || status === 'not_connected') {
    return { kind: 'not-connected', text: 'Not connected' };
  }
  return { kind: 'reconnect', text: 'Needs reconnect' };
}

function statusBadge(status, authType) {
  const s = authType === 'none' && statusOf(status).kind === 'not-connected'
    ? { kind: 'none', text: 'Ready: no connection needed' } : statusOf(status);
  const badge = span(`status status-${s.kind}`, s.text);
  badge.dataset.status = s.kind;
  return badge;
}

function safeIconUrl(url) {
  return typeof url === 'string' && (/^https:\/\//i.test(url) || /^data:image\//i.test(url)) ? url : null;
}

function icon(c, large) {
  const holder = document.createElement('span');
  holder.className = large ? 'icon icon-large' : 'icon';
  holder.setAttribute('aria-hidden', 'true');
  const url = safeIconUrl(c.icon);
  if (url) {
    const img = document.createElement('img');
    img.alt = '';
    img.referrerPolicy = 'no-referrer';
    img.loading = 'lazy';
    img.src = url;
    img.addEventListener('error', () => monogram(c, holder));
    holder.append(img);
    return holder;
  }
  return monogram(c, holder);
}

/** The initials of the name on a colour of the id: dark enough for white text (WCAG AA). */
function monogram(c, holder) {
  const words = String(c.name || c.id || '?').split(/[^A-Za-z0-9]+/).filter(Boolean);
  let initials;
  if (words.length >= 2) {
    initials = words[0][0] + words[1][0];
  } else {
    const word = words[0] || '?';
    const capitals = word.slice(1).match(/[A-Z]/);
    initials = word[0] + (capitals ? capitals[0] : '');
  }
  let hash = 2166136261;
  for (const ch of String(c.id || c.name)) {
    hash = Math.imul(hash ^ ch.charCodeAt(0), 16777619) >>> 0;
  }
  holder.classList.add('monogram');
  holder.style.backgroundColor = `hsl(${hash % 360}, 50%, 30%)`;
  holder.textContent = initials.toUpperCase();
  return holder;
}

// ---------------------------------------------------------------- the detail

async function openDetail(id, opener) {
  state.opener = opener || document.activeElement;
  await guarded(async () => {
    const detail = await api('GET', `/connectors/${enc(id)}`);
    renderDetail(detail);
    $('detail').hidden = false;
    $('market').classList.add('has-detail');
    for (const b of $('cards').querySelectorAll('.card')) {
      b.setAttribute('aria-current', String(b.dataset.id === id));
    }
    $('detail-title').focus();
  });
}

async function refreshDetail() {
  if (!state.detail) {
    return;
  }
  const detail = await api('GET', `/connectors/${enc(state.detail.connector.id)}`);
  renderDetail(detail);
}

function closeDetail(restoreFocus = true) {
  if ($('detail').hidden) {
    return;
  }
  $('detail').hidden = true;
  $('market').classList.remove('has-detail');
  const id = state.detail && state.detail.connector.id;
  state.detail = null;
  for (const b of $('cards').querySelectorAll('.card')) {
    b.removeAttribute('aria-current');
  }
  if (restoreFocus) {
    const back = (id && $(`card-${id}`)) || state.opener || $('search');
    if (back && back.isConnected && !back.closest('[hidden]')) {
      back.focus();
    } else {
      $('search').focus();
    }
  }
}

function defaultConnection(connections) {
  return connections.find((c) => c.isDefault) || connections[0] || null;
}

function renderDetail(detail) {
  const previous = state.detail && state.detail.connector.id === detail.connector.id ? state.detail : null;
  state.detail = detail;
  const c = detail.connector;
  const auth = c.auth || { type: 'none' };
  $('detail-title').textContent = c.name;
  $('detail-icon').replaceWith(Object.assign(icon(c, true), { id: 'detail-icon' }));
  $('detail-category').textContent = label(c.category);
  $('detail-version').textContent = c.version || '—';
  $('detail-auth').textContent = authLabel(auth.type) + (detail.builtIn === false ? " · your workspace's own connector" : '');
  $('detail-description').textContent = c.description || '';
  const connections = detail.connections || [];
  const current = defaultConnection(connections);
  $('detail-status').replaceChildren(statusBadge(current ? current.status : 'not_connected', auth.type));

  // The connections, each with its own Disconnect.
  const list = connections.map((conn) => {
    const li = document.createElement('li');
    const name = span('connection-name', conn.name + (conn.isDefault ? ' (default)' : ''));
    const disconnect = document.createElement('button');
    disconnect.type = 'button';
    disconnect.className = 'button button-danger disconnect';
    disconnect.textContent = 'Disconnect';
    disconnect.setAttribute('aria-label', `Disconnect ${conn.name}`);
    disconnect.dataset.connectionId = conn.connectionId;
    disconnect.addEventListener('click', () => disconnectConnection(c, conn));
    li.append(name, statusBadge(conn.status), disconnect);
    return li;
  });
  $('connections').replaceChildren(...list);
  $('connections').hidden = list.length === 0;

  const connect = $('connect');
  const ownKey = $('connect-own-key');
  const credentials = (auth.credentials || []).length > 0;
  connect.hidden = false;
  ownKey.hidden = true;
  const again = current ? (statusOf(current.status).kind === 'reconnect' ? 'Reconnect' : 'Add a connection') : 'Connect';
  if (auth.type === 'oauth2') {
    const ways = [auth.nango ? 'Nango' : null, auth.builtinOAuth ? "the runtime's own OAuth client" : null].filter(Boolean);
    connect.textContent = current ? `${again} with OAuth` : 'Connect with OAuth';
    ownKey.hidden = !credentials;
    $('connect-hint').textContent = ways.length
      ? `Connects through ${ways.join(', or else ')}${credentials ? '; or bring your own key.' : '.'}`
      : `No OAuth flow is declared for ${c.name}${credentials ? ': bring your own key.' : '.'}`;
    connect.hidden = ways.length === 0;
  } else if (auth.type === 'api_key' || auth.type === 'database') {
    connect.textContent = again;
    $('connect-hint').textContent = connections.length ? '' : `Not connected yet: connect with your ${authLabel(auth.type).toLowerCase()}.`;
  } else {
    connect.hidden = true;
    $('connect-hint').textContent = 'No connection needed: the runtime runs it on its configured backend.';
  }

  renderActions(c);
  renderTry(c, connections, previous);
}

// ---------------------------------------------------------------- actions and their schemas

function typeOf(schema) {
  if (!schema || typeof schema !== 'object') {
    return 'any';
  }
  if (schema.const !== undefined) {
    return `constant ${JSON.stringify(schema.const)}`;
  }
  let type = schema.type;
  if (Array.isArray(type)) {
    type = type.join(' | ');
  }
  const alternatives = schema.anyOf || schema.oneOf;
  if (!type && Array.isArray(alternatives)) {
    type = alternatives.map(typeOf).join(' | ');
  }
  if (type === 'array' && schema.items) {
    return `array of ${typeOf(schema.items)}`;
  }
  return type || 'any';
}

function fieldsOf(schema) {
  const properties = (schema && schema.properties) || {};
  const required = new Set((schema && schema.required) || []);
  return Object.entries(properties).map(([name, s]) => ({ name, schema: s || {}, required: required.has(name) }));
}

function renderActions(connector) {
  const actions = Object.entries(connector.actions || {});
  const nodes = actions.map(([name, action]) => {
    const article = document.createElement('article');
    article.className = 'action';
    const head = document.createElement('div');
    head.className = 'action-head';
    const h = document.createElement('h4');
    h.append(Object.assign(document.createElement('code'), { textContent: name }));
    const tryIt = document.createElement('button');
    tryIt.type = 'button';
    tryIt.className = 'button button-small';
    tryIt.textContent = 'Try it';
    tryIt.setAttribute('aria-label', `Try ${name}`);
    tryIt.addEventListener('click', () => {
      $('try-action').value = name;
      fillSkeleton();
      $('try-input').focus();
    });
    head.append(h, tryIt);
    article.append(head);
    if (action.description) {
      article.append(Object.assign(document.createElement('p'), { textContent: action.description }));
    }
    const fields = fieldsOf(action.input);
    if (fields.length === 0) {
      article.append(Object.assign(document.createElement('p'), { className: 'hint', textContent: 'No input.' }));
    } else {
      const list = document.createElement('ul');
      list.className = 'fields';
      list.setAttribute('aria-label', `Input of ${name}`);
      for (const f of fields) {
        const li = document.createElement('li');
        li.append(Object.assign(document.createElement('code'), { className: 'field-name', textContent: f.name }));
        li.append(span('field-type', typeOf(f.schema)));
        li.append(span(f.required ? 'field-required' : 'field-optional', f.required ? 'required' : 'optional'));
        const about = [];
        if (f.schema.description) {
          about.push(f.schema.description);
        }
        if (Array.isArray(f.schema.enum)) {
          about.push(`one of: ${f.schema.enum.map((v) => JSON.stringify(v)).join(', ')}`);
        }
        if (f.schema.default !== undefined) {
          about.push(`default ${JSON.stringify(f.schema.default)}`);
        }
        if (about.length) {
          li.append(span('field-about', about.join(' · ')));
        }
        list.append(li);
      }
      article.append(list);
    }
    return article;
  });
  if (nodes.length === 0) {
    nodes.push(Object.assign(document.createElement('p'), { className: 'hint', textContent: 'No actions.' }));
  }
  $('actions').replaceChildren(...nodes);
}

/** An input that fits the schema: its first example, else its required fields with empty values. */
function skeleton(schema) {
  if (!schema || typeof schema !== 'object') {
    return {};
  }
  if (Array.isArray(schema.examples) && schema.examples.length > 0) {
    return schema.examples[0];
  }
  if (schema.default !== undefined) {
    return schema.default;
  }
  if (schema.const !== undefined) {
    return schema.const;
  }
  if (Array.isArray(schema.enum) && schema.enum.length > 0) {
    return schema.enum[0];
  }
  const alternatives = schema.anyOf || schema.oneOf;
  let type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  if (!type && schema.properties) {
    type = 'object';
  }
  if (!type && Array.isArray(alternatives) && alternatives.length > 0) {
    return skeleton(alternatives[0]);
  }
  switch (type) {
    case 'object': {
      const value = {};
      for (const f of fieldsOf(schema).filter((field) => field.required)) {
        value[f.name] = skeleton(f.schema);
      }
      return value;
    }
    case 'array': return [];
    case 'integer':
    case 'number': return 0;
    case 'boolean': return false;
    case 'null': return null;
    default: return '';
  }
}

// ---------------------------------------------------------------- Try it

function renderTry(connector, connections, previous) {
  const select = $('try-action');
  const chosen = previous ? select.value : '';
  const names = Object.keys(connector.actions || {});
  select.replaceChildren(...names.map((n) => new Option(n, n)));
  $('try-run').disabled = names.length === 0;
  const keep = previous && names.includes(chosen);
  if (keep) {
    select.value = chosen;
  } else {
    fillSkeleton();
    $('try-result').hidden = true;
  }
  const connectionSelect = $('try-connection');
  const chosenConnection = connectionSelect.value;
  connectionSelect.replaceChildren(new Option('Default connection', ''),
    ...connections.map((c) => new Option(`${c.name}${c.isDefault ? ' (default)' : ''}`, c.connectionId)));
  connectionSelect.value = connections.some((c) => c.connectionId === chosenConnection) ? chosenConnection : '';
  $('try-connection-field').hidden = connections.length < 2;
}

function fillSkeleton() {
  const connector = state.detail && state.detail.connector;
  const action = connector && connector.actions ? connector.actions[$('try-action').value] : null;
  $('try-input').value = JSON.stringify(skeleton(action ? action.input : null), null, 2);
  $('try-status').textContent = '';
  setInputError('');
}

function setInputError(message) {
  $('try-input-error').textContent = message;
  if (message) {
    $('try-input').setAttribute('aria-invalid', 'true');
  } else {
    $('try-input').removeAttribute('aria-invalid');
  }
}

async function runTry(event) {
  event.preventDefault();
  const connector = state.detail.connector;
  const action = $('try-action').value;
  const text = $('try-input').value.trim();
  let input;
  try {
    input = text === '' ? {} : JSON.parse(text);
  } catch (e) {
    setInputError(`Not valid JSON: ${e.message}`);
    $('try-input').focus();
    return;
  }
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    setInputError('The input must be a JSON object, such as {}.');
    $('try-input').focus();
    return;
  }
  setInputError('');
  clearMessages();
  $('try-status').textContent = `Running ${action}…`;
  const connectionId = $('try-connection').value || undefined;
  const run = $('try-run');
  run.disabled = true;
  run.textContent = 'Running…';
  $('try-run').setAttribute('aria-busy', 'true');
  try {
    const [decision, result] = await Promise.allSettled([
      api('POST', '/route/decide', { connector: connector.id, action, input, connectionId }),
      api('POST', `/connectors/${enc(connector.id)}/actions/${enc(action)}`, { input, connectionId }),
    ]);
    if ([decision, result].some((r) => r.status === 'rejected' && r.reason instanceof SignedOut)) {
      return;
    }
    showDecision(decision);
    showResult(result);
    $('try-result').hidden = false;
    $('try-status').textContent = result.status === 'fulfilled'
      ? `${action} ran (trace id ${(result.value && result.value.traceId) || 'none'}).`
      : `${action} failed: ${problemOf(result.reason).detail || problemOf(result.reason).title}`;
  } finally {
    run.disabled = false;
    run.textContent = 'Run';
    run.removeAttribute('aria-busy');
  }
}

function showDecision(settled) {
  const d = settled.status === 'fulfilled' ? settled.value || {} : null;
  const problem = d ? null : problemOf(settled.reason);
  $('decision-rule').textContent = d ? (d.rule ? `${d.rule}${d.ruleName ? ` — ${d.ruleName}` : ''}` : 'none') : '—';
  $('decision-provider').textContent = d ? d.provider || 'none' : '—';
  $('decision-reason').textContent = d ? d.reason || '—' : `not decided: ${problem.detail || problem.title}`;
  const skipped = d && Array.isArray(d.skipped) ? d.skipped : [];
  $('decision-skipped').replaceChildren(...skipped.map((s) => {
    const li = document.createElement('li');
    li.textContent = `${s.rule} ${s.ruleName}: ${s.reason}`;
    return li;
  }));
  $('decision-skipped-box').hidden = skipped.length === 0;
}

function showResult(settled) {
  if (settled.status === 'fulfilled') {
    const r = settled.value || {};
    $('try-trace').textContent = r.traceId || '—';
    $('try-ran-by').textContent = r.provider ? `${r.provider}${r.rule ? ` (rule ${r.rule})` : ''}` : '—';
    $('try-latency').textContent = r.latencyMs !== undefined && r.latencyMs !== null ? `${r.latencyMs} ms` : '—';
    $('try-output').textContent = JSON.stringify(r.output !== undefined ? r.output : r, null, 2);
    $('try-output').classList.remove('output-error');
    return;
  }
  const problem = problemOf(settled.reason);
  showProblem(problem, null, false); // the output below shows it too, where the user is
  $('try-trace').textContent = problem.traceId || '—';
  $('try-ran-by').textContent = '—';
  $('try-latency').textContent = '—';
  $('try-output').textContent = JSON.stringify(problem, null, 2);
  $('try-output').classList.add('output-error');
}

function problemOf(error) {
  return error instanceof Problem ? error.problem : { title: 'Error', detail: String(error && error.message ? error.message : error) };
}

// ---------------------------------------------------------------- connecting

function startConnect() {
  const connector = state.detail.connector;
  const auth = connector.auth || {};
  if (auth.type === 'oauth2') {
    return guarded(() => startOAuth(connector));
  }
  openConnectDialog(connector);
  return undefined;
}

/** Nango's connect session first (the waterfall's rule 1), else the runtime's own OAuth client. */
async function startOAuth(connector) {
  const auth = connector.auth;
  const failures = [];
  if (auth.nango) {
    try {
      const session = await api('POST', '/nango/connect-sessions', { connector: connector.id });
      if (session && safeHttpUrl(session.connectLink)) {
        const link = document.createElement('a');
        link.href = session.connectLink;
        link.target = '_blank';
        link.rel = 'noopener noreferrer';
        link.textContent = "Open Nango's connect page again";
        const check = document.createElement('button');
        check.type = 'button';
        check.className = 'button button-small';
        check.textContent = 'Check the status';
        check.addEventListener('click', () => guarded(async () => { await refreshDetail(); await reloadCatalog(); }));
        const extra = document.createElement('p');
        extra.append(link, ' ', check);
        showNotice(`Nango's connect page opened in a new tab: finish connecting ${connector.name} there,`
          + ' then check the status here.', extra);
        window.open(session.connectLink, '_blank', 'noopener,noreferrer');
        return;
      }
      failures.push({ detail: "Nango answered without a connect link" });
    } catch (e) {
      if (!(e instanceof Problem)) {
        throw e;
      }
      failures.push({ ...e.problem, detail: `Nango: ${e.problem.detail || e.problem.title}` });
    }
  }
  if (auth.builtinOAuth) {
    try {
      const authorization = await api('GET', `/oauth/${enc(connector.id)}/authorize`);
      if (authorization && safeHttpUrl(authorization.authorizationUrl)) {
        showNotice(`Opening ${connector.name}'s consent page…`);
        window.location.assign(authorization.authorizationUrl);
        return;
      }
      failures.push({ detail: 'the runtime answered without an authorization URL' });
    } catch (e) {
      if (!(e instanceof Problem)) {
        throw e;
      }
      failures.push({ ...e.problem, detail: `Built-in OAuth: ${e.problem.detail || e.problem.title}` });
    }
  }
  if (failures.length === 0) {
    failures.push({ detail: `${connector.name} declares no OAuth flow` });
  }
  const problem = { ...failures[failures.length - 1], detail: failures.map((f) => f.detail).join(' — ') };
  showProblem(problem, `${connector.name} could not be connected`);
}

function safeHttpUrl(url) {
  return typeof url === 'string' && /^https?:\/\//i.test(url);
}

function openConnectDialog(connector) {
  const auth = connector.auth || {};
  state.opener = document.activeElement;
  $('connect-title').textContent = `Connect ${connector.name}`;
  $('connect-intro').textContent = auth.type === 'oauth2'
    ? `Use your own credentials instead of OAuth. Secrets are stored encrypted and never shown again.`
    : 'Secrets are stored encrypted and never shown again.';
  $('connect-name').value = '';
  $('connect-error').replaceChildren();
  const fields = (auth.credentials || []).map(credentialField);
  $('connect-fields').replaceChildren(...fields);
  $('connect-submit').disabled = false;
  $('connect-dialog').showModal();
  const first = $('connect-fields').querySelector('input');
  (first || $('connect-name')).focus();
}

function credentialField(field) {
  const type = field.type || 'string';
  const wrapper = document.createElement('div');
  wrapper.className = type === 'boolean' ? 'field field-check' : 'field';
  const id = `credential-${field.name}`;
  const input = document.createElement('input');
  input.id = id;
  input.name = field.name;
  input.dataset.credential = field.name;
  input.dataset.type = type;
  input.autocomplete = 'off';
  input.spellcheck = false;
  if (type === 'integer' || type === 'number') {
    input.type = 'number';
    input.step = type === 'integer' ? '1' : 'any';
    input.inputMode = type === 'integer' ? 'numeric' : 'decimal';
  } else if (type === 'boolean') {
    input.type = 'checkbox';
  } else if (field.secret) {
    input.type = 'password';
  } else {
    input.type = 'text';
  }
  if (field.required && type !== 'boolean') {
    input.required = true;
    input.setAttribute('aria-required', 'true');
  }
  const labelEl = document.createElement('label');
  labelEl.htmlFor = id;
  labelEl.textContent = label(field.name);
  if (field.required) {
    labelEl.append(' ', span('required-mark', '(required)'));
  }
  const nodes = type === 'boolean' ? [input, labelEl] : [labelEl, input];
  if (field.description) {
    const hint = Object.assign(document.createElement('p'), { className: 'hint', id: `${id}-hint`, textContent: field.description });
    input.setAttribute('aria-describedby', hint.id);
    nodes.push(hint);
  }
  wrapper.append(...nodes);
  return wrapper;
}

/** The typed credentials, or the problems that keep them from being sent. */
function readCredentials() {
  const credentials = {};
  const errors = [];
  for (const input of $('connect-fields').querySelectorAll('input[data-credential]')) {
    input.removeAttribute('aria-invalid');
    const name = input.dataset.credential;
    const type = input.dataset.type;
    if (type === 'boolean') {
      credentials[name] = input.checked;
      continue;
    }
    const raw = input.value.trim();
    if (raw === '') {
      if (input.required) {
        errors.push({ input, message: `${label(name)} is required` });
      }
      continue;
    }
    if (type === 'integer' || type === 'number') {
      const n = Number(raw);
      if (!Number.isFinite(n) || (type === 'integer' && !Number.isInteger(n)) || input.validity.badInput) {
        errors.push({ input, message: `${label(name)} must be ${type === 'integer' ? 'a whole number' : 'a number'}` });
        continue;
      }
      credentials[name] = n;
    } else {
      credentials[name] = type === 'string' && input.type === 'password' ? input.value : raw;
    }
  }
  return { credentials, errors };
}

async function submitConnect(event) {
  event.preventDefault();
  const connector = state.detail.connector;
  const { credentials, errors } = readCredentials();
  const box = $('connect-error');
  if (errors.length > 0) {
    for (const e of errors) {
      e.input.setAttribute('aria-invalid', 'true');
    }
    box.replaceChildren(...problemNodes({ detail: errors.map((e) => e.message).join('; ') }));
    errors[0].input.focus();
    return;
  }
  const name = $('connect-name').value.trim();
  const body = { credentials };
  if (name) {
    body.name = name;
  }
  $('connect-submit').disabled = true;
  box.replaceChildren();
  try {
    const created = await api('POST', `/connectors/${enc(connector.id)}/connect`, body);
    closeConnectDialog();
    await refreshDetail();
    await reloadCatalog();
    showNotice(`${connector.name} is connected (${created && created.name ? created.name : 'default'}).`);
    $('detail-title').focus();
  } catch (e) {
    if (e instanceof SignedOut) {
      return;
    }
    const problem = problemOf(e);
    box.replaceChildren(...problemNodes(problem));
    for (const err of problem.errors || []) {
      const m = /^\/credentials\/(.+)$/.exec(err.path || '');
      const input = m && $(`credential-${m[1]}`);
      if (input) {
        input.setAttribute('aria-invalid', 'true');
      }
    }
  } finally {
    $('connect-submit').disabled = false;
  }
}

function closeConnectDialog() {
  const dialog = $('connect-dialog');
  if (dialog.open) {
    dialog.close();
  }
}

async function disconnectConnection(connector, connection) {
  await guarded(async () => {
    await api('DELETE', `/connectors/${enc(connector.id)}/connect?connectionId=${enc(connection.connectionId)}`);
    await refreshDetail();
    await reloadCatalog();
    showNotice(`${connector.name}: the connection ${connection.name} is removed.`);
    $('detail-title').focus();
  });
}

// ---------------------------------------------------------------- the end of a connect flow

/** A connect flow's callback may send the browser back here with its outcome (automators.oauth.redirect-url). */
function readFlowOutcome() {
  const params = new URLSearchParams(window.location.search);
  if (!params.has('status')) {
    return null;
  }
  const outcome = { status: params.get('status'), connector: params.get('connector'), error: params.get('error') };
  history.replaceState(null, '', window.location.pathname);
  return outcome;
}

function showFlowOutcome(outcome) {
  if (!outcome) {
    return;
  }
  // The connector's name where the catalog is loaded (the return URL carries only its id).
  const known = (state.connectors || []).find((c) => c.id === outcome.connector);
  const name = known ? known.name : outcome.connector || 'The connector';
  if (outcome.status === 'connected') {
    showNotice(`${name} is connected.`);
  } else {
    showProblem({ detail: outcome.error || 'the connect flow did not finish' }, `${name} could not be connected`);
  }
}

// ---------------------------------------------------------------- start

function onKeydown(event) {
  if (event.key !== 'Escape' || event.defaultPrevented) {
    return;
  }
  if ($('connect-dialog').open) {
    return; // the dialog closes itself (its cancel event)
  }
  if (!$('detail').hidden) {
    event.preventDefault();
    closeDetail(true);
  }
}

async function start() {
  $('sign-in-form').addEventListener('submit', signIn);
  $('sign-out').addEventListener('click', () => signOut(null));
  $('nav-connectors').addEventListener('click', () => closeDetail(false)); // on a phone the detail hides the list
  $('search').addEventListener('input', onSearchInput);
  $('category').addEventListener('change', applyFilters);
  $('filters').addEventListener('submit', (e) => { e.preventDefault(); applyFilters(); });
  $('detail-close').addEventListener('click', () => closeDetail(true));
  $('connect').addEventListener('click', startConnect);
  $('connect-own-key').addEventListener('click', () => openConnectDialog(state.detail.connector));
  $('connect-form').addEventListener('submit', submitConnect);
  $('connect-cancel').addEventListener('click', closeConnectDialog);
  $('connect-dialog').addEventListener('close', () => {
    const back = state.opener && state.opener.isConnected ? state.opener : $('detail-title');
    if (document.activeElement === document.body || $('connect-dialog').contains(document.activeElement)) {
      back.focus();
    }
  });
  $('try-form').addEventListener('submit', runTry);
  $('try-action').addEventListener('change', fillSkeleton);
  $('try-input').addEventListener('input', () => setInputError(''));
  document.addEventListener('keydown', onKeydown);

  const outcome = readFlowOutcome();
  state.key = sessionStorage.getItem(KEY_STORAGE);
  if (!state.key) {
    showSignIn();
    showFlowOutcome(outcome);
    return;
  }
  await showMarket();
  await guarded(async () => {
    renderCatalog(await loadAll(state.key));
    showFlowOutcome(outcome);
    if (outcome && outcome.connector && state.connectors.some((c) => c.id === outcome.connector)) {
      await openDetail(outcome.connector, $(`card-${outcome.connector}`));
    }
  });
}

start();
