// The dashboard: loads every event once as columns, then answers each filter change in the browser, redrawing
// the map, timeline, table and the open view together and writing the filter into the URL.
import { fetchBrief, fetchColumns, fetchCountries, fetchEvent } from "./api.js";
import { renderActors } from "./actors.js";
import { BriefView } from "./brief.js";
import { typeColor } from "./colors.js";
import { decode, dayNumber, select } from "./data.js";
import { EventDetail } from "./detail.js";
import { clear, el } from "./dom.js";
import { EventMap } from "./map.js";
import { EventTable } from "./table.js";
import { Timeline } from "./timeline.js";

const FILTERS = ["date_from", "date_to", "country", "event_type", "actor", "min_confidence"];
const TABS = ["events", "event", "actors", "brief"];
const $ = (id) => document.getElementById(id);

const state = { filter: {}, event: null, tab: "events" };
// Timings for the browser tests and bench/web_bench.py: ms from navigation start to the first full draw, and
// from a filter change to the frame that shows it.
const perf = { loadMs: null, redraws: 0, lastRedrawMs: null, steps: {} };
const step = (name) => {
  perf.steps[name] = Math.round(performance.now());
};
window.sitroomPerf = perf;
let events = null;
let selection = new Int32Array(0);

function readUrl() {
  const params = new URLSearchParams(window.location.search);
  for (const key of FILTERS) if (params.get(key)) state.filter[key] = params.get(key);
  state.event = params.get("event");
  const tab = params.get("tab");
  state.tab = TABS.includes(tab) ? tab : state.event ? "event" : "events";
}

function writeUrl() {
  const params = new URLSearchParams();
  for (const key of FILTERS) if (state.filter[key]) params.set(key, state.filter[key]);
  if (state.event) params.set("event", state.event);
  if (state.tab !== "events") params.set("tab", state.tab);
  const query = params.toString();
  window.history.replaceState(null, "", query ? `?${query}` : window.location.pathname);
}

/** After the browser has painted what was just drawn. */
const afterPaint = (fn) => requestAnimationFrame(() => setTimeout(fn, 0));

const form = $("filters");
const status = $("status");
const map = new EventMap($("map"), { onOpen: (id) => openEvent(id) });
const timeline = new Timeline($("timeline"), {
  onRange: (from, to) => setFilter({ date_from: from ?? "", date_to: to ?? "" }),
});
const table = new EventTable($("panel-events"), { onOpen: (id) => openEvent(id) });
const detail = new EventDetail($("panel-event"), { fetchEvent });
const brief = new BriefView($("panel-brief"), {
  fetchBrief,
  onCite: (id, evidence) => openEvent(id, evidence),
});

function fillForm() {
  const countries = [...events.countries].sort((a, b) => a.localeCompare(b));
  if (state.filter.country && !countries.includes(state.filter.country)) countries.push(state.filter.country);
  form.country.append(...countries.map((c) => el("option", { value: c }, c)));
  // Event types, each followed by its sub-event types found in the events.
  const parent = new Map();
  for (let i = 0; i < events.n; i++) if (!parent.has(events.subType[i])) parent.set(events.subType[i], events.type[i]);
  const groups = events.types.map((type, t) => {
    const subs = [...parent].filter(([, p]) => p === t).map(([s]) => events.subTypes[s]).sort();
    return el("optgroup", { label: type }, el("option", { value: type }, `${type} (all)`), subs.map((s) => el("option", { value: s }, s)));
  });
  form.event_type.append(...groups);
  $("actor-names").append(...events.actorNames.map((name) => el("option", { value: name })));
  for (const key of FILTERS) form[key].value = state.filter[key] ?? "";
  $("legend").append(
    ...events.types.map((type) => {
      const swatch = el("span", { className: "swatch" });
      swatch.style.background = typeColor(type);
      return el("li", {}, swatch, type);
    }),
  );
}

function readForm() {
  const filter = {};
  for (const key of FILTERS) {
    const value = form[key].value.trim();
    if (value) filter[key] = value;
  }
  return filter;
}

function setFilter(changes) {
  for (const [key, value] of Object.entries(changes)) form[key].value = value ?? "";
  onFilterChange();
}

function onFilterChange() {
  const before = state.filter;
  state.filter = readForm();
  if (JSON.stringify(before) === JSON.stringify(state.filter)) return;
  redraw({ fit: before.country !== state.filter.country });
}

function redraw({ fit = false } = {}) {
  const start = performance.now();
  selection = select(events, state.filter);
  map.update(events, selection, fit);
  const f = state.filter;
  timeline.update(events, selection, f.date_from || f.date_to ? [f.date_from ? dayNumber(f.date_from) : null, f.date_to ? dayNumber(f.date_to) : null] : null);
  table.update(events, selection);
  showTab(state.tab);
  const located = map.located;
  const total = events.truncated ? `${events.n.toLocaleString()}+ (the newest)` : events.n.toLocaleString();
  status.textContent = `${selection.length.toLocaleString()} of ${total} events · ${(selection.length - located).toLocaleString()} without a place`;
  writeUrl();
  afterPaint(() => {
    perf.redraws += 1;
    perf.lastRedrawMs = performance.now() - start;
    document.body.dataset.redraws = String(perf.redraws);
  });
}

function showTab(tab) {
  state.tab = tab;
  for (const name of TABS) {
    $(`panel-${name}`).hidden = name !== tab;
    document.querySelector(`[data-tab="${name}"]`).setAttribute("aria-selected", String(name === tab));
  }
  if (tab === "actors") renderActors($("panel-actors"), events, selection, (name) => setFilter({ actor: name }));
  if (tab === "brief") brief.show(state.filter);
  writeUrl();
}

function openEvent(id, evidence = null) {
  state.event = id;
  showTab("event");
  map.mark(events, id);
  for (const row of document.querySelectorAll("tr.selected")) row.classList.remove("selected");
  document.querySelector(`tr[data-id="${CSS.escape(id)}"]`)?.classList.add("selected");
  detail.show(id, evidence);
}

async function start() {
  readUrl();
  for (const button of document.querySelectorAll("#tabs [data-tab]")) {
    button.addEventListener("click", () => showTab(button.dataset.tab));
  }
  let raw;
  let topology;
  try {
    step("script");
    [raw, topology] = await Promise.all([fetchColumns().finally(() => step("columns")), fetchCountries()]);
  } catch (error) {
    status.textContent = `Could not load the events: ${error.message}`;
    status.classList.add("error");
    return;
  }
  map.setBasemap(topology);
  step("basemap");
  events = decode(raw);
  step("decoded");
  fillForm();
  timeline.setSpan(events);
  redraw({ fit: true });
  step("drawn");
  if (state.event) openEvent(state.event);
  let typing = null;
  form.addEventListener("change", onFilterChange);
  form.addEventListener("input", (e) => {
    clearTimeout(typing); // typed names: redraw when the typing pauses, not on every key
    if (e.target.name === "actor" || e.target.name === "min_confidence") typing = setTimeout(onFilterChange, 250);
  });
  form.addEventListener("reset", () => setTimeout(onFilterChange, 0));
  if (!events.n) clear($("panel-events")).append(el("p", { className: "hint" }, "The store holds no events yet: `sitroom run PATH` fills it."));
  afterPaint(() => {
    perf.loadMs = performance.now();
    document.body.dataset.ready = "1";
  });
}

start();
