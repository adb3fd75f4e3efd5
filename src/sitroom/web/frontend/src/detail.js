// One event and the evidence behind it (GET /events/{id}): merged fields, confidence, sources, claims and
// denials, contradictions, and each report's sentence with the words that support each field highlighted.
// Every string here came from an article: it is only ever a text node.
import { clear, el, link } from "./dom.js";

const PRECISION = { 1: "exact day", 2: "within a week", 3: "within a month" };
const GEO_PRECISION = { 1: "the place itself", 2: "near the place", 3: "the region" };

/** The labelled evidence spans a report gives for its fields. */
function fieldEvidence(m) {
  const spans = [];
  const add = (label, evidence) => evidence && spans.push({ label, ...evidence });
  add("actor 1", m.actor1?.evidence);
  add("actor 2", m.actor2?.evidence);
  for (const a of m.assoc_actors_1 ?? []) add("with actor 1", a.evidence);
  for (const a of m.assoc_actors_2 ?? []) add("with actor 2", a.evidence);
  add("place", m.location?.evidence);
  add("fatalities", m.fatalities?.evidence);
  add("date", m.date_evidence);
  for (const c of m.claims ?? []) add(c.stance === "denies" ? "denial" : "claim", c.evidence);
  return spans;
}

/** The sentence as text nodes and <mark>s over the spans inside it (overlaps get every label). */
export function highlighted(sentence, spans) {
  const inside = spans.filter((s) => s.start >= sentence.start && s.end <= sentence.end && s.end > s.start);
  const cuts = new Set([sentence.start, sentence.end]);
  for (const s of inside) cuts.add(s.start).add(s.end);
  const points = [...cuts].sort((a, b) => a - b);
  const parts = [];
  for (let k = 0; k + 1 < points.length; k++) {
    const [a, b] = [points[k], points[k + 1]];
    const text = sentence.text.slice(a - sentence.start, b - sentence.start);
    const labels = [...new Set(inside.filter((s) => s.start <= a && s.end >= b).map((s) => s.label))];
    parts.push(labels.length ? el("mark", { title: labels.join(", "), "data-label": labels.join(" ") }, text) : text);
  }
  return parts;
}

function fatalities(f) {
  if (!f || (f.best == null && f.low == null && f.high == null)) return "not reported";
  const range = f.low != null && f.high != null && f.low !== f.high ? ` (reports range ${f.low}–${f.high})` : "";
  return `${f.best ?? f.low ?? f.high}${range}`;
}

function actor(a) {
  if (!a) return "—";
  const parts = [a.name];
  if (a.actor_type) parts.push(` (${a.actor_type})`);
  if (a.backers?.length) parts.push(`, backed by ${a.backers.join(", ")}`);
  return parts.join("");
}

function place(loc) {
  if (!loc) return "—";
  const names = [loc.name, loc.admin2, loc.admin1, loc.country].filter((v, k, all) => v && all.indexOf(v) === k);
  const where = loc.latitude != null ? ` · ${loc.latitude.toFixed(3)}, ${loc.longitude.toFixed(3)}` : " · no coordinates";
  const precision = loc.geo_precision ? ` · ${GEO_PRECISION[loc.geo_precision] ?? loc.geo_precision}` : "";
  return names.join(", ") + where + precision;
}

function fields(ev) {
  const rows = [
    ["Type", `${ev.event_type} › ${ev.sub_event_type}`],
    ["Date", ev.date ? `${ev.date} (${PRECISION[ev.time_precision] ?? "?"})` : "undated"],
    ["Actor 1", actor(ev.actor1)],
    ...(ev.assoc_actors_1 ?? []).map((a) => ["  with", actor(a)]),
    ["Actor 2", actor(ev.actor2)],
    ...(ev.assoc_actors_2 ?? []).map((a) => ["  with", actor(a)]),
    ["Place", place(ev.location)],
    ["Fatalities", fatalities(ev.fatalities)],
    ["Confidence", `${ev.confidence.toFixed(2)} · ${ev.independent_sources} independent source(s)`],
    ["Sources", (ev.sources ?? []).join(", ") || "—"],
  ];
  if (ev.civilian_targeting) rows.push(["Civilians", "targeted"]);
  if (ev.notes) rows.push(["Notes", ev.notes]);
  return el("dl", { className: "fields" }, rows.map(([k, v]) => [el("dt", {}, k), el("dd", {}, v)]));
}

function claims(ev) {
  if (!ev.claims?.length) return null;
  return el(
    "section",
    {},
    el("h3", {}, "Claims and denials"),
    el(
      "ul",
      { className: "claims" },
      ev.claims.map((c) =>
        el(
          "li",
          { className: c.stance === "denies" ? "denial" : "claim" },
          el("strong", {}, c.stance === "denies" ? "Denied" : "Claimed"),
          ` by ${c.by}: `,
          el("q", {}, c.about),
        ),
      ),
    ),
  );
}

function contradictions(ev, reports) {
  if (!ev.contradictions?.length) return null;
  const outlet = (id) => {
    const r = reports.find((rep) => rep.article_id === id);
    return r ? r.source?.domain || r.title : id;
  };
  return el(
    "section",
    {},
    el("h3", {}, "Contradictions"),
    el(
      "ul",
      { className: "contradictions" },
      ev.contradictions.map((c) =>
        el(
          "li",
          {},
          el("strong", {}, c.field),
          ": ",
          Object.entries(c.values)
            .map(([id, v]) => `${outlet(id)} says ${typeof v === "object" ? JSON.stringify(v) : v}`)
            .join("; "),
        ),
      ),
    ),
  );
}

function report(r) {
  const m = r.mention;
  const spans = fieldEvidence(m);
  const sentence = m.evidence;
  const elsewhere = spans.filter((s) => s.start < sentence.start || s.end > sentence.end);
  const title = r.source?.url ? link(r.source.url, r.title) : r.title;
  return el(
    "article",
    { className: "report", "data-article": r.article_id, "data-start": sentence.start, "data-end": sentence.end },
    el(
      "header",
      {},
      el("span", { className: "outlet" }, r.source?.domain ?? r.source?.name ?? "unknown source"),
      r.published ? ` · ${r.published.slice(0, 10)}` : "",
      el("div", { className: "title" }, title),
    ),
    el("blockquote", { className: "evidence" }, highlighted(sentence, spans)),
    elsewhere.length
      ? el(
          "ul",
          { className: "more-evidence" },
          elsewhere.map((s) =>
            el(
              "li",
              { "data-article": s.article_id, "data-start": s.start, "data-end": s.end },
              `${s.label}: `,
              el("mark", { title: s.label, "data-label": s.label }, s.text),
            ),
          ),
        )
      : null,
  );
}

export class EventDetail {
  constructor(container, { fetchEvent }) {
    this.container = container;
    this.fetchEvent = fetchEvent;
    this.shown = null;
    this.placeholder();
  }

  placeholder() {
    clear(this.container).append(el("p", { className: "hint" }, "Choose an event on the map or in the table."));
  }

  async show(id, focus = null) {
    if (!id) {
      this.shown = null;
      this.placeholder();
      return;
    }
    if (this.shown !== id) {
      this.shown = id;
      clear(this.container).append(el("p", { className: "hint" }, "Loading…"));
      let detail;
      try {
        detail = await this.fetchEvent(id);
      } catch (error) {
        clear(this.container).append(el("p", { className: "error" }, `Could not load ${id}: ${error.message}`));
        return;
      }
      if (this.shown !== id) return; // another event was chosen meanwhile
      this.render(detail);
    }
    if (focus) this.focus(focus);
  }

  render({ event: ev, reports }) {
    clear(this.container).append(
      el(
        "div",
        { className: "event", "data-id": ev.id },
        el("h2", {}, `${ev.sub_event_type}${ev.location ? ` in ${ev.location.name}` : ""}`),
        el("p", { className: "event-id" }, ev.id),
        fields(ev),
        claims(ev),
        contradictions(ev, reports),
        el("h3", {}, `Evidence (${reports.length} report${reports.length === 1 ? "" : "s"})`),
        reports.map(report),
      ),
    );
  }

  /** Scroll to and flash the report holding one evidence span (a brief's citation); a span no report of this
   * event quotes is shown above them. */
  focus({ article_id: article, start, end, text }) {
    const within = (node) => node.dataset.article === article && +node.dataset.start <= start && +node.dataset.end >= end;
    const candidates = this.container.querySelectorAll(".report, .more-evidence li");
    let target = [...candidates].find(within);
    for (const old of this.container.querySelectorAll(".focused")) old.classList.remove("focused");
    this.container.querySelector(".cited")?.remove();
    if (!target) {
      target = el("blockquote", { className: "evidence cited" }, el("mark", {}, text));
      this.container.querySelector(".event h3")?.before(target);
    }
    target.classList.add("focused");
    target.scrollIntoView({ block: "center" });
  }
}
