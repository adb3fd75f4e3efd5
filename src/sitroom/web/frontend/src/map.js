// The map: Natural Earth country boundaries (world-atlas, served with the dashboard: no tile server) under the
// selected events, clustered by supercluster. Clusters are a few hundred DOM markers at most; single events are
// circles on one canvas, sized by fatalities and coloured by event type.
import * as L from "leaflet/dist/leaflet-src.esm.js";
import Supercluster from "supercluster";
import { feature } from "topojson-client";

import { typeColor } from "./colors.js";
import { el } from "./dom.js";

const CLUSTER_MAX_ZOOM = 11; // past this zoom every event is its own circle

export class EventMap {
  constructor(container, { onOpen }) {
    this.onOpen = onOpen;
    this.map = L.map(container, { preferCanvas: true, worldCopyJump: true, minZoom: 2, maxZoom: 16 });
    this.map.attributionControl.setPrefix(false);
    this.map.attributionControl.addAttribution("Boundaries: Natural Earth (world-atlas)");
    this.map.setView([30, 30], 3);
    this.canvas = L.canvas({ padding: 0.3 });
    this.layer = L.layerGroup().addTo(this.map);
    this.marked = L.layerGroup().addTo(this.map);
    this.index = null;
    this.map.on("moveend", () => this.draw());
  }

  /** The country boundaries, drawn beneath the events. */
  setBasemap(topology) {
    const countries = feature(topology, topology.objects.countries);
    L.geoJSON(countries, {
      renderer: L.canvas({ padding: 0.5 }),
      interactive: false,
      style: { color: "#8a94a0", weight: 0.7, fillColor: "#f4f1ea", fillOpacity: 1 },
    }).addTo(this.map);
    this.layer.remove().addTo(this.map); // keep the events above the boundaries
  }

  /** Index the selected events (positions into `events`) and redraw, first fitting the view to them if asked. */
  update(events, selection, fit = false) {
    this.events = events;
    const points = [];
    for (const i of selection) {
      if (Number.isNaN(events.lat[i])) continue;
      points.push({
        type: "Feature",
        geometry: { type: "Point", coordinates: [events.lon[i], events.lat[i]] },
        properties: { i },
      });
    }
    this.located = points.length;
    const typeCount = events.types.length;
    this.index = new Supercluster({
      radius: 48,
      maxZoom: CLUSTER_MAX_ZOOM,
      // Per cluster: how many events of each type (t0, t1, …), for its colour.
      map: (p) => ({ [`t${events.type[p.i]}`]: 1 }),
      reduce: (acc, p) => {
        for (let t = 0; t < typeCount; t++) acc[`t${t}`] = (acc[`t${t}`] ?? 0) + (p[`t${t}`] ?? 0);
      },
    }).load(points);
    if (fit) this.fit(events, selection);
    this.draw();
  }

  /** Fit the view to the selected events that have a place. */
  fit(events, selection) {
    let [s, w, n, e] = [90, 180, -90, -180];
    for (const i of selection) {
      const lat = events.lat[i];
      const lon = events.lon[i];
      if (Number.isNaN(lat)) continue;
      s = Math.min(s, lat);
      n = Math.max(n, lat);
      w = Math.min(w, lon);
      e = Math.max(e, lon);
    }
    if (s <= n) this.map.fitBounds([[s, w], [n, e]], { padding: [30, 30], maxZoom: 8, animate: false });
  }

  draw() {
    if (!this.index) return;
    const b = this.map.getBounds();
    const zoom = Math.round(this.map.getZoom());
    const west = Math.max(-180, b.getWest());
    const east = Math.min(180, b.getEast());
    const clusters = this.index.getClusters([west, Math.max(-85, b.getSouth()), east, Math.min(85, b.getNorth())], zoom);
    const layers = clusters.map((c) => (c.properties.cluster ? this.cluster(c) : this.point(c.properties.i)));
    this.layer.clearLayers();
    for (const layer of layers) this.layer.addLayer(layer);
  }

  point(i) {
    const ev = this.events;
    const deaths = ev.fatalities[i];
    const radius = 4 + (deaths > 0 ? Math.min(18, 2.2 * Math.sqrt(deaths)) : 0);
    const color = typeColor(ev.types[ev.type[i]]);
    const marker = L.circleMarker([ev.lat[i], ev.lon[i]], {
      renderer: this.canvas,
      radius,
      color: "#222",
      weight: 0.6,
      fillColor: color,
      fillOpacity: 0.8,
    });
    const where = ev.location[i] >= 0 ? ev.locations[ev.location[i]] : "";
    const tip = `${ev.date[i] ?? "undated"} · ${ev.subTypes[ev.subType[i]]} · ${where}` +
      (deaths >= 0 ? ` · ${deaths} killed` : "");
    marker.bindTooltip(el("span", {}, tip)); // an element, never an HTML string: the place name is data
    marker.on("click", () => this.onOpen(ev.id[i]));
    return marker;
  }

  cluster(c) {
    const { point_count: count, cluster_id: id } = c.properties;
    const ev = this.events;
    let best = 0;
    for (let t = 1; t < ev.types.length; t++) {
      if ((c.properties[`t${t}`] ?? 0) > (c.properties[`t${best}`] ?? 0)) best = t;
    }
    const size = Math.round(22 + 7 * Math.log10(count));
    const badge = el("div", { className: "cluster", title: `${count} events, mostly ${ev.types[best]}` }, String(count));
    badge.style.width = badge.style.height = badge.style.lineHeight = `${size}px`;
    badge.style.borderColor = typeColor(ev.types[best]);
    const [lon, lat] = c.geometry.coordinates;
    const marker = L.marker([lat, lon], {
      icon: L.divIcon({ html: badge, className: "cluster-icon", iconSize: [size, size] }),
      keyboard: false,
    });
    marker.on("click", () => {
      const zoom = Math.min(this.index.getClusterExpansionZoom(id), CLUSTER_MAX_ZOOM + 1);
      this.map.setView([lat, lon], zoom);
    });
    return marker;
  }

  /** Ring the open event (if it has a place). */
  mark(events, id) {
    this.marked.clearLayers();
    const i = id ? events.id.indexOf(id) : -1;
    if (i < 0 || Number.isNaN(events.lat[i])) return;
    L.circleMarker([events.lat[i], events.lon[i]], {
      renderer: this.canvas,
      radius: 16,
      color: "#111",
      weight: 2.5,
      fill: false,
      interactive: false,
    }).addTo(this.marked);
  }
}
