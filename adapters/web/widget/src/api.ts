// Talking to the tutor server (adapters/web/API.md): JSON requests, errors as ApiError, and a turn's
// text/event-stream read from fetch's body as it arrives.

export interface Choice {
  id: string;
  label: string;
}

export interface ReplyData {
  text: string;
  choices?: Choice[];
  move?: string;
  attachment?: { filename: string; mimeType: string; content: string };
}

export interface HistoryMessage {
  role: 'learner' | 'tutor';
  text: string;
  choices?: Choice[];
  move?: string;
}

export interface EndData {
  open: { id: string; concept: string; conceptTitle?: string; difficulty: number } | null;
  mastery?: Record<string, number>;
  /** Concepts the tutor counts as mastered: the widget shows its verdict rather than judging itself. */
  mastered?: string[];
}

export interface SessionData extends EndData {
  sessionId: string;
  learner?: { name?: string };
  history?: HistoryMessage[];
}

/** An answer of the server that is not a success: a status and the body's error code. */
export class ApiError extends Error {
  status: number;
  code: string;
  retryAfter: number | undefined;
  constructor(status: number, code: string, message: string, retryAfter?: number) {
    super(message);
    this.status = status;
    this.code = code;
    this.retryAfter = retryAfter;
  }
}

export async function apiError(res: Response): Promise<ApiError> {
  let code = `HTTP_${res.status}`;
  let message = res.statusText;
  try {
    const body = (await res.json()) as { error?: { code?: string; message?: string } };
    code = body.error?.code ?? code;
    message = body.error?.message ?? message;
  } catch {
    // Not JSON (a proxy's error page): the status says enough.
  }
  const wait = Number(res.headers.get('retry-after'));
  return new ApiError(res.status, code, message, wait > 0 ? wait : undefined);
}

export function post(url: string, body: unknown, signal?: AbortSignal, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
    credentials: 'omit',
    ...(signal ? { signal } : {}),
  });
}

export async function startSession(url: string, body: Record<string, unknown>): Promise<SessionData> {
  const res = await post(url, body);
  if (!res.ok) throw await apiError(res);
  return (await res.json()) as SessionData;
}

/**
 * Reads Server-Sent Events from a response body, calling onEvent(name, data) for each one; onEvent returns true
 * when the stream is complete. Resolves true if it was, false if the stream ended first. onChunk is called for
 * every chunk received (a stall watchdog uses it).
 */
export async function readEvents(
  res: Response,
  onEvent: (name: string, data: string) => boolean,
  onChunk: () => void,
): Promise<boolean> {
  let name = '';
  let data: string[] = [];
  let buffer = '';
  const line = (text: string): boolean => {
    if (text === '') {
      const complete = data.length > 0 && onEvent(name || 'message', data.join('\n'));
      name = '';
      data = [];
      return complete;
    }
    if (text.startsWith(':')) return false;
    const colon = text.indexOf(':');
    const field = colon < 0 ? text : text.slice(0, colon);
    let value = colon < 0 ? '' : text.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') name = value;
    else if (field === 'data') data.push(value);
    return false;
  };
  // An event cut off by the end of the stream is dropped, as the SSE standard says.
  const feed = (chunk: string): boolean => {
    buffer += chunk;
    const lines = buffer.split('\n');
    buffer = lines.pop() ?? '';
    for (const l of lines) if (line(l.endsWith('\r') ? l.slice(0, -1) : l)) return true;
    return false;
  };
  if (!res.body) return feed(await res.text());
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      onChunk();
      if (done) return false;
      if (feed(decoder.decode(value, { stream: true }))) return true;
    }
  } finally {
    reader.cancel().catch(() => {});
  }
}

/** A random id: crypto.randomUUID where the page is a secure context, random bytes elsewhere. */
export function randomId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}

const memory = new Map<string, string>();

/** The learner's anonymous id for a site, kept in localStorage (in memory where storage is unavailable). */
export function anonymousId(site: string, fresh = false): string {
  const key = `ponder:${site}:anon`;
  let id = fresh ? undefined : memory.get(key);
  if (!fresh && !id) {
    try {
      id = localStorage.getItem(key) ?? undefined;
    } catch {
      // Storage blocked: a new id below, kept in memory.
    }
  }
  if (id && /^[\w-]{16,128}$/.test(id)) {
    memory.set(key, id);
    return id;
  }
  id = randomId();
  memory.set(key, id);
  try {
    localStorage.setItem(key, id);
  } catch {
    // Storage blocked (private mode, sandboxed frame): the id lasts as long as the page.
  }
  return id;
}
