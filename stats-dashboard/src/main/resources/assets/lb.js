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

  Pages.lb = async function (main) {
    const body = el("div", { id: "lb" });
    main.append(body);
    const reload = async () => {
      const [status, servers, config] = await Promise.all([api("GET", "/lb/status"), api("GET", "/lb/servers"),
        api("GET", "/lb/config")]);
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
        el("div", { class: "panel" }, el("h2", { text: "Servers" }), serversTable, el("h2", { text: "Add a server" }), addForm),
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
