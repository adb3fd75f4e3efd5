// The only way the dashboard makes DOM: elements with text children and vetted attributes. Everything that came
// from an article (titles, quotes, names, places, domains) is untrusted, so it only ever becomes a text node.
// No script of the dashboard hands a string to an HTML parser or to eval (tests/web/test_serving.py checks).

const SAFE_URL = /^https?:\/\//i;

/** An element; `attrs` keys are properties (className, title, …) or data- and aria- attributes; children are
 * nodes or strings (strings become text nodes). */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith("on") || /html/i.test(key)) throw new Error(`el(): ${key} is not allowed (handlers: addEventListener; markup: never)`);
    if (key.startsWith("data-") || key.startsWith("aria-") || key === "role") node.setAttribute(key, value);
    else node[key] = value;
  }
  append(node, children);
  return node;
}

export function append(node, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** A link to an outside page, only for http(s) addresses (a `javascript:` URL from an article stays text). */
export function link(url, text) {
  if (typeof url !== "string" || !SAFE_URL.test(url)) return document.createTextNode(text ?? "");
  return el("a", { href: url, target: "_blank", rel: "noopener noreferrer nofollow" }, text ?? url);
}

export function clear(node) {
  node.replaceChildren();
  return node;
}

export function svg(tag, attrs = {}) {
  const node = document.createElementNS("http://www.w3.org/2000/svg", tag);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, String(value));
  return node;
}
