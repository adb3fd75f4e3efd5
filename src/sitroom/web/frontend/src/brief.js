// The situation brief for the current filter (GET /briefs?format=json): every sentence with numbered citations;
// a citation opens its event at the cited evidence. A brief takes country, actor and dates; the type and
// confidence filters do not apply to it.
import { clear, el } from "./dom.js";

export function briefParams(filter) {
  const params = new URLSearchParams({ format: "json" });
  if (filter.country) params.set("country", filter.country);
  if (filter.actor) params.set("actor", filter.actor);
  if (filter.date_from) params.set("since", filter.date_from);
  if (filter.date_to) params.set("until", filter.date_to);
  return params;
}

export class BriefView {
  constructor(container, { fetchBrief, onCite }) {
    this.container = container;
    this.fetchBrief = fetchBrief;
    this.onCite = onCite;
    this.key = null;
  }

  async show(filter) {
    const params = briefParams(filter);
    const key = params.toString();
    if (key === this.key) return;
    this.key = key;
    clear(this.container).append(el("p", { className: "hint" }, "Writing the brief…"));
    let brief;
    try {
      brief = await this.fetchBrief(params);
    } catch (error) {
      if (this.key === key) clear(this.container).append(el("p", { className: "error" }, error.message));
      return;
    }
    if (this.key !== key) return; // the filter changed while this one was written
    this.render(brief, filter);
  }

  invalidate() {
    this.key = null;
  }

  render(brief, filter) {
    const n = { count: 0 };
    const ignored = ["event_type", "min_confidence"].filter((k) => filter[k]);
    const parts = [
      ignored.length ? el("p", { className: "hint" }, `The brief covers country, actor and dates; not ${ignored.join(" or ")}.`) : null,
    ];
    if (!brief.headline) {
      parts.push(el("p", {}, brief.notice ?? "No events match this selection."));
    } else {
      parts.push(el("h2", { className: "headline" }, this.sentence(brief.headline, n)));
      parts.push(...(brief.lead ?? []).map((s) => el("p", { className: "lead" }, this.sentence(s, n))));
      for (const section of brief.sections ?? []) {
        parts.push(el("h3", {}, section.title));
        parts.push(el("ul", {}, section.sentences.map((s) => el("li", {}, this.sentence(s, n)))));
      }
      if (brief.background?.length) {
        parts.push(el("h3", {}, "Background"));
        parts.push(...brief.background.map((s) => el("p", {}, this.sentence(s, n))));
      }
      if (brief.closing) parts.push(el("p", { className: "closing" }, this.sentence(brief.closing, n)));
      const outlets = (brief.sources ?? []).map((s) => s.domain ?? s.name).filter(Boolean);
      if (outlets.length) parts.push(el("p", { className: "hint" }, `Sources: ${outlets.join(", ")}`));
    }
    clear(this.container).append(el("div", { className: "brief" }, parts));
  }

  /** A sentence's text and its citations as [1] [2] links to the evidence. */
  sentence(s, n) {
    const cites = s.citations.map((c) => {
      n.count += 1;
      const a = el("a", { href: "#", className: "cite", title: `“${c.evidence.text}”` }, `[${n.count}]`);
      a.addEventListener("click", (e) => {
        e.preventDefault();
        if (c.event_id) this.onCite(c.event_id, c.evidence);
      });
      return a;
    });
    return [s.text, " ", ...cites];
  }
}
