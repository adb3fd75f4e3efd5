// One colour per ACLED event type (colour-blind-safe Okabe-Ito hues), the same on the map, timeline and table.
export const TYPE_COLORS = {
  Battles: "#d55e00",
  "Explosions/Remote violence": "#cc79a7",
  "Violence against civilians": "#b01c2e",
  Protests: "#0072b2",
  Riots: "#e69f00",
  "Strategic developments": "#009e73",
};

export const typeColor = (name) => TYPE_COLORS[name] ?? "#777777";
