// The REST API the dashboard reads (same origin: the page is served by `sitroom serve`).

async function get(path, params) {
  const url = params ? `${path}?${params}` : path;
  const response = await fetch(url); // no custom headers: the page's preload of /events.columns must match
  if (!response.ok) {
    let detail = `${response.status} ${response.statusText}`;
    try {
      const problem = await response.json();
      detail = problem.detail ?? problem.title ?? detail;
    } catch {
      // not a problem document: keep the status line
    }
    if (response.status === 401) detail = `this server needs an API key for reads (${detail})`;
    throw new Error(detail);
  }
  return response.json();
}

export const fetchColumns = () => get("/events.columns");
export const fetchEvent = (id) => get(`/events/${encodeURIComponent(id)}`);
export const fetchBrief = (params) => get("/briefs", params);
export const fetchCountries = () => get("/static/countries.json");
