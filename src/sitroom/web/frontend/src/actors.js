// Who acts against whom in the selected events: the most active actors on a circle, an arrow from actor 1 to
// actor 2 as thick as the events between them; and every actor's events and backers in a table.
import { clear, el, svg } from "./dom.js";

const TOP = 14; // actors on the network; more are unreadable on a panel this size
const SIZE = 460;

export function tallyActors(events, selection) {
  const involved = new Map(); // actor -> events
  const pairs = new Map(); // "a>b" -> events
  for (const i of selection) {
    for (const a of events.actors[i]) involved.set(a, (involved.get(a) ?? 0) + 1);
    const a1 = events.actor1[i];
    const a2 = events.actor2[i];
    if (a1 >= 0 && a2 >= 0 && a1 !== a2) pairs.set(`${a1}>${a2}`, (pairs.get(`${a1}>${a2}`) ?? 0) + 1);
  }
  const ranked = [...involved.entries()].sort((x, y) => y[1] - x[1] || x[0] - y[0]);
  return { ranked, pairs };
}

function network(events, ranked, pairs, onActor) {
  const top = ranked.slice(0, TOP).map(([a]) => a);
  const where = new Map();
  const r = SIZE / 2 - 110;
  top.forEach((a, k) => {
    const angle = (2 * Math.PI * k) / top.length - Math.PI / 2;
    where.set(a, [SIZE / 2 + r * Math.cos(angle), SIZE / 2 + r * Math.sin(angle), angle]);
  });
  const root = svg("svg", { viewBox: `0 0 ${SIZE} ${SIZE}`, class: "network", role: "img" });
  const defs = svg("defs");
  const marker = svg("marker", { id: "arrow", viewBox: "0 0 10 10", refX: 10, refY: 5, markerWidth: 9, markerHeight: 9, markerUnits: "userSpaceOnUse", orient: "auto" });
  marker.append(svg("path", { d: "M0,0 L10,5 L0,10 z", fill: "#555" }));
  defs.append(marker);
  root.append(defs);
  const most = Math.max(1, ...[...pairs.values()]);
  for (const [key, n] of pairs) {
    const [a, b] = key.split(">").map(Number);
    if (!where.has(a) || !where.has(b)) continue;
    const [x1, y1] = where.get(a);
    const [x2, y2] = where.get(b);
    const len = Math.hypot(x2 - x1, y2 - y1) || 1;
    const [dx, dy] = [((x2 - x1) / len) * 9, ((y2 - y1) / len) * 9];
    const line = svg("line", {
      x1: x1 + dx, y1: y1 + dy, x2: x2 - dx, y2: y2 - dy,
      stroke: "#555", "stroke-opacity": 0.55, "stroke-width": 1 + 5 * (n / most), "marker-end": "url(#arrow)",
    });
    const title = svg("title");
    title.textContent = `${events.actorNames[a]} → ${events.actorNames[b]}: ${n} event(s)`;
    line.append(title);
    root.append(line);
  }
  for (const a of top) {
    const [x, y, angle] = where.get(a);
    const node = svg("g", { class: "actor-node", tabindex: 0 });
    node.append(svg("circle", { cx: x, cy: y, r: 7, fill: events.backers[a]?.length ? "#8c510a" : "#2b5c8a" }));
    const right = Math.cos(angle) >= 0;
    const label = svg("text", { x: x + (right ? 11 : -11), y: y + 4, "text-anchor": right ? "start" : "end" });
    const name = events.actorNames[a];
    label.textContent = name.length > 30 ? `${name.slice(0, 29)}…` : name;
    const title = svg("title");
    title.textContent = name;
    node.append(label, title);
    node.addEventListener("click", () => onActor(name));
    root.append(node);
  }
  return root;
}

export function renderActors(container, events, selection, onActor) {
  const { ranked, pairs } = tallyActors(events, selection);
  const rows = ranked.slice(0, 100).map(([a, n]) => {
    const name = el("button", { type: "button", className: "linkish" }, events.actorNames[a]);
    name.addEventListener("click", () => onActor(events.actorNames[a]));
    return el("tr", {}, el("td", {}, name), el("td", { className: "num" }, String(n)), el("td", {}, (events.backers[a] ?? []).join(", ")));
  });
  clear(container).append(
    el("h2", {}, "Who acts against whom"),
    el("p", { className: "hint" }, `The ${Math.min(TOP, ranked.length)} most active actors; arrows run from actor 1 to actor 2. Brown: reported backers. Click an actor to filter on it.`),
    ranked.length ? network(events, ranked, pairs, onActor) : el("p", {}, "No actors in the selected events."),
    el("h3", {}, "Actors and backers"),
    el(
      "table",
      { className: "actors" },
      el("thead", {}, el("tr", {}, el("th", {}, "Actor"), el("th", {}, "Events"), el("th", {}, "Backers"))),
      el("tbody", {}, rows),
    ),
  );
}
