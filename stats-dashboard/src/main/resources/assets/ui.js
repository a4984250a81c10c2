// Small helpers shared by every page. Everything shown is put in the page as text, never as HTML.
"use strict";

const Conduit = window.Conduit = { csrf: null, user: null, settings: {} };

/** Creates an element: el("td", {class: "num", text: "3"}, child, ...). */
function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "text") node.textContent = String(value);
    else if (key === "class") node.className = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else if (key === "dataset") Object.assign(node.dataset, value);
    else if (key === "value") node.value = value;
    else node.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** Calls the dashboard's API; throws an Error carrying the server's message. */
async function api(method, path, body, contentType) {
  const headers = {};
  if (Conduit.csrf) headers["X-CSRF-Token"] = Conduit.csrf;
  let payload;
  if (body instanceof ArrayBuffer || typeof body === "string") {
    payload = body;
    headers["Content-Type"] = contentType || "text/plain";
  } else if (body !== undefined) {
    payload = JSON.stringify(body);
    headers["Content-Type"] = "application/json";
  }
  const response = await fetch("/api" + path, { method, headers, body: payload, credentials: "same-origin" });
  const text = await response.text();
  let data = text;
  try { data = text ? JSON.parse(text) : null; } catch (e) { /* not JSON: keep the text */ }
  if (response.status === 401 && path !== "/login") {
    Conduit.csrf = null;
    location.hash = "#/login";
    throw new Error("please log in");
  }
  if (!response.ok) {
    const message = data && data.error ? data.error : "HTTP " + response.status + " " + text;
    const error = new Error(message);
    error.status = response.status;
    error.data = data;
    throw error;
  }
  return data;
}

/** Shows a short message above the page. */
function say(text, isError) {
  const box = document.getElementById("message");
  box.textContent = text;
  box.className = isError ? "error" : "";
  box.hidden = false;
  clearTimeout(say.timer);
  say.timer = setTimeout(() => { box.hidden = true; }, isError ? 12000 : 5000);
}

/** Runs an action, reporting its failure. */
async function attempt(action, success) {
  try {
    const result = await action();
    if (success) say(success);
    return result;
  } catch (e) {
    say(e.message, true);
    return undefined;
  }
}

function fmt(n, digits) {
  if (n === null || n === undefined || Number.isNaN(n)) return "";
  return Number(n).toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** A small SVG line of values (nulls are gaps). */
/**
 * A button that shows and hides {@code box} (a chart's numbers as tables, its text alternative).
 * @param id the button's id
 */
function numbersToggle(box, id) {
  const toggle = el("button", { type: "button", id: id, "aria-expanded": "false", "aria-controls": box.id,
    text: "Show the numbers", onclick: () => {
      box.hidden = !box.hidden;
      toggle.setAttribute("aria-expanded", String(!box.hidden));
      toggle.textContent = box.hidden ? "Show the numbers" : "Hide the numbers";
    } });
  return toggle;
}

/** uPlot's bars, as wide as {@code maxPx} at most; undefined (lines) where this uPlot lacks them. */
function barPaths(maxPx) {
  return typeof uPlot !== "undefined" && uPlot.paths && uPlot.paths.bars ? uPlot.paths.bars({ size: [0.7, maxPx] })
    : undefined;
}

function sparkline(values, width, height) {
  const w = width || 110, h = height || 24;
  const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
  svg.setAttribute("class", "spark");
  svg.setAttribute("width", w);
  svg.setAttribute("height", h);
  const present = values.filter(v => v !== null && v !== undefined);
  // its text alternative: what a reader would take from the line
  svg.setAttribute("role", "img");
  svg.setAttribute("aria-label", present.length === 0 ? "no values" : "trend of " + values.length + " slices: lowest "
    + fmt(Math.min(...present), 2) + ", highest " + fmt(Math.max(...present), 2) + ", last "
    + (values[values.length - 1] == null ? "none" : fmt(values[values.length - 1], 2)));
  if (present.length === 0) return svg;
  const max = Math.max(...present), min = Math.min(0, ...present);
  const span = max - min || 1;
  const step = values.length > 1 ? (w - 2) / (values.length - 1) : 0;
  let d = "", pen = false;
  values.forEach((v, i) => {
    if (v === null || v === undefined) { pen = false; return; }
    const x = 1 + i * step, y = h - 2 - ((v - min) / span) * (h - 4);
    d += (pen ? "L" : "M") + x.toFixed(1) + " " + y.toFixed(1) + " ";
    pen = true;
  });
  const path = document.createElementNS("http://www.w3.org/2000/svg", "path");
  path.setAttribute("d", d.trim() || "M0 0");
  svg.append(path);
  values.forEach((v, i) => {
    const lonely = v !== null && v !== undefined && (i === 0 || values[i - 1] == null) && (i === values.length - 1 || values[i + 1] == null);
    if (!lonely) return;
    const dot = document.createElementNS("http://www.w3.org/2000/svg", "circle");
    dot.setAttribute("cx", (1 + i * step).toFixed(1));
    dot.setAttribute("cy", (h - 2 - ((v - min) / span) * (h - 4)).toFixed(1));
    dot.setAttribute("r", "1.8");
    svg.append(dot);
  });
  return svg;
}

/** What the statistics' short column names stand for, shown where they appear (an abbr's title). */
const ABBREVIATIONS = {
  "M": "mean: the service's processing time divided by its calls in the period",
  "AM": "average mean: the average of M over the services that had calls",
  "U": "usage: the service's calls in the period",
  "TU": "total usage: all services' calls in the period",
  "U%": "usage share: U / TU x 100",
  "T%": "time share: the service's processing time / all services' processing time x 100",
  "Rq/s": "requests a second: U / the seconds of the period elapsed so far"
};

/** @return a column heading, its abbreviation explained when it is one */
function heading(text) {
  const [head, ...unit] = text.split(" ");
  const title = ABBREVIATIONS[head];
  return title ? [el("abbr", { title, text: head }), unit.length ? " " + unit.join(" ") : ""] : text;
}

/** A table from rows: columns are [title, (row) => cell content, "num"?]. */
function table(columns, rows, rowAttrs) {
  return el("table", {},
    el("thead", {}, el("tr", {}, columns.map(c => el("th", { class: c[2] || null, scope: "col" }, heading(c[0]))))),
    el("tbody", {}, rows.map((r, i) => el("tr", rowAttrs ? rowAttrs(r, i) : {},
      columns.map(c => { const v = c[1](r, i); return el("td", { class: c[2] || null }, v); })))));
}

/** A form of labelled inputs; fields: [name, label, {type, value, options, placeholder}]. */
function form(fields, submitText, onSubmit) {
  const inputs = {};
  const node = el("form", { class: "grid", onsubmit: e => { e.preventDefault(); onSubmit(values(), node); } },
    fields.map(([name, label, opts]) => {
      const o = opts || {};
      let input;
      if (o.options) {
        input = el("select", { name }, o.options.map(v => el("option", { value: v, text: v })));
        if (o.value !== undefined) input.value = o.value;
      } else if (o.type === "checkbox") {
        input = el("input", { type: "checkbox", name, checked: o.value !== false });
      } else {
        input = el("input", { type: o.type || "text", name, placeholder: o.placeholder || null,
          value: o.value === undefined || o.value === null ? null : String(o.value) });
      }
      inputs[name] = input;
      return el("label", { title: o.title || null }, label, input);
    }),
    el("button", { class: "primary", type: "submit", text: submitText }));
  function values() {
    const out = {};
    for (const [name, input] of Object.entries(inputs)) {
      if (input.type === "checkbox") out[name] = input.checked;
      else if (input.type === "number") out[name] = input.value === "" ? null : Number(input.value);
      else out[name] = input.value === "" ? null : input.value;
    }
    return out;
  }
  node.inputs = inputs;
  return node;
}

function enc(s) { return encodeURIComponent(s); }

/** Replaces a node's children, skipping the empty ones (null, undefined, false). */
function put(node, ...children) {
  node.replaceChildren(...children.flat().filter(c => c !== null && c !== undefined && c !== false));
}
