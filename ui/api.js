// The admin API as the dashboard uses it: the world's prefix, the admin token, errors as messages.

const TOKEN_KEY = 'mews-sim.adminToken';

/** Which world this page shows: /w/<name>/_sim/ui/ names one; /_sim/ui/ is the default world. */
export function worldFromLocation() {
  const m = /^\/w\/([^/]+)\/_sim\/ui\//.exec(location.pathname);
  return m ? decodeURIComponent(m[1]) : undefined;
}

export class ApiError extends Error {
  constructor(status, message, path) {
    super(message);
    this.status = status;
    this.path = path;
  }
}

let tokenPrompt;
/** How the page asks a person for the token (set by app.js); resolves to the token or undefined. */
export function onTokenNeeded(fn) {
  tokenPrompt = fn;
}

export const token = () => sessionStorage.getItem(TOKEN_KEY) ?? undefined;
export const setToken = (t) => (t ? sessionStorage.setItem(TOKEN_KEY, t) : sessionStorage.removeItem(TOKEN_KEY));

export class Api {
  constructor(world) {
    this.world = world;
  }

  /** /_sim/<path> of this world. */
  url(path) {
    const base = this.world ? `/_sim/worlds/${encodeURIComponent(this.world)}/` : '/_sim/';
    return base + path.replace(/^\//, '');
  }

  headers(extra = {}) {
    const t = token();
    return { ...extra, ...(t && { authorization: `Bearer ${t}` }) };
  }

  /** A JSON call; a 401 asks for the token once and tries again. */
  async call(method, path, body, { global = false, retried = false, allow404 = false } = {}) {
    const res = await fetch(global ? `/_sim/${path}` : this.url(path), {
      method,
      headers: this.headers(body === undefined ? {} : { 'content-type': 'application/json' }),
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (res.status === 401 && !retried && tokenPrompt) {
      const t = await tokenPrompt();
      if (t) {
        setToken(t);
        return this.call(method, path, body, { global, retried: true, allow404 });
      }
    }
    const text = await res.text();
    let json;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    if (res.status === 404 && allow404) return undefined;
    if (!res.ok) {
      const err = json?.error ?? json;
      throw new ApiError(res.status, err?.message ?? `${method} ${path} answered ${res.status}`, err?.path);
    }
    return json;
  }

  get(path, opts) {
    return this.call('GET', path, undefined, opts);
  }

  post(path, body, opts) {
    return this.call('POST', path, body ?? {}, opts);
  }

  del(path, opts) {
    return this.call('DELETE', path, undefined, opts);
  }

  /**
   * Follows journal/events (server-sent events) with fetch rather than EventSource, so the admin
   * token can go in a header. Calls onEntry(summary) per new call; reconnects after a drop.
   */
  follow(sinceSeq, onEntry, onState) {
    let stopped = false;
    let controller;
    let since = sinceSeq;
    const run = async () => {
      while (!stopped) {
        controller = new AbortController();
        try {
          const res = await fetch(this.url(`journal/events${since ? `?since=${since}` : ''}`), { headers: this.headers(), signal: controller.signal });
          if (res.status === 401 && tokenPrompt) {
            const t = await tokenPrompt();
            if (t) setToken(t);
            else throw new Error('no admin token');
            continue;
          }
          if (!res.ok || !res.body) throw new Error(`events answered ${res.status}`);
          onState('live');
          const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
          let buffer = '';
          for (;;) {
            const { value, done } = await reader.read();
            if (done) break;
            buffer += value;
            let end;
            while ((end = buffer.indexOf('\n\n')) !== -1) {
              const block = buffer.slice(0, end);
              buffer = buffer.slice(end + 2);
              const event = /^event: (.*)$/m.exec(block)?.[1];
              const data = /^data: (.*)$/m.exec(block)?.[1];
              if (event === 'entry' && data) {
                const entry = JSON.parse(data);
                since = Math.max(since ?? 0, entry.seq);
                onEntry(entry);
              } else if (event === 'hello' && data && since === undefined) since = JSON.parse(data).lastSeq;
            }
          }
        } catch (err) {
          if (stopped) return;
          onState('offline', err);
        }
        if (!stopped) {
          onState('reconnecting');
          await new Promise((r) => setTimeout(r, 1500));
        }
      }
    };
    void run();
    return () => {
      stopped = true;
      controller?.abort();
    };
  }
}
