// Live updates. The server announces corpus changes on /events (Server-Sent Events:
// `document.added`, `document.removed`, data {"id", "counts", "etag"}; `stance.changed` when a
// write changed a country's latest dated stance, data {"country", "date", "from", "to",
// "position", "document"}). A server without
// /events (it is not in /openapi.json) is watched by polling /health instead. Failures back
// off quietly: no reload, no console noise.

const POLL_SECONDS = 10;
const MAX_BACKOFF_SECONDS = 300;

/**
 * Calls `onChange({type, id, counts, data})` for each change (`data`: the event's JSON; type
 * "resync" when changes may have been missed: the stream (re)opened) and `onStatus("events" | "polling" | "offline")`. Returns a
 * function that stops watching.
 */
export function watch(api, onChange, onStatus = () => {}) {
  let stopped = false;
  let source = null;
  let timer = null;
  let backoff = 2;
  let lastHealth = null;

  const later = (fn, seconds) => {
    clearTimeout(timer);
    if (!stopped) timer = setTimeout(fn, seconds * 1000);
  };

  async function hasEvents() {
    try {
      const spec = await api.get("openapi.json");
      return Boolean(spec?.paths && Object.hasOwn(spec.paths, "/events"));
    } catch {
      return false;
    }
  }

  /** `retry`: a new stream after the last one was closed; changes may have been missed. */
  function listen(retry = false) {
    const stream = new EventSource(api.url("events"));
    source = stream;
    const handle = (type) => (event) => {
      backoff = 2;
      let data = {};
      try { data = JSON.parse(event.data); } catch { /* a change without details is still a change */ }
      onChange({ type, id: data.id ?? null, counts: data.counts ?? null, data });
    };
    stream.addEventListener("document.added", handle("document.added"));
    stream.addEventListener("document.removed", handle("document.removed"));
    stream.addEventListener("stance.changed", handle("stance.changed"));
    stream.addEventListener("open", () => {
      backoff = 2;
      onStatus("events");
      // Whatever changed before the stream was open (or while it was down) is caught up here.
      onChange({ type: "resync", id: null, counts: null, retry });
    });
    stream.addEventListener("error", () => {
      // CONNECTING: the browser retries by itself (the server sets `retry`). CLOSED: it gave
      // up (the server is gone or answered something else); try again later, less and less often.
      if (source === stream) onStatus("offline");
      if (stream.readyState === EventSource.CLOSED && source === stream) {
        stream.close();
        source = null;
        later(() => listen(true), backoff);
        backoff = Math.min(backoff * 2, MAX_BACKOFF_SECONDS);
      }
    });
  }

  async function poll() {
    try {
      const health = await api.health();
      if (lastHealth && (health.documents !== lastHealth.documents || health.positions !== lastHealth.positions
        || health.estimates !== lastHealth.estimates || health.proposals !== lastHealth.proposals)) {
        onChange({ type: health.documents > lastHealth.documents ? "document.added"
          : health.documents < lastHealth.documents ? "document.removed" : "changed", id: null, counts: null });
      }
      lastHealth = health;
      backoff = 2;
      onStatus("polling");
      later(poll, POLL_SECONDS);
    } catch {
      onStatus("offline");
      later(poll, backoff * POLL_SECONDS);
      backoff = Math.min(backoff * 2, MAX_BACKOFF_SECONDS / POLL_SECONDS);
    }
  }

  let mode = null;
  hasEvents().then((events) => {
    if (stopped) return;
    mode = events && typeof EventSource === "function" ? "events" : "poll";
    if (mode === "events") listen(); else poll();
  });

  // A page kept in the back/forward cache must not hold its stream open (browsers allow only
  // a few connections per server); when it is shown again, reconnect and catch up.
  const hide = () => { clearTimeout(timer); source?.close(); source = null; };
  const show = (event) => {
    if (!event.persisted || stopped || !mode) return;
    if (mode === "events") listen(true); else poll();
  };
  window.addEventListener("pagehide", hide);
  window.addEventListener("pageshow", show);

  return () => {
    stopped = true;
    hide();
    window.removeEventListener("pagehide", hide);
    window.removeEventListener("pageshow", show);
  };
}
