// The timeline: events per day, stacked by event type, on one canvas. The x axis spans every dated event held,
// whatever the filter, so a date range can be dragged out on it; the filter's range is shaded.
import { typeColor } from "./colors.js";
import { isoDay } from "./data.js";

const PAD = { left: 34, right: 8, top: 8, bottom: 18 };

export class Timeline {
  constructor(canvas, { onRange }) {
    this.canvas = canvas;
    this.onRange = onRange;
    this.drag = null;
    canvas.addEventListener("pointerdown", (e) => this.startDrag(e));
    canvas.addEventListener("pointermove", (e) => this.moveDrag(e));
    canvas.addEventListener("pointerup", (e) => this.endDrag(e));
    canvas.addEventListener("dblclick", () => this.onRange(null, null));
    new ResizeObserver(() => this.render()).observe(canvas);
  }

  /** The span of the x axis: the first and last dated event. */
  setSpan(events) {
    let first = Infinity;
    let last = -Infinity;
    for (let i = 0; i < events.n; i++) {
      const d = events.day[i];
      if (d < 0) continue;
      if (d < first) first = d;
      if (d > last) last = d;
    }
    this.first = Number.isFinite(first) ? first : 0;
    this.days = Number.isFinite(first) ? last - first + 1 : 0;
  }

  update(events, selection, range) {
    this.events = events;
    this.range = range;
    const types = events.types.length;
    const counts = new Uint32Array(Math.max(1, this.days) * types);
    for (const i of selection) {
      const d = events.day[i] - this.first;
      if (events.day[i] >= 0 && d >= 0 && d < this.days) counts[d * types + events.type[i]]++;
    }
    this.counts = counts;
    this.render();
  }

  render() {
    if (!this.counts) return;
    const { canvas } = this;
    const ratio = window.devicePixelRatio || 1;
    const width = canvas.clientWidth;
    const height = canvas.clientHeight;
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(height * ratio);
    const ctx = canvas.getContext("2d");
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, width, height);
    if (!this.days) return;
    const types = this.events.types.length;
    let peak = 1;
    for (let d = 0; d < this.days; d++) {
      let total = 0;
      for (let t = 0; t < types; t++) total += this.counts[d * types + t];
      if (total > peak) peak = total;
    }
    const plotW = width - PAD.left - PAD.right;
    const plotH = height - PAD.top - PAD.bottom;
    const barW = plotW / this.days;
    this.shade(ctx, plotW, plotH);
    const colors = this.events.types.map(typeColor);
    for (let d = 0; d < this.days; d++) {
      let y = PAD.top + plotH;
      const x = PAD.left + d * barW;
      for (let t = 0; t < types; t++) {
        const n = this.counts[d * types + t];
        if (!n) continue;
        const h = (n / peak) * plotH;
        ctx.fillStyle = colors[t];
        ctx.fillRect(x, y - h, Math.max(barW - (barW > 3 ? 1 : 0), 0.8), h);
        y -= h;
      }
    }
    this.axes(ctx, plotW, plotH, peak);
  }

  shade(ctx, plotW, plotH) {
    const [from, to] = this.dragRange() ?? this.range ?? [null, null];
    if (from === null && to === null) return;
    const x0 = this.x(from ?? this.first, plotW);
    const x1 = this.x((to ?? this.first + this.days - 1) + 1, plotW);
    ctx.fillStyle = "rgba(40, 90, 160, 0.12)";
    ctx.fillRect(x0, PAD.top, Math.max(1, x1 - x0), plotH);
  }

  axes(ctx, plotW, plotH, peak) {
    ctx.fillStyle = "#444";
    ctx.font = "11px system-ui, sans-serif";
    ctx.textBaseline = "top";
    ctx.textAlign = "left";
    ctx.fillText(isoDay(this.first), PAD.left, PAD.top + plotH + 4);
    ctx.textAlign = "right";
    ctx.fillText(isoDay(this.first + this.days - 1), PAD.left + plotW, PAD.top + plotH + 4);
    ctx.fillText(String(peak), PAD.left - 4, PAD.top);
    ctx.fillText("0", PAD.left - 4, PAD.top + plotH - 10);
  }

  x(day, plotW) {
    return PAD.left + ((day - this.first) / this.days) * plotW;
  }

  dayAt(clientX) {
    const rect = this.canvas.getBoundingClientRect();
    const plotW = rect.width - PAD.left - PAD.right;
    const f = (clientX - rect.left - PAD.left) / plotW;
    return this.first + Math.max(0, Math.min(this.days - 1, Math.floor(f * this.days)));
  }

  dragRange() {
    if (!this.drag || this.drag.end === null) return null;
    return [Math.min(this.drag.start, this.drag.end), Math.max(this.drag.start, this.drag.end)];
  }

  startDrag(e) {
    if (!this.days) return;
    this.canvas.setPointerCapture(e.pointerId);
    this.drag = { start: this.dayAt(e.clientX), end: null };
  }

  moveDrag(e) {
    if (!this.drag) return;
    this.drag.end = this.dayAt(e.clientX);
    this.render();
  }

  endDrag() {
    const range = this.dragRange();
    this.drag = null;
    if (range) this.onRange(isoDay(range[0]), isoDay(range[1]));
    else this.render();
  }
}
