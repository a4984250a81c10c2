// The load balancer: HAProxy's state, its servers and what can be done to them, its configuration.
"use strict";

(function () {
  const Pages = window.Pages = window.Pages || {};

  function uptime(seconds) {
    const d = Math.floor(seconds / 86400), h = Math.floor(seconds % 86400 / 3600), m = Math.floor(seconds % 3600 / 60);
    return (d ? d + "d " : "") + h + "h " + m + "m";
  }

  function state(status) {
    const word = String(status || "").split(" ")[0];
    return el("span", { class: "badge " + word, text: status });
  }

  const STATES = { UP: "#1a7a43", DOWN: "#b3261e", MAINT: "#646a78", DRAIN: "#955c00", NOLB: "#955c00", GONE: "#d7dae0" };

  /**
   * What the servers did while the agent ran: requests per second each (from HAProxy's counters, a
   * sample every few seconds) and each one's states as a strip over time; the changes of state as a
   * table, which is the strips' text alternative too.
   */
  function pictures(history) {
    const names = Object.keys(history.samples);
    const times = [...new Set(names.flatMap(n => history.samples[n].map(s => s.at)))].sort((a, b) => a - b);
    const rates = names.map(n => {
      const byTime = new Map();
      const list = history.samples[n];
      for (let i = 1; i < list.length; i++) {
        const served = list[i].requests - list[i - 1].requests;
        byTime.set(list[i].at, served < 0 ? null : served / ((list[i].at - list[i - 1].at) / 1000));
      }
      return times.map(t => byTime.has(t) ? byTime.get(t) : null);
    });
    const rateBox = el("div", { class: "chart", id: "chart-lb-rate", role: "img", "aria-label": "requests per second of "
      + names.length + " servers over the last " + Math.round(times.length * history.everyMillis / 60000)
      + " minutes; Show the numbers has them" });
    // each state lasts until the next look; the last one until now
    const start = times.length ? times[0] : Date.now(), stop = Math.max(Date.now(), times.length ? times[times.length - 1] : 0);
    const width = 900;
    const strip = (n, row) => {
      const list = history.samples[n];
      const x = t => stop === start ? 0 : (t - start) / (stop - start) * width;
      const parts = list.map((s, i) => {
        const end = i + 1 < list.length ? list[i + 1].at : stop;
        const rect = document.createElementNS("http://www.w3.org/2000/svg", "rect");
        rect.setAttribute("x", x(s.at));
        rect.setAttribute("y", row * 22 + 2);
        rect.setAttribute("width", Math.max(1, x(end) - x(s.at)));
        rect.setAttribute("height", 16);
        rect.setAttribute("fill", STATES[s.state] || "#955c00");
        rect.dataset.state = s.state;
        return rect;
      });
      return parts;
    };
    const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
    svg.setAttribute("id", "lb-timeline");
    svg.setAttribute("viewBox", "0 0 " + width + " " + Math.max(22, names.length * 22));
    svg.setAttribute("preserveAspectRatio", "none");
    svg.setAttribute("style", "height: " + Math.max(22, names.length * 22) + "px");
    svg.setAttribute("role", "img");
    svg.setAttribute("aria-label", "each server's state over time (" + names.join(", ") + "): the changes of state"
      + " are listed in Show the numbers");
    names.forEach((n, row) => strip(n, row).forEach(r => svg.append(r)));
    const legend = el("p", { class: "muted" }, ...Object.entries(STATES).flatMap(([state, colour]) => [
      el("span", { class: "swatch", style: "background:" + colour }), " " + state + " "]));
    const numbers = el("div", { id: "lb-numbers", hidden: true },
      el("h2", { text: "Requests per second" }),
      table([["At", i => new Date(times[i]).toISOString()]].concat(names.map((n, k) => [n, i => rates[k][i] === null
        ? "" : fmt(rates[k][i], 2), "num"])), times.map((_, i) => i), i => ({ dataset: { at: String(times[i]) } })),
      el("h2", { text: "Changes of state" }),
      history.events.length ? table([["At", e => new Date(e.at).toISOString()], ["Server", e => e.server],
        ["From", e => e.from || "(new)"], ["To", e => e.to]], history.events, e => ({ dataset: { server: e.server } }))
        : el("p", { class: "muted", text: "None yet." }));
    const toggle = numbersToggle(numbers, "lb-numbers-toggle");
    const panel = el("div", { class: "panel", id: "lb-history" },
      el("h2", { text: "Requests per second" }), rateBox,
      el("h2", { text: "States over time" }),
      el("div", { class: "timeline" }, el("div", { class: "timeline-names" }, ...names.map(n => el("div", { text: n }))),
        svg),
      legend, toggle, numbers,
      el("p", { class: "muted", text: "Since the LB agent started, a look every " + history.everyMillis / 1000
        + " s, the last 6 hours." }));
    if (typeof uPlot !== "undefined" && times.length) {
      setTimeout(() => new uPlot({ width: Math.max(480, rateBox.clientWidth || 900), height: 200,
        series: [{}].concat(names.map((n, k) => ({ label: n, stroke: ["#2457c5", "#1a7a43", "#955c00", "#b3261e",
          "#6b3fa0"][k % 5], width: 2 }))) }, [times.map(t => t / 1000)].concat(rates), rateBox), 0);
    }
    return panel;
  }

  Pages.lb = async function (main) {
    const body = el("div", { id: "lb" });
    main.append(body);
    const reload = async () => {
      const [status, servers, config, history] = await Promise.all([api("GET", "/lb/status"), api("GET", "/lb/servers"),
        api("GET", "/lb/config"), api("GET", "/lb/history").catch(() => ({ everyMillis: 5000, samples: {}, events: [] }))]);
      const act = (server, action) => attempt(async () => {
        await api("POST", "/lb/servers/" + enc(server.name) + "/" + action);
        await reload();
      }, server.name + ": " + action + " done");
      const serversTable = table([
        ["Server", s => s.name], ["Address", s => s.address], ["State", s => state(s.status)],
        ["Check", s => s.checkStatus + (s.lastCheck ? " (" + s.lastCheck + ")" : "")],
        ["Sessions now", s => fmt(s.currentSessions, 0), "num"], ["max", s => fmt(s.maxSessions, 0), "num"],
        ["total", s => fmt(s.totalSessions, 0), "num"],
        ["Bytes in/out", s => fmt(s.bytesIn, 0) + " / " + fmt(s.bytesOut, 0), "num"],
        ["Conn. errors", s => fmt(s.connectionErrors, 0), "num"], ["Resp. errors", s => fmt(s.responseErrors, 0), "num"],
        ["Resp. time (ms)", s => fmt(s.responseTimeMs, 0), "num"], ["Downtime (s)", s => fmt(s.downtimeSeconds, 0), "num"],
        ["Last change", s => uptime(s.lastChangeSeconds), "num"],
        ["", s => el("span", {},
          el("button", { class: "act-enable", text: "Enable", onclick: () => act(s, "enable") }), " ",
          el("button", { class: "act-drain", text: "Drain", onclick: () => act(s, "drain") }), " ",
          el("button", { class: "act-disable", text: "Disable", onclick: () => act(s, "disable") }), " ",
          el("button", { class: "danger act-remove", text: "Remove", onclick: () => {
            if (confirm("Remove " + s.name + " from HAProxy and from conduit.config?")) {
              attempt(async () => { await api("DELETE", "/lb/servers/" + enc(s.name)); await reload(); }, s.name + " removed");
            }
          } }))]], servers, s => ({ dataset: { server: s.name } }));
      const addForm = form([["name", "Name", { placeholder: "server3" }], ["host", "Host", { value: "127.0.0.1" }],
        ["port", "Port", { type: "number", placeholder: "17012" }]], "Add server", v =>
        attempt(async () => { await api("POST", "/lb/servers", v); await reload(); }, (v.name || "") + " added"));
      addForm.id = "lb-add-form";
      const source = el("textarea", { id: "lb-config", rows: 22, spellcheck: "false", "aria-label": "HAProxy's configuration" });
      source.value = config.text;
      const output = el("pre", { id: "lb-config-output", hidden: true });
      const show = (text) => { output.textContent = text; output.hidden = false; };
      put(body, 
        el("h1", { text: "Load balancer" }),
        el("div", { class: "panel", id: "lb-status" },
          status.alive
            ? el("p", {}, el("span", { class: "badge yes", text: "HAProxy alive" }), " version ", status.version,
              " \u00b7 up ", uptime(status.uptimeSeconds), " \u00b7 pid ", String(status.pid), " \u00b7 ",
              el("a", { href: Conduit.settings.haproxyAdminPage || "#", target: "_blank", rel: "noopener",
                id: "haproxy-admin-link", text: "HAProxy's own admin page" }), " (user admin1)")
            : el("p", {}, el("span", { class: "badge no", text: "HAProxy down" }), " ", status.error || "")),
        el("div", { class: "panel" }, el("h2", { text: "Servers" }), serversTable,
          el("h2", { class: "needs-admin", text: "Add a server" }), addForm),
        pictures(history),
        el("div", { class: "panel" }, el("h2", {}, "Configuration ", el("span", { class: "muted", text: config.path })),
          source,
          el("p", {},
            el("button", { id: "lb-validate", text: "Validate", onclick: () => attempt(async () => {
              const v = await api("POST", "/lb/config/validate", source.value, "text/plain");
              show((v.valid ? "Valid.\n" : "Invalid.\n") + v.output);
            }) }), " ",
            el("button", { class: "primary", id: "lb-save", text: "Save and reload", onclick: async () => {
              try {
                const saved = await api("PUT", "/lb/config", source.value, "text/plain");
                show("Saved; HAProxy reloaded gracefully (new worker " + saved.pid + ").");
              } catch (e) {
                show(e.message + (e.data && e.data.output ? "\n" + e.data.output : ""));
              }
            } })),
          output));
    };
    await reload();
  };
})();
