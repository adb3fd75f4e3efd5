// The event table: the selected events, newest first, a page of rows at a time (50,000 rows in the DOM at
// once would cost seconds; a page costs a millisecond).
import { typeColor } from "./colors.js";
import { clear, el } from "./dom.js";

const PAGE = 100;

export class EventTable {
  constructor(container, { onOpen }) {
    this.container = container;
    this.onOpen = onOpen;
    this.page = 0;
  }

  update(events, selection, { keepPage = false } = {}) {
    this.events = events;
    this.selection = selection;
    if (!keepPage) this.page = 0;
    this.render();
  }

  render() {
    const { events, selection } = this;
    const pages = Math.max(1, Math.ceil(selection.length / PAGE));
    this.page = Math.min(this.page, pages - 1);
    const start = this.page * PAGE;
    const rows = [];
    for (let k = start; k < Math.min(selection.length, start + PAGE); k++) rows.push(this.row(selection[k]));
    const head = ["Date", "Type", "Actor 1", "Actor 2", "Place", "Country", "Deaths", "Conf.", "Src"];
    const table = el(
      "table",
      { className: "events" },
      el("thead", {}, el("tr", {}, head.map((h) => el("th", {}, h)))),
      el("tbody", {}, rows),
    );
    clear(this.container).append(this.pager(pages, selection.length), table);
  }

  row(i) {
    const ev = this.events;
    const name = (k) => (k >= 0 ? ev.actorNames[k] : "");
    const type = ev.types[ev.type[i]];
    const swatch = el("span", { className: "swatch", title: type });
    swatch.style.background = typeColor(type);
    const tr = el(
      "tr",
      { tabIndex: 0, "data-id": ev.id[i] },
      el("td", { className: "nowrap" }, ev.date[i] ?? "undated"),
      el("td", {}, swatch, ev.subTypes[ev.subType[i]]),
      el("td", {}, name(ev.actor1[i])),
      el("td", {}, name(ev.actor2[i])),
      el("td", {}, ev.location[i] >= 0 ? ev.locations[ev.location[i]] : ""),
      el("td", {}, ev.country[i] >= 0 ? ev.countries[ev.country[i]] : ""),
      el("td", { className: "num" }, ev.fatalities[i] >= 0 ? String(ev.fatalities[i]) : ""),
      el("td", { className: "num" }, ev.confidence[i].toFixed(2)),
      el("td", { className: "num" }, String(ev.sources[i])),
    );
    const open = () => this.onOpen(ev.id[i]);
    tr.addEventListener("click", open);
    tr.addEventListener("keydown", (e) => e.key === "Enter" && open());
    return tr;
  }

  pager(pages, total) {
    const button = (label, page, disabled) => {
      const b = el("button", { type: "button", disabled }, label);
      b.addEventListener("click", () => {
        this.page = page;
        this.render();
      });
      return b;
    };
    const first = total ? this.page * PAGE + 1 : 0;
    const last = Math.min(total, (this.page + 1) * PAGE);
    return el(
      "div",
      { className: "pager" },
      button("‹ Newer", this.page - 1, this.page === 0),
      el("span", {}, `${first.toLocaleString()}–${last.toLocaleString()} of ${total.toLocaleString()}`),
      button("Older ›", this.page + 1, this.page >= pages - 1),
    );
  }
}
