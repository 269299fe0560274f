// The public JSON API, as any client would use it: relative URLs on the page's own
// origin, list envelopes paged with limit/offset, RFC 9457 problems turned into errors.

export const STANCES = ["supports", "opposes", "considering", "conditional", "undecided"];
const PAGE = 500; // the API's largest page
export const PAGE_SHOWN = 50; // records shown at a time where the reader pages through them

/** An error answer from the API, with the problem's title and detail. */
export class ApiError extends Error {
  constructor(status, title, detail, path) {
    super(detail ? `${title}: ${detail}` : title);
    this.status = status;
    this.title = title;
    this.detail = detail;
    this.path = path;
  }
}

export class Api {
  /**
   * @param base where the API lives. Same origin by default; `?api=http://127.0.0.1:PORT` on
   *   the page overrides it for development (the server sends CORS headers).
   */
  constructor(base) {
    this.base = new URL(base ?? ".", document.baseURI);
  }

  url(path, params = {}) {
    const url = new URL(path.replace(/^\//, ""), this.base);
    for (const [name, value] of Object.entries(params)) {
      if (value !== undefined && value !== null && value !== "") url.searchParams.set(name, String(value));
    }
    return url;
  }

  /** GETs one JSON resource; a non-2xx answer throws an ApiError built from its problem body. */
  async get(path, params, { signal } = {}) {
    const url = this.url(path, params);
    let response;
    try {
      // Revalidate with the ETag every time: the corpus can change under us.
      response = await fetch(url, { headers: { Accept: "application/json" }, cache: "no-cache", signal });
    } catch (error) {
      if (error.name === "AbortError") throw error;
      throw new ApiError(0, "The server cannot be reached", String(error.message ?? error), path);
    }
    const type = response.headers.get("Content-Type") ?? "";
    if (!response.ok) {
      let title = `${response.status} ${response.statusText}`.trim();
      let detail = "";
      if (type.includes("json")) {
        try {
          const problem = await response.json();
          title = problem.title ?? title;
          detail = problem.detail ?? "";
        } catch { /* keep the status line */ }
      }
      throw new ApiError(response.status, title, detail, path);
    }
    return response.json();
  }

  /** One page of a list endpoint: `{items, total}`. */
  page(path, params = {}, offset = 0, options) {
    return this.get(path, { ...params, limit: PAGE_SHOWN, offset }, options);
  }

  /** Every item of a list endpoint, following offset while the total is not reached. */
  async all(path, params = {}, options) {
    const items = [];
    for (let offset = 0; ; offset += PAGE) {
      const page = await this.get(path, { ...params, limit: PAGE, offset }, options);
      items.push(...page.items);
      if (page.items.length === 0 || items.length >= page.total) return items;
    }
  }

  health(options) { return this.get("health", {}, options); }
  countries(options) { return this.all("countries", {}, options); }
  country(code, options) { return this.get(`countries/${encodeURIComponent(code)}`, {}, options); }
  timeline(code, options) { return this.get(`countries/${encodeURIComponent(code)}/timeline`, {}, options); }
  positions(params, options) { return this.all("positions", params, options); }
  estimates(params, options) { return this.all("estimates", params, options); }
  proposals(params, options) { return this.all("proposals", params, options); }
  document(id, options) { return this.get(`documents/${encodeURIComponent(id)}`, {}, options); }
}
