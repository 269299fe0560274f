// Element builders. Everything that comes from the API is inserted as text
// (text nodes or textContent), never parsed as HTML.

const SVG_NS = "http://www.w3.org/2000/svg";

function build(element, attributes, children) {
  for (const [name, value] of Object.entries(attributes ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name === "text") {
      element.textContent = String(value);
    } else if (name.startsWith("on") && typeof value === "function") {
      element.addEventListener(name.slice(2), value);
    } else if (name === "dataset") {
      for (const [key, data] of Object.entries(value)) {
        if (data !== undefined && data !== null) element.dataset[key] = String(data);
      }
    } else {
      element.setAttribute(name, value === true ? "" : String(value));
    }
  }
  append(element, children);
  return element;
}

/** Appends children: nodes, strings (as text), arrays of either; null and false are skipped. */
export function append(parent, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return parent;
}

/** An HTML element: h("a", {href, class, onclick}, "text", child, ...). */
export function h(tag, attributes, ...children) {
  return build(document.createElement(tag), attributes, children);
}

/** An SVG element, same calling convention as h(). */
export function s(tag, attributes, ...children) {
  return build(document.createElementNS(SVG_NS, tag), attributes, children);
}

/** Removes every child of `element`, then appends `children`. */
export function replace(element, ...children) {
  element.replaceChildren();
  return append(element, children);
}

const numberFormat = new Intl.NumberFormat("en-GB");
export const formatNumber = (n) => numberFormat.format(n);

/** "1 position", "3 positions". */
export function plural(n, word, many = word + "s") {
  return `${formatNumber(n)} ${n === 1 ? word : many}`;
}

/**
 * A country's code as a badge. Not a flag emoji: without an emoji font (many Linux desktops,
 * headless browsers) those show as empty boxes, and NATO, EU and UN have none.
 */
export function countryMark(code) {
  return h("span", { class: "country-code", "aria-hidden": "true" }, code);
}
