// The forms of the configured kinds, made from the JSON Schema the nodes serve
// (GET /conduit/admin/config/schema), which the server makes from each kind's record: a field added
// to a kind shows up here with its type, default, choices and description, with no change to this page.
"use strict";

(function () {
  const Kinds = window.Kinds = {};
  let schema = null;

  const WORDS = { url: "URL", ms: "(ms)", ca: "CA", jwks: "JWKS", http: "HTTP", sql: "SQL", amqp: "AMQP", id: "ID" };

  /** "timeoutMs" -> "Timeout (ms)", "caFile" -> "CA file" */
  function label(name) {
    const words = name.replace(/([a-z0-9])([A-Z])/g, "$1 $2").toLowerCase().split(" ")
      .map(w => WORDS[w] || w);
    const first = words[0];
    words[0] = first === first.toUpperCase() ? first : first.charAt(0).toUpperCase() + first.slice(1);
    return words.join(" ");
  }

  /** The kind of input a property takes, and how its value goes to and from JSON. */
  function input(property, required) {
    const o = { title: property.description || null };
    if (property.enum) {
      o.options = (required || property.default !== undefined ? [] : [""]).concat(property.enum);
      o.value = property.default !== undefined ? property.default : required ? property.enum[0] : "";
      o.convert = "text";
    } else if (property.type === "boolean") {
      o.type = "checkbox";
      o.value = property.default === true;
      o.convert = "boolean";
    } else if (property.type === "integer" || property.type === "number") {
      o.type = "number";
      o.placeholder = property.default !== undefined ? String(property.default) : null;
      o.convert = "number";
    } else if (property.writeOnly) {
      o.type = "password";
      o.placeholder = "unchanged when empty";
      o.convert = "secret";
    } else if (property.type === "array" && property.items && (property.items.type === "object" || property.items.$ref)) {
      o.placeholder = "JSON, e.g. " + (property.items.$ref ? "[{...}]" : "[]");
      o.convert = "json";
    } else if (property.type === "array") {
      o.placeholder = (property.default || []).join(",") || "comma-separated";
      o.convert = "list";
    } else if (!property.type) {
      o.placeholder = "JSON";
      o.convert = "json";
    } else {
      o.placeholder = property.default !== undefined ? String(property.default) : null;
      o.convert = "text";
    }
    return o;
  }

  /**
   * @param key a kind's key, e.g. "outgoing-http"
   * @return the fields, toBody and fromItem crud() takes: every property in the record's order, a
   *     nested object's as "parent.child" (sent as null when all of them are empty)
   */
  Kinds.form = async function (key) {
    if (!schema) schema = await api("GET", "/admin/config/schema");
    const kind = schema.$defs[key];
    const fields = [];
    const walk = (properties, required, prefix, group) => {
      for (const [name, property] of Object.entries(properties)) {
        if (property.type === "object" && property.properties) {
          walk(property.properties, property.required || [], prefix + name + ".", label(name) + ": ");
        } else {
          fields.push([prefix + name, group + label(name), input(property, required.includes(name))]);
        }
      }
    };
    walk(kind.properties, kind.required || [], "", "");
    return { fields, toBody: values => body(fields, values), fromItem: item => flat(fields, item) };
  };

  function body(fields, values) {
    const out = {};
    const nested = {};
    for (const [path, , o] of fields) {
      let v = values[path];
      if (o.convert === "secret" && !v) continue; // write-only: empty keeps the current one
      if (o.convert === "list") v = v ? v.split(",").map(x => x.trim()).filter(x => x) : null;
      if (o.convert === "json") v = v ? JSON.parse(v) : null;
      if (o.convert === "text" && v === "") v = null;
      const [parent, child] = path.split(".");
      if (child === undefined) {
        out[parent] = v;
      } else {
        nested[parent] = nested[parent] || {};
        nested[parent][child] = v;
      }
    }
    // a nested object is sent when one of its fields was set to something else than its default
    const defaults = {};
    for (const [path, , o] of fields) defaults[path] = o.options || o.type === "checkbox" ? o.value : null;
    for (const [parent, object] of Object.entries(nested)) {
      const given = Object.entries(object).some(([child, v]) => v !== null && v !== defaults[parent + "." + child]
        && !(Array.isArray(v) && !v.length));
      out[parent] = given ? object : null;
    }
    return out;
  }

  function flat(fields, item) {
    const out = {};
    for (const [path, , o] of fields) {
      const [parent, child] = path.split(".");
      let v = child === undefined ? item[parent] : item[parent] ? item[parent][child] : undefined;
      if (o.convert === "secret") v = "";
      else if (o.convert === "list") v = v ? v.join(",") : "";
      else if (o.convert === "json") v = v === null || v === undefined ? "" : JSON.stringify(v);
      else if (o.convert === "boolean") v = v === undefined || v === null ? o.value : v;
      out[path] = v === undefined || v === null ? "" : v;
    }
    return out;
  }
})();
