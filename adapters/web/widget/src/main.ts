// The Ponder widget: one script tag adds a launcher button and a chat panel in a Shadow DOM, talks to the tutor
// server of the script's own address, and fetches nothing until the learner opens the panel.
import { ApiError, anonymousId, apiError, post, randomId, readEvents, startSession } from './api.ts';
import type { Choice, EndData, HistoryMessage, ReplyData, SessionData } from './api.ts';
import { h, icon } from './dom.ts';
import { renderMarkdown } from './markdown.ts';
import { readSettings } from './settings.ts';
import { EN, fill, withEnglish, type Strings } from './strings.ts';
import { CSS } from './styles.ts';

/** What the host page's own scripts may do (documented in adapters/web/WIDGET.md). */
export interface PonderApi {
  open(): void;
  close(): void;
  toggle(): void;
  /** Signs the learner in with a signed learner token from the site (or back out, with none). */
  identify(token?: string): void;
  /** Calls `handler` on each event of that name; returns the function that stops it. */
  on(event: PonderEvent, handler: (detail: unknown) => void): () => void;
}
export type PonderEvent = 'open' | 'close' | 'ready' | 'reply' | 'error';

declare global {
  interface Window {
    Ponder?: PonderApi;
  }
}

/** Waits before the retries of a turn whose stream broke (the same clientTurnId each time). */
const BACKOFF_MS = [500, 1000, 2000, 4000, 8000];
/** A turn stream silent this long is taken as broken and retried. */
const STALL_MS = 60_000;
const MAX_CHARS = 4000;
/** Only for a server that does not send `mastered`: the packs' usual mastery threshold. */
const MASTERED = 0.95;

const ICON_CHAT = 'M21 11.5a8.4 8.4 0 0 1-11.9 7.7L3 21l1.9-5.7A8.4 8.4 0 1 1 21 11.5z';
const ICON_CLOSE = 'M6 6l12 12M18 6L6 18';
const ICON_SEND = 'M22 2L11 13M22 2l-7 20-4-9-9-4 20-7z';

interface OpenSession {
  id: string;
  /** The learner's anonymous id or signed token: the server answers a session only to the learner who opened it. */
  proof: string;
}

interface Turn {
  /** The clientTurnId: a retry sends the same one, so the server never runs the turn twice. */
  id: string;
  body: { text: string } | { choice: string };
  label: string;
  learner?: HTMLElement;
  /** One tutor bubble per reply, by the reply's place in the turn. */
  bubbles: HTMLElement[];
  /** How many replies have their final text. */
  finalized: number;
  /** Choice rows put away when this turn was sent: removed once the server has it, shown again if it fails. */
  hidden: HTMLElement[];
}

function findScript(): HTMLScriptElement | null {
  const current = document.currentScript;
  if (current instanceof HTMLScriptElement && current.src) return current;
  return document.querySelector('script[src*="widget.js"][data-site]') ?? document.querySelector('script[src*="widget.js"]');
}

function humanize(id: string): string {
  const words = id.replace(/[-_]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function friendly(error: unknown, t: Strings): string {
  const e = error instanceof ApiError ? error : undefined;
  switch (e?.code) {
    case 'TOKEN_EXPIRED':
      return t.expired;
    case 'TOKEN_INVALID':
      return t.signIn;
    case 'RATE_LIMITED':
      return e.retryAfter ? fill(t.busyFor, { seconds: e.retryAfter }) : t.busy;
    case 'TOO_LARGE':
      return t.tooLong;
    case 'STORE_BUSY':
      return t.notSaved;
    case 'ORIGIN_NOT_ALLOWED':
      // The one person who can fix this is the site's owner, looking at their own page: tell them how.
      return fill(t.siteOwner, { origin: location.origin });
    case 'SITE_NOT_FOUND':
      return t.notHere;
  }
  if (!e || e.status >= 500) return t.unreachable;
  if (e.status === 401) return t.reload;
  if (e.status === 403) return t.notHere;
  if (e.status === 429) return t.busy;
  return t.generic;
}

/** Errors worth another try: the network, a server restarting or overloaded, a turn the server could not store. */
function transient(error: unknown): boolean {
  return !(error instanceof ApiError) || error.status >= 500 || error.status === 408 || error.code === 'STORE_BUSY';
}

/** What an `error` event tells the host page: the code and the server's words, for its developers. */
function errorDetail(error: unknown): { code: string; message: string } {
  return error instanceof ApiError ? { code: error.code, message: error.message } : { code: 'NETWORK', message: String(error) };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function install(): void {
  if (window.Ponder || document.querySelector('[data-ponder-widget]')) return;
  const script = findScript();
  const settings = readSettings(script);
  const { site, title } = settings;
  let t: Strings = EN;
  let token = settings.token;
  const listeners = new Map<PonderEvent, Set<(detail: unknown) => void>>();
  const emit = (event: PonderEvent, detail: unknown = {}) => {
    for (const handler of listeners.get(event) ?? []) {
      try {
        handler(detail);
      } catch (e) {
        console.error('Ponder: an event handler failed', e);
      }
    }
  };
  // The API sits next to widget.js (the server's origin, or its path behind a proxy).
  const base = new URL(script?.src ? '.' : '/', script?.src || location.href);
  const api = (path: string) => new URL(`api/${path}`, base).href;

  const host = document.createElement('ponder-widget');
  host.setAttribute('data-ponder-widget', '');
  const root = host.attachShadow({ mode: 'open' });
  try {
    // A constructed sheet works under a page's strict style-src policy; a <style> element is the fallback.
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(CSS);
    root.adoptedStyleSheets = [sheet];
  } catch {
    root.append(h('style', null, CSS));
  }
  const launcher = h(
    'button',
    { type: 'button', class: `launcher ${settings.position}`, 'data-testid': 'launcher', 'aria-label': fill(t.chatWith, { title }), 'aria-expanded': 'false', 'aria-haspopup': 'dialog' },
    icon(ICON_CHAT),
  );
  /** The site's colour, on the two elements everything else is inside. */
  const accent = (el: HTMLElement) => {
    if (settings.color) el.style.setProperty('--accent', settings.color);
  };
  accent(launcher);
  root.append(launcher);

  // The panel, built on first open.
  let panel: HTMLElement | undefined;
  let log: HTMLElement;
  let status: HTMLElement;
  let progress: HTMLElement;
  let input: HTMLTextAreaElement;
  let empty: HTMLElement | undefined;

  /** The open session and the learner proof it was opened with (sent with each of its requests). */
  let session: Promise<OpenSession> | undefined;
  let historyShown = false;
  let queue: Promise<void> = Promise.resolve();
  let busy = 0;

  function build(): HTMLElement {
    progress = h('div', { class: 'progress', 'data-testid': 'progress', hidden: '' });
    const closeButton = h('button', { type: 'button', class: 'close', 'aria-label': t.close, 'data-testid': 'close' }, icon(ICON_CLOSE));
    log = h('div', { class: 'log', role: 'log', 'aria-live': 'polite', 'aria-label': 'Conversation', 'aria-busy': 'false', tabindex: '0', 'data-testid': 'messages' });
    status = h('div', { class: 'status', role: 'status', 'data-testid': 'status', 'data-busy': 'false' });
    input = h('textarea', {
      id: 'ponder-input',
      rows: '1',
      maxlength: String(MAX_CHARS),
      placeholder: t.placeholder,
      enterkeyhint: 'send',
      'data-testid': 'input',
    });
    const send = h('button', { type: 'button', class: 'send', 'aria-label': t.send, 'data-testid': 'send' }, icon(ICON_SEND));
    const avatar = settings.avatar ? h('img', { class: 'avatar', src: settings.avatar, alt: '', 'data-testid': 'avatar' }) : null;
    const p = h(
      'div',
      { class: `panel ${settings.position}`, role: 'dialog', 'aria-label': title, 'data-testid': 'panel', hidden: '' },
      h('div', { class: 'head' }, avatar, h('h2', null, title), closeButton, progress),
      log,
      status,
      h('div', { class: 'compose' }, h('label', { class: 'sr', for: 'ponder-input' }, fill(t.messageTo, { title })), input, send),
    );
    accent(p);
    // Never an empty panel: the site's greeting (or a short hello) is there before anything is fetched.
    greet();
    closeButton.addEventListener('click', close);
    send.addEventListener('click', () => {
      submit();
      input.focus();
    });
    input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
        e.preventDefault();
        submit();
      }
    });
    input.addEventListener('input', autosize);
    root.append(p);
    return p;
  }

  function autosize(): void {
    input.style.height = '';
    if (input.scrollHeight > input.clientHeight) input.style.height = `${Math.min(input.scrollHeight + 2, 120)}px`;
  }

  function greet(name?: string): void {
    empty?.remove();
    empty = h('div', { class: 'msg greeting', 'data-role': 'greeting', 'data-testid': 'greeting' }, settings.greeting ?? (name ? fill(t.greetingNamed, { name }) : t.greeting));
    log.prepend(empty);
  }

  /** The page's interface language, fetched on first open (English is built in). */
  let words: Promise<void> | undefined;
  function loadWords(): Promise<void> {
    words ??=
      settings.language === 'en'
        ? Promise.resolve()
        : fetch(new URL(`widget/lang/${settings.language}.json`, base), { credentials: 'omit' })
            .then((res) => (res.ok ? res.json() : undefined))
            .then((loaded: unknown) => {
              t = withEnglish(loaded);
              launcher.setAttribute('aria-label', fill(t.chatWith, { title }));
            })
            // Unreachable or broken: the panel opens in English rather than not at all.
            .catch(() => undefined);
    return words;
  }

  function open(): void {
    if (settings.language !== 'en' && !panel) {
      void loadWords().then(openPanel);
      return;
    }
    openPanel();
  }

  function openPanel(): void {
    panel ??= build();
    if (!panel.hidden) return;
    panel.hidden = false;
    launcher.setAttribute('aria-expanded', 'true');
    input.focus();
    if (!session) connect();
    emit('open');
  }

  function close(): void {
    if (!panel || panel.hidden) return;
    panel.hidden = true;
    launcher.setAttribute('aria-expanded', 'false');
    launcher.focus();
    emit('close');
  }

  function connect(): void {
    setStatus(t.connecting);
    ensureSession().then(
      () => setStatus(''),
      (e: unknown) => {
        // The server's own words are for the site's developers.
        if (e instanceof ApiError) console.warn(`Ponder: ${e.code}: ${e.message}`);
        setStatus(friendly(e, t), true, transient(e) ? connect : undefined);
        emit('error', errorDetail(e));
      },
    );
  }

  /** A different learner from now on (the site signed someone in or out): nothing of the last one stays shown. */
  function identify(next?: string): void {
    if (next === token) return;
    token = next || undefined;
    session = undefined;
    historyShown = false;
    if (!panel) return;
    log.replaceChildren();
    progress.hidden = true;
    greet();
    if (!panel.hidden) connect();
  }

  function setStatus(text: string, error = false, retry?: () => void): void {
    if (!panel) return;
    status.replaceChildren(text);
    if (error) status.setAttribute('data-kind', 'error');
    else status.removeAttribute('data-kind');
    if (retry) {
      const again = h('button', { type: 'button', class: 'retry', 'data-testid': 'retry' }, t.tryAgain);
      again.addEventListener('click', () => {
        setStatus('');
        retry();
      });
      status.append(again);
    }
  }

  function setBusy(delta: number): void {
    busy += delta;
    status.setAttribute('data-busy', String(busy > 0));
    log.setAttribute('aria-busy', String(busy > 0));
  }

  function scroll(): void {
    log.scrollTop = log.scrollHeight;
  }

  function bubble(role: 'learner' | 'tutor'): HTMLElement {
    const el = h('div', { class: 'msg', 'data-testid': 'message', 'data-role': role });
    log.append(el);
    return el;
  }

  function learnerBubble(text: string): HTMLElement {
    const el = bubble('learner');
    el.textContent = text;
    scroll();
    return el;
  }

  function tutorText(el: HTMLElement, text: string): void {
    el.replaceChildren(renderMarkdown(text));
    scroll();
  }

  function extras(el: HTMLElement, reply: ReplyData, withChoices: boolean): void {
    const after: HTMLElement[] = [];
    const file = reply.attachment;
    if (file && typeof file.content === 'string') {
      // Never a type the browser would render as a page of this origin.
      const type = /^(application\/json|text\/plain)$/.test(file.mimeType) ? file.mimeType : 'application/octet-stream';
      const name = String(file.filename || 'ponder.txt').replace(/[^\w.-]+/g, '_');
      const link = h('a', { class: 'file', download: name, 'data-testid': 'attachment' }, fill(t.download, { name }));
      link.href = URL.createObjectURL(new Blob([file.content], { type }));
      after.push(h('div', { class: 'row' }, link));
    }
    if (withChoices && reply.choices?.length) after.push(choiceRow(reply.choices));
    el.after(...after);
    scroll();
  }

  function choiceRow(choices: Choice[]): HTMLElement {
    const row = h('div', { class: 'row choices', role: 'group', 'aria-label': t.answers });
    for (const choice of choices) {
      const button = h('button', { type: 'button', class: 'choice', 'data-testid': 'choice' }, choice.label);
      button.addEventListener('click', () => {
        enqueue({ choice: choice.id }, choice.label);
        input.focus();
      });
      row.append(button);
    }
    return row;
  }

  function showHistory(data: SessionData): void {
    const messages: HistoryMessage[] = Array.isArray(data.history) ? data.history : [];
    // Only the buttons after the learner's last message can still be answered.
    let lastLearner = -1;
    messages.forEach((m, i) => {
      if (m.role === 'learner') lastLearner = i;
    });
    messages.forEach((m, i) => {
      if (m.role === 'learner') learnerBubble(m.text);
      else {
        const el = bubble('tutor');
        tutorText(el, m.text);
        extras(el, { text: m.text, ...(m.choices ? { choices: m.choices } : {}) }, i > lastLearner);
      }
    });
    // A signed-in learner is greeted by name, unless the site wrote its own greeting.
    if (data.learner?.name && !settings.greeting) greet(data.learner.name);
    if (data.mastery) showProgress(data);
  }

  function ensureSession(): Promise<OpenSession> {
    if (session) return session;
    // Taken now, with the session: a learner switched by identify() meanwhile never sends as the one before.
    const proof = token ?? anonymousId(site);
    const body: Record<string, unknown> = token ? { site, token } : { site, anonymousId: proof };
    if (settings.packs.length) body['packs'] = settings.packs;
    const started = startSession(api('session'), body).then((data) => {
      if (!historyShown) {
        historyShown = true;
        showHistory(data);
      }
      emit('ready', { learner: data.learner ?? {} });
      return { id: data.sessionId, proof };
    });
    session = started;
    started.catch(() => {
      if (session === started) session = undefined;
    });
    return started;
  }

  function showProgress(end: EndData): void {
    const mastery = end.mastery ?? {};
    const ids = Object.keys(mastery);
    progress.hidden = ids.length === 0;
    if (!ids.length) return;
    const mastered = end.mastered?.length ?? ids.filter((id) => (mastery[id] ?? 0) >= MASTERED).length;
    const parts: Node[] = [h('span', null, fill(t.mastered, { n: mastered, of: ids.length }))];
    const concept = end.open?.concept;
    const value = concept === undefined ? undefined : mastery[concept];
    if (concept !== undefined && value !== undefined) {
      const pct = Math.round(value * 100 + 1e-6);
      const name = end.open?.conceptTitle ?? humanize(concept);
      const fill = h('span', { class: 'fill' });
      fill.style.width = `${pct}%`;
      parts.push(
        h('span', { 'aria-hidden': 'true' }, ' · '),
        h('span', { class: 'bar', role: 'progressbar', 'aria-label': `${name}: mastery`, 'aria-valuemin': '0', 'aria-valuemax': '100', 'aria-valuenow': String(pct) }, fill),
        h('span', { class: 'name', title: name }, `${pct}% ${name}${end.open?.difficulty ? `, level ${end.open.difficulty}` : ''}`),
      );
    }
    progress.replaceChildren(...parts);
  }

  function putAwayChoices(turn: Turn): void {
    for (const row of log.querySelectorAll<HTMLElement>('.choices:not([hidden])')) {
      row.hidden = true;
      turn.hidden.push(row);
    }
  }

  function submit(): void {
    const text = input.value.trim();
    if (!text) return;
    input.value = '';
    autosize();
    enqueue({ text }, text);
  }

  /** Turns run one after another: a message sent while the tutor is still answering waits its turn. */
  function enqueue(body: Turn['body'], label: string, again?: Turn): void {
    const turn: Turn = again ?? { id: randomId(), body, label, bubbles: [], finalized: 0, hidden: [] };
    putAwayChoices(turn);
    setBusy(1);
    queue = queue
      .then(() => run(turn))
      .catch((e: unknown) => setStatus(friendly(e, t), true))
      .finally(() => setBusy(-1));
  }

  async function run(turn: Turn): Promise<void> {
    putAwayChoices(turn);
    let renewals = 0;
    for (let attempt = 0; ; attempt++) {
      let error: unknown;
      try {
        const open = await ensureSession();
        turn.learner ??= learnerBubble(turn.label);
        if (attempt === 0) {
          setStatus('');
          status.append(h('span', { 'aria-hidden': 'true' }, t.thinking));
        }
        if (await stream(turn, open)) {
          setStatus('');
          return;
        }
      } catch (e) {
        error = e;
      }
      if (error instanceof ApiError && error.code === 'SESSION_NOT_FOUND' && renewals++ < 2) {
        // Expired, or the server restarted: a new session, then the same turn again.
        session = undefined;
        continue;
      }
      if (!transient(error)) return fail(turn, error);
      const wait = BACKOFF_MS[attempt];
      if (wait === undefined) {
        setStatus(friendly(error, t), true, () => enqueue(turn.body, turn.label, turn));
        emit('error', errorDetail(error));
        return;
      }
      setStatus(t.reconnecting);
      await sleep(wait);
    }
  }

  /** The turn cannot go through: if the server never took it, the learner gets the message (or buttons) back. */
  function fail(turn: Turn, error: unknown): void {
    const taken = (error instanceof ApiError && error.status === 200) || turn.bubbles.length > 0;
    if (!taken) {
      turn.learner?.remove();
      turn.learner = undefined;
      for (const row of turn.hidden) row.hidden = false;
      turn.hidden = [];
      if ('text' in turn.body && !input.value) input.value = turn.body.text;
    }
    setStatus(friendly(error, t), true);
    emit('error', errorDetail(error));
  }

  /** One attempt at a turn. True once the turn's end arrived; false if the stream broke before it. */
  async function stream(turn: Turn, open: OpenSession): Promise<boolean> {
    const abort = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const watch = () => {
      clearTimeout(timer);
      timer = setTimeout(() => abort.abort(), STALL_MS);
    };
    watch();
    try {
      const res = await post(api(`session/${encodeURIComponent(open.id)}/turns`), { ...turn.body, clientTurnId: turn.id }, abort.signal, { 'x-ponder-learner': open.proof });
      if (!res.ok) throw await apiError(res);
      for (const row of turn.hidden) row.remove();
      turn.hidden = [];
      // The server replays a resent turn from its first event: replies already final are left as they are,
      // and a reply cut off half-way is rebuilt in the same bubble.
      let index = 0;
      let partial = '';
      const at = (i: number) => (turn.bubbles[i] ??= bubble('tutor'));
      return await readEvents(
        res,
        (name, data) => {
          if (name === 'delta') {
            if (index >= turn.finalized) {
              if (!partial) setStatus('');
              partial += (JSON.parse(data) as { text?: string }).text ?? '';
              tutorText(at(index), partial);
            }
          } else if (name === 'reply') {
            const reply = JSON.parse(data) as ReplyData;
            if (index >= turn.finalized) {
              setStatus('');
              const el = at(index);
              tutorText(el, String(reply.text ?? ''));
              extras(el, reply, true);
              turn.finalized = index + 1;
              emit('reply', { text: String(reply.text ?? ''), move: reply.move });
              if (reply.move === 'forgotten') forgotten();
            }
            index++;
            partial = '';
          } else if (name === 'end') {
            showProgress(JSON.parse(data) as EndData);
            return true;
          } else if (name === 'error') {
            const e = JSON.parse(data) as { code?: string; message?: string };
            throw new ApiError(200, e.code ?? 'TURN_FAILED', e.message ?? '');
          }
          return false;
        },
        watch,
      );
    } finally {
      clearTimeout(timer);
    }
  }

  /** After "forget me" the server has deleted the learner: this browser forgets its id too. */
  function forgotten(): void {
    if (!token) anonymousId(site, true);
    session = undefined;
    progress.hidden = true;
  }

  launcher.addEventListener('click', () => (panel && !panel.hidden ? close() : open()));
  root.addEventListener('keydown', (e) => {
    if ((e as KeyboardEvent).key === 'Escape' && panel && !panel.hidden) {
      e.stopPropagation();
      close();
    }
  });
  window.Ponder = {
    open,
    close,
    toggle: () => (panel && !panel.hidden ? close() : open()),
    identify: (next?: string) => identify(typeof next === 'string' ? next : undefined),
    on(event, handler) {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      set.add(handler);
      return () => set.delete(handler);
    },
  };
  // For a page whose own script ran first (the widget loads async): it listens for this, then calls Ponder.
  window.dispatchEvent(new CustomEvent('ponder:ready'));

  const mount = () => document.body.append(host);
  if (document.body) mount();
  else document.addEventListener('DOMContentLoaded', mount, { once: true });
}

install();
