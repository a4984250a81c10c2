// Connections, channels, services, the key/value DB and the cluster: the nodes' admin API.
// (Not admin.js: /admin is Dropwizard's admin context.)
"use strict";

(function () {
  const Pages = window.Pages = window.Pages || {};
  const yes = b => el("span", { class: "badge " + (b ? "yes" : "no"), text: b ? "active" : "inactive" });

  /** A list with a form that creates or, after Edit, updates an entry. */
  async function crud(container, spec) {
    const list = await api("GET", spec.path);
    let editing = null;
    const title = el("h2", { text: "New " + spec.what });
    const f = form(spec.fields, "Save", values => attempt(async () => {
      const body = spec.toBody(values);
      if (editing) await api("PUT", spec.path + "/" + enc(editing), body);
      else await api("POST", spec.path, body);
      await crud(container, spec);
    }, spec.what + " saved"));
    f.id = spec.id + "-form";
    const cols = spec.columns.concat([["", item => el("span", {},
      spec.extra ? spec.extra(item) : null,
      el("button", { class: "act-edit", text: "Edit", onclick: () => {
        editing = item.name;
        title.textContent = "Edit " + spec.what + " " + item.name;
        const values = spec.fromItem ? spec.fromItem(item) : item;
        for (const [name, input] of Object.entries(f.inputs)) {
          const value = values[name];
          if (input.type === "checkbox") input.checked = value !== false;
          else input.value = value === null || value === undefined ? "" : value;
        }
      } }), " ",
      el("button", { class: "danger act-delete", text: "Delete", onclick: () => {
        if (confirm("Delete " + spec.what + " " + item.name + "?")) {
          attempt(async () => { await api("DELETE", spec.path + "/" + enc(item.name)); await crud(container, spec); },
            spec.what + " deleted");
        }
      } }))]]);
    title.classList.add("needs-configure");
    f.classList.add("needs-configure");
    put(container, el("h2", { text: spec.title }),
      list.length ? table(cols, list, item => ({ dataset: { name: item.name } })) : el("p", { class: "muted", text: "None yet." }),
      title, f);
    if (spec.after) await spec.after(container);
  }

  Pages.connections = async function (main) {
    const http = el("div", { class: "panel", id: "outgoing-http" });
    const zmq = el("div", { class: "panel", id: "outgoing-zmq" });
    const sql = el("div", { class: "panel", id: "outgoing-sql" });
    const amqp = el("div", { class: "panel", id: "outgoing-amqp" });
    const kafka = el("div", { class: "panel", id: "outgoing-kafka" });
    const files = el("div", { class: "panel", id: "outgoing-files" });
    const smtp = el("div", { class: "panel", id: "outgoing-smtp" });
    main.append(el("h1", { text: "Connections" }), http, zmq, sql, amqp, kafka, files, smtp);
    await crud(http, {
      id: "http", what: "plain HTTP connection", title: "Outgoing \u2192 Plain HTTP", path: "/admin/outgoing/http",
      ...await Kinds.form("outgoing-http"),
      columns: [["Name", c => c.name], ["Address", c => c.address], ["URL path", c => c.urlPath], ["Method", c => c.method],
        ["Timeout", c => c.timeoutMs + " ms", "num"], ["Pool", c => String(c.poolSize), "num"],
        ["Retries", c => c.retries ? c.retries.maxAttempts + " attempts" : ""],
        ["Breaker", c => c.circuitBreaker ? el("span", { class: "breaker", dataset: { breaker: c.name } }, "\u2026") : ""],
        ["Active", c => yes(c.active)],
        ["Ping", c => el("span", { class: "ping-result", dataset: { ping: c.name } })]],
      extra: c => el("button", { class: "act-ping", text: "Ping", onclick: async e => {
        const out = e.target.closest("tr").querySelector(".ping-result");
        const p = await attempt(() => api("POST", "/admin/outgoing/http/" + enc(c.name) + "/ping"));
        if (p) out.textContent = p.ok ? "OK " + p.status + " in " + fmt(p.timeMs, 1) + " ms" : "Failed: " + p.error;
      } }),
      after: showBreakers
    });
    await crud(zmq, {
      id: "zmq", what: "ZeroMQ connection", title: "Outgoing \u2192 ZeroMQ", path: "/admin/outgoing/zmq",
      ...await Kinds.form("outgoing-zmq"),
      columns: [["Name", c => c.name], ["Address", c => c.address], ["Socket", c => c.socketType],
        ["HWM", c => String(c.highWaterMark), "num"], ["Active", c => yes(c.active)]]
    });
    // passwords are write-only: an edit that leaves the field empty keeps the current one
    await crud(sql, {
      id: "sql", what: "SQL connection", title: "Outgoing \u2192 SQL", path: "/admin/outgoing/sql",
      ...await Kinds.form("outgoing-sql"),
      columns: [["Name", c => c.name], ["URL", c => c.url], ["User", c => c.user], ["Pool", c => String(c.poolSize), "num"],
        ["Timeout", c => c.timeoutMs + " ms", "num"], ["Active", c => yes(c.active)],
        ["Ping", c => el("span", { class: "ping-result", dataset: { ping: c.name } })]],
      extra: c => pingButton("/admin/outgoing/sql/" + enc(c.name) + "/ping",
        p => p.ok ? "OK in " + fmt(p.timeMs, 1) + " ms (" + p.database + ")" : "Failed: " + p.error)
    });
    await crud(amqp, {
      id: "amqp", what: "AMQP connection", title: "Outgoing \u2192 AMQP", path: "/admin/outgoing/amqp",
      ...await Kinds.form("outgoing-amqp"),
      columns: [["Name", c => c.name], ["Address", c => c.address], ["Exchange", c => c.exchange || "(default)"],
        ["Routing key", c => c.routingKey], ["Confirms", c => c.confirm ? "yes" : "no"],
        ["Persistent", c => c.deliveryMode === 2 ? "yes" : "no"], ["Active", c => yes(c.active)],
        ["Ping", c => el("span", { class: "ping-result", dataset: { ping: c.name } })]],
      extra: c => pingButton("/admin/outgoing/amqp/" + enc(c.name) + "/ping",
        p => p.ok ? "OK in " + fmt(p.timeMs, 1) + " ms" : "Failed: " + p.error)
    });
    await crud(kafka, {
      id: "kafka", what: "Kafka connection", title: "Outgoing \u2192 Kafka", path: "/admin/outgoing/kafka",
      ...await Kinds.form("outgoing-kafka"),
      columns: [["Name", c => c.name], ["Brokers", c => c.bootstrapServers], ["Topic", c => c.topic],
        ["Acks", c => c.acks], ["Idempotent", c => yes(c.idempotent)], ["Timeout", c => c.timeoutMs + " ms", "num"],
        ["Active", c => yes(c.active)], ["Ping", c => el("span", { class: "ping-result", dataset: { ping: c.name } })]],
      extra: c => pingButton("/admin/outgoing/kafka/" + enc(c.name) + "/ping",
        p => p.ok ? "OK in " + fmt(p.timeMs, 1) + " ms" : "Failed: " + p.error)
    });
    await crud(files, {
      id: "files", what: "file connection", title: "Outgoing \u2192 Files (SFTP, FTP, S3, local folders)", path: "/admin/outgoing/files",
      ...await Kinds.form("outgoing-files"),
      columns: [["Name", c => c.name], ["Address", c => c.address], ["Login", c => c.security || ""],
        ["Host key", c => c.hostKey || ""], ["Timeout", c => c.timeoutMs + " ms", "num"], ["Active", c => yes(c.active)],
        ["Ping", c => el("span", { class: "ping-result", dataset: { ping: c.name } })]],
      extra: c => pingButton("/admin/outgoing/files/" + enc(c.name) + "/ping",
        p => p.ok ? "OK in " + fmt(p.timeMs, 1) + " ms" : "Failed: " + p.error)
    });
    await crud(smtp, {
      id: "smtp", what: "SMTP connection", title: "Outgoing \u2192 SMTP", path: "/admin/outgoing/smtp",
      ...await Kinds.form("outgoing-smtp"),
      columns: [["Name", c => c.name], ["Address", c => c.address], ["STARTTLS", c => yes(c.starttls)],
        ["User", c => c.user || ""], ["From", c => c.from], ["Timeout", c => c.timeoutMs + " ms", "num"],
        ["Active", c => yes(c.active)], ["Ping", c => el("span", { class: "ping-result", dataset: { ping: c.name } })]],
      extra: c => pingButton("/admin/outgoing/smtp/" + enc(c.name) + "/ping",
        p => p.ok ? "OK in " + fmt(p.timeMs, 1) + " ms" : "Failed: " + p.error)
    });
  };

  // each breaker's state on every node: "server1 closed 0% (12 calls)"
  async function showBreakers(http) {
    for (const cell of http.querySelectorAll("span.breaker")) {
      const rows = await attempt(() => api("GET", "/admin/outgoing/http/" + enc(cell.dataset.breaker) + "/health"));
      if (rows) put(cell, rows.length ? rows.map(r => el("span", { class: "badge " + (r.circuit === "closed" ? "ok" : r.circuit === "open" ? "failed" : "DRAIN"),
        text: r.node + " " + r.circuit + (r.failureRate >= 0 ? " " + fmt(r.failureRate, 0) + "%" : "") + " (" + r.calls + " calls)" }))
        : "no calls yet");
    }
  }

  /** A Ping button that writes its outcome in the row's ping cell. */
  function pingButton(path, describe) {
    return el("button", { class: "act-ping", text: "Ping", onclick: async e => {
      const out = e.target.closest("tr").querySelector(".ping-result");
      const p = await attempt(() => api("POST", path));
      if (p) out.textContent = describe(p);
    } });
  }

  Pages.channels = async function (main) {
    const box = el("div", { class: "panel", id: "channels" });
    const amqp = el("div", { class: "panel", id: "channels-amqp" });
    const kafka = el("div", { class: "panel", id: "channels-kafka" });
    const files = el("div", { class: "panel", id: "channels-file" });
    const fileHistory = el("div", { class: "panel", id: "file-history", hidden: true });
    const imap = el("div", { class: "panel", id: "channels-imap" });
    main.append(el("h1", { text: "Channels" }), box, amqp, kafka, files, fileHistory, imap);
    await crud(box, {
      id: "channel", what: "channel", title: "Plain HTTP channels", path: "/admin/channels/http",
      ...await Kinds.form("channels-http"),
      columns: [["Name", c => c.name], ["URL path", c => c.urlPath], ["Service", c => c.service],
        ["Method", c => c.method || "any"], ["Security", c => c.security || ""],
        ["Rate limit", c => c.rateLimit ? c.rateLimit.requests + " per " + c.rateLimit.per + " by " + c.rateLimit.by : ""],
        ["Active", c => yes(c.active)]]
    });
    await crud(amqp, {
      id: "amqp-channel", what: "AMQP channel", title: "AMQP channels", path: "/admin/channels/amqp",
      ...await Kinds.form("channels-amqp"),
      columns: [["Name", c => c.name], ["Broker", c => c.address], ["Queue", c => c.queue], ["Service", c => c.service],
        ["Consumers", c => String(c.consumers), "num"], ["Prefetch", c => String(c.prefetch), "num"],
        ["Attempts", c => String(c.maxAttempts), "num"], ["Active", c => yes(c.active)],
        ["Nodes", c => el("span", { class: "consumers", dataset: { channel: c.name } }, "\u2026")]],
      after: table => showConsumers(table, "amqp", r => r.lastFailure ? "correlation id " + r.lastFailure.correlationId : "",
        r => r.queued === null || r.queued === undefined ? "" : ", " + r.queued + " queued",
        // the queue's waiting messages as a gauge against the channel's largest (the text has the number)
        rows => {
          const most = Math.max(1, ...rows.map(r => r.queued || 0));
          return r => r.queued === null || r.queued === undefined ? null : el("span", { class: "lag" }, " ",
            el("meter", { min: 0, max: most, value: r.queued, "aria-label": "messages waiting in the queue: " + r.queued,
              title: r.queued + " queued" }));
        })
    });
    await crud(kafka, {
      id: "kafka-channel", what: "Kafka channel", title: "Kafka channels", path: "/admin/channels/kafka",
      ...await Kinds.form("channels-kafka"),
      columns: [["Name", c => c.name], ["Brokers", c => c.bootstrapServers], ["Topics", c => c.topics.join(", ")],
        ["Group", c => c.groupId], ["Service", c => c.service], ["Consumers", c => String(c.consumers), "num"],
        ["Attempts", c => String(c.maxAttempts), "num"], ["Active", c => yes(c.active)],
        ["Nodes", c => el("span", { class: "consumers", dataset: { channel: c.name } }, "\u2026")]],
      after: table => showConsumers(table, "kafka",
        r => r.lastFailure ? "record " + r.lastFailure.topic + "-" + r.lastFailure.partition + "@" + r.lastFailure.offset : "",
        r => ", partitions " + (r.partitions.length ? r.partitions.map(p => p.topic + "-" + p.partition
          + (p.lag === null ? "" : " (lag " + p.lag + ")")).join(", ") : "none") + ", " + r.retried + " retried",
        // each partition's lag as a gauge against the channel's largest (the text above has the numbers)
        rows => {
          const most = Math.max(1, ...rows.flatMap(r => r.partitions.map(p => p.lag || 0)));
          return r => r.partitions.filter(p => p.lag !== null).map(p => el("span", { class: "lag" }, " ",
            el("meter", { min: 0, max: most, value: p.lag, "aria-label": "lag of " + p.topic + "-" + p.partition
              + ": " + p.lag + " records", title: p.topic + "-" + p.partition + ": lag " + p.lag })));
        })
    });
    await fileChannels(files, fileHistory);
    await crud(imap, {
      id: "imap-channel", what: "IMAP channel", title: "IMAP channels", path: "/admin/channels/imap",
      ...await Kinds.form("channels-imap"),
      columns: [["Name", c => c.name], ["Address", c => c.address], ["User", c => c.user], ["Folder", c => c.folder],
        ["Every", c => c.pollEvery], ["Service", c => c.service], ["After", c => c.after], ["Active", c => yes(c.active)],
        ["Nodes", c => el("span", { class: "pollers", dataset: { channel: c.name } }, "\u2026")]],
      after: table => showPollers(table, "imap", r => r.last ? "last: " + r.last.subject + " from " + r.last.from
        + " (" + r.last.outcome + (r.last.error ? ": " + r.last.error : "") + ")" : "")
    });
  };

  // each node's poller of a file or IMAP channel: "server1 polling 41 listings, 12 handled, 1 failed"
  async function showPollers(table, kind, lastOne) {
    for (const cell of table.querySelectorAll("span.pollers")) {
      const rows = await attempt(() => api("GET", "/admin/channels/" + kind + "/" + enc(cell.dataset.channel) + "/consumers"));
      if (rows) put(cell, rows.length ? rows.map(r => el("div", { class: "consumer-row", title: r.error || lastOne(r) },
        el("span", { class: "badge " + (r.state === "polling" ? "ok" : "failed"), text: r.node + " " + r.state }),
        " " + r.polls + " polls, " + r.handled + " handled, " + r.failed + " failed"
          + (r.error ? " \u2014 " + r.error : "")))
        : "no node polls it");
    }
  }

  // File channels: each node's poller (listings, files handled and failed, why it cannot list), and
  // the files handled, each failed one with a Re-run button.
  async function fileChannels(files, history) {
    const path = "/admin/channels/file";
    const showHistory = async name => {
      const rows = await api("GET", path + "/" + enc(name) + "/history");
      put(history, el("h2", { text: "Files of " + name }), rows.length ? table([["File", r => r.file],
        ["Started", r => r.startedAt], ["Node", r => r.node], ["Bytes", r => String(r.size), "num"],
        ["ms", r => String(r.durationMs), "num"],
        ["Outcome", r => el("span", { class: "badge " + (r.outcome === "ok" ? "ok" : "failed"), text: r.outcome })],
        ["Error", r => r.error || ""], ["Now at", r => r.now || "(deleted)"],
        ["cid", r => el("a", { href: "#/calls/" + r.id, text: r.id })],
        ["", r => r.now ? el("button", { class: "act-rerun", text: "Re-run", onclick: () => attempt(async () => {
          await api("POST", path + "/" + enc(name) + "/history/" + enc(r.id) + "/rerun");
          await showHistory(name);
        }, r.file + " ran again") }) : ""]], rows.slice(0, 50)) : el("p", { class: "muted", text: "No files yet." }));
      history.hidden = false;
    };
    await crud(files, {
      id: "file-channel", what: "file channel", title: "File channels (SFTP, FTP, S3, local folders)", path,
      ...await Kinds.form("channels-file"),
      columns: [["Name", c => c.name], ["Address", c => c.address], ["Pattern", c => c.pattern],
        ["Every", c => c.pollEvery], ["Service", c => c.service], ["After", c => c.after], ["On failure", c => c.onFailure],
        ["Active", c => yes(c.active)], ["Nodes", c => el("span", { class: "pollers", dataset: { channel: c.name } }, "\u2026")]],
      extra: c => el("button", { class: "act-history", text: "Files", onclick: () => attempt(() => showHistory(c.name)) }),
      after: table => showPollers(table, "file", r => r.last ? "last: " + r.last.file + " (" + r.last.outcome + ")" : "")
    });
  }

  // each node's consumers: "server1 consuming 2 consumers, partitions orders-0 (lag 0), 1200 handled, 3 failed, 1 dead-lettered"
  async function showConsumers(table, kind, failedOne, more, gauges) {
    for (const cell of table.querySelectorAll("span.consumers")) {
      const rows = await attempt(() => api("GET", "/admin/channels/" + kind + "/" + enc(cell.dataset.channel) + "/consumers"));
      const gauge = rows && gauges ? gauges(rows) : () => null;
      if (rows) put(cell, rows.length ? rows.map(r => el("div", {
        class: "consumer-row", title: r.error || (r.lastFailure ? "last failure: cid " + r.lastFailure.cid
          + ", " + failedOne(r) + ": " + r.lastFailure.error : "") },
        el("span", { class: "badge " + (r.state === "consuming" ? "ok" : "failed"), text: r.node + " " + r.state }),
        " " + r.consumers + " consumers" + more(r) + ", " + r.handled + " handled, " + r.failed + " failed, "
          + r.deadLettered + " dead-lettered" + (r.error ? " \u2014 " + r.error : ""), gauge(r)))
        : "no node consumes it");
    }
  }

  // The cluster's OpenAPI document, rendered by Swagger UI (from the dashboard's jar); "Try it out"
  // goes to the channels through the dashboard, with the credentials given in "Authorize".
  Pages.api = async function (main) {
    const box = el("div", { id: "swagger-ui" });
    main.append(el("h1", { text: "API" }),
      el("p", { class: "muted" }, "Every active channel, as ",
        el("a", { href: "/api/openapi.json", text: "/conduit/openapi.json" }),
        " describes it. Authorize with a channel's credentials to try a call."), box);
    await loadSwaggerUi();
    // the page is drawn once Swagger UI drew the document (or gave up: at most 10 s)
    let drawn;
    const done = new Promise(resolve => { drawn = resolve; setTimeout(resolve, 10000); });
    window.SwaggerUIBundle({
      url: "/api/openapi.json", domNode: box, deepLinking: false,
      onComplete: () => {
        const servers = box.querySelector("#servers");
        if (servers) servers.setAttribute("aria-label", "server");
        drawn();
      },
      requestInterceptor: r => {
        const headers = r.headers || {};
        if (headers.Authorization) {
          headers["X-Conduit-Try-Authorization"] = headers.Authorization;
          delete headers.Authorization;
        }
        if (Conduit.csrf) headers["X-CSRF-Token"] = Conduit.csrf;
        r.headers = headers;
        return r;
      }
    });
    await done;
  };

  function loadSwaggerUi() {
    if (window.SwaggerUIBundle) return Promise.resolve();
    const base = "/webjars/swagger-ui/";
    document.head.append(el("link", { rel: "stylesheet", href: base + "swagger-ui.css" }));
    return new Promise((resolve, reject) => {
      const script = el("script", { src: base + "swagger-ui-bundle.js" });
      script.onload = resolve;
      script.onerror = () => reject(new Error("Swagger UI could not be loaded"));
      document.head.append(script);
    });
  }

  Pages.services = async function (main) {
    const body = el("div", { id: "services" });
    main.append(body);
    const output = el("pre", { id: "service-output", hidden: true });
    const show = text => { output.textContent = text; output.hidden = false; };
    const reload = async () => {
      const [services, deployments] = await Promise.all([api("GET", "/admin/services"), api("GET", "/admin/deployments")]);
      const failed = deployments.filter(d => d.nodes.some(n => n.status === "failed"));
      const upload = el("input", { type: "file", id: "deploy-file", accept: ".java,.jar",
        "aria-label": "a .java or .jar file to deploy" });
      const payload = el("textarea", { id: "invoke-payload", rows: 3, placeholder: "{\"cust_id\": 123, \"cust_type\": \"A\"}" });
      put(body, 
        el("h1", { text: "Services" }),
        el("div", { class: "panel" },
          el("h2", { text: "Deployed" }),
          services.length ? table([
            ["Service", s => s.name], ["Deployment", s => s.deployment], ["Version", s => String(s.version), "num"],
            ["By", s => s.deployedBy], ["When", s => s.deployedAt],
            ["Nodes", s => s.nodes.map(n => el("span", { title: n.error || "" },
              el("span", { class: "badge " + n.status, text: n.node + ": " + n.status }), " "))],
            ["", s => el("span", {},
              el("button", { class: "act-source", text: "Source", onclick: () => attempt(async () => {
                const one = await api("GET", "/admin/services/" + enc(s.name));
                show(one.source || "(a jar: no source)");
              }) }), " ",
              el("button", { class: "act-schema", text: "Schema", onclick: () => attempt(async () => {
                const schema = await api("GET", "/admin/services/" + enc(s.name) + "/schema");
                show(schema.input === null ? "An untyped service: it reads any JSON."
                  : "Input\n" + JSON.stringify(schema.input, null, 2) + "\n\nOutput\n" + JSON.stringify(schema.output, null, 2));
              }) }), " ",
              el("button", { class: "act-invoke", text: "Invoke", onclick: () => attempt(async () => {
                const text = payload.value.trim();
                const result = await api("POST", "/admin/invoke/" + enc(s.name), text === "" ? undefined : JSON.parse(text));
                show(JSON.stringify(result, null, 2));
              }) }), " ",
              el("button", { class: "danger act-undeploy", text: "Undeploy", onclick: () => {
                if (confirm("Undeploy " + s.deployment + " from the whole cluster?")) {
                  attempt(async () => { await api("DELETE", "/admin/services/" + enc(s.name)); await reload(); }, "undeployed");
                }
              } }))]], services, s => ({ dataset: { name: s.name } }))
            : el("p", { class: "muted", text: "Nothing deployed yet." }),
          el("label", {}, "Invoke with this JSON ", payload),
          output),
        el("div", { class: "panel" },
          el("h2", { text: "Deploy" }),
          el("p", {}, upload, " ",
            el("button", { class: "primary", id: "deploy", text: "Deploy", onclick: async () => {
              const file = upload.files[0];
              if (!file) { say("Choose a .java or .jar file first", true); return; }
              try {
                const r = await api("POST", "/admin/services?name=" + enc(file.name), await file.arrayBuffer(),
                  "application/octet-stream");
                say("Deployed " + r.deployment + " version " + r.version + ": " + r.services.join(", "));
                await reload();
              } catch (e) {
                const d = e.data && e.data.diagnostics ? e.data.diagnostics : [];
                show(e.message + "\n" + d.map(x => x.file + ":" + x.line + ":" + x.column + ": " + x.message).join("\n"));
              }
            } }))),
        failed.length ? el("div", { class: "panel", id: "deploy-errors" }, el("h2", { text: "Deployment errors" }),
          failed.map(d => el("div", {}, el("h2", { text: d.name }), d.nodes.filter(n => n.error).map(n =>
            el("div", {}, el("p", { class: "muted", text: n.node + " at " + n.updatedAt }), el("pre", { text: n.error })))))) : null);
    };
    await reload();
  };

  // Scheduled jobs: each due time runs once in the cluster; next and last run, pause, run now, history.
  Pages.scheduler = async function (main) {
    const box = el("div", { class: "panel", id: "scheduler" });
    const history = el("div", { class: "panel", id: "job-history", hidden: true });
    main.append(el("h1", { text: "Scheduler" }), box, history);
    const path = "/admin/scheduler/jobs";
    const plain = j => {
      const { nextRun, lastRun, ...job } = j;
      return job;
    };
    const spec = {
      id: "job", what: "job", title: "Jobs", path,
      ...await Kinds.form("scheduler-jobs"),
      columns: [["Name", j => j.name], ["Service", j => j.service],
        ["Schedule", j => j.type === "interval" ? "every " + j.every : j.type === "cron" ? j.cron + " (" + j.timeZone + ")"
          : "once at " + j.startAt],
        ["Next run", j => j.nextRun || (j.active ? "none" : "paused"), "next-run"],
        ["Last run", j => j.lastRun ? j.lastRun.startedAt + " on " + j.lastRun.node : ""],
        ["Outcome", j => j.lastRun ? el("span", { class: "badge outcome " + (j.lastRun.outcome === "ok" ? "ok" : "failed"),
          title: j.lastRun.error || "", text: j.lastRun.outcome }) : ""],
        ["Runs", j => runStrip(path, j.name)],
        ["Active", j => yes(j.active)]],
      extra: j => el("span", {},
        el("button", { class: "act-run", text: "Run now", onclick: () => attempt(async () => {
          await api("POST", path + "/" + enc(j.name) + "/run");
        }, "job " + j.name + " started") }), " ",
        el("button", { class: "act-pause", text: j.active ? "Pause" : "Resume", onclick: () => attempt(async () => {
          await api("POST", path + "/" + enc(j.name) + (j.active ? "/pause" : "/resume"));
          await route();
        }) }), " ",
        el("button", { class: "act-history", text: "History", onclick: () => attempt(async () => {
          const rows = await api("GET", path + "/" + enc(j.name) + "/history");
          put(history, el("h2", { text: "Last runs of " + j.name }), rows.length ? table([["Scheduled", r => r.scheduledAt],
            ["Started", r => r.startedAt], ["Node", r => r.node], ["ms", r => String(r.durationMs), "num"],
            ["Outcome", r => el("span", { class: "badge " + (r.outcome === "ok" ? "ok" : "failed"), text: r.outcome })],
            ["Error", r => r.error || ""], ["cid", r => r.cid]], rows) : el("p", { class: "muted", text: "No runs yet." }));
          history.hidden = false;
        }) }))
    };
    await crud(box, spec);
  };

  // Every change of the cluster as a numbered release: who, when, how, what; one release's changes,
  // field by field (secrets only as changed); a rollback to one, after a confirmation.
  Pages.releases = async function (main, [number]) {
    const list = el("div", { class: "panel", id: "releases" });
    const detail = el("div", { class: "panel", id: "release-detail", hidden: true });
    main.append(el("h1", { text: "Releases" }),
      el("p", { class: "muted", text: "Every apply, admin API call, dashboard change and rollback is a release."
        + " bin/conduit export, diff and apply keep the configuration in git." }), list, detail);
    const releases = await api("GET", "/admin/releases?limit=200");
    const newest = releases.length ? releases[0].number : 0;
    put(list, releases.length ? table([["Release", r => el("a", { href: "#/releases/" + r.number, text: String(r.number) }), "num"],
      ["At", r => r.at], ["By", r => r.by], ["How", r => r.source], ["From", r => r.from || ""],
      ["What", r => r.summary],
      ["", r => r.number === newest ? el("span", { class: "muted", text: "current" })
        : el("button", { class: "act-rollback", text: "Roll back to this", onclick: () => rollback(r.number) })]],
      releases, r => ({ dataset: { release: String(r.number) } })) : el("p", { class: "muted", text: "None yet." }));
    if (number) await show(Number(number));

    async function show(n) {
      const release = await api("GET", "/admin/releases/" + n);
      const value = v => v === null || v === undefined ? "(unset)" : v === "***" ? "(secret)" : JSON.stringify(v);
      put(detail, el("h2", { text: "Release " + release.number + ": " + release.summary }),
        el("p", { class: "muted", text: release.at + " by " + release.by + " (" + release.source + ")" }),
        release.changes.length ? table([["", c => c.op === "add" ? "+" : c.op === "remove" ? "\u2212" : "~"],
          ["Kind", c => c.kind], ["Name", c => c.name],
          ["Changes", c => el("div", {}, ...c.fields.map(f => el("div", { class: "field-change" },
            el("code", { text: f.field }), " " + value(f.from) + " \u2192 " + value(f.to))))]],
          release.changes, c => ({ class: "change-" + c.op })) : el("p", { class: "muted", text: "No changes recorded." }));
      detail.hidden = false;
    }

    function rollback(n) {
      if (!confirm("Roll back to release " + n + "? A new release brings back its configuration and service code.")) return;
      attempt(async () => {
        const done = await api("POST", "/admin/releases/" + n + "/rollback");
        location.hash = "#/releases" + (done.release ? "/" + done.release : "");
        await route();
      }, "rolled back to release " + n);
    }
  };

  // The people and scripts of the admin API, the CLI and this dashboard, with their roles (admins only).
  Pages.users = async function (main) {
    const box = el("div", { class: "panel", id: "users" });
    main.append(el("h1", { text: "Users" }),
      el("p", { class: "muted", text: "Roles: viewer reads everything; operator also drains and enables servers,"
        + " runs, pauses and resumes jobs and replays; developer also deploys and configures the names its scope"
        + " covers (e.g. billing.*); admin does everything. Passwords are kept only as hashes." }), box);
    await crud(box, {
      id: "user", what: "user", title: "Users", path: "/admin/users",
      ...await Kinds.form("users"),
      columns: [["Name", u => u.name],
        ["Roles", u => u.roles.map(g => g.role + (g.scope && g.scope !== "*" ? " (" + g.scope + ")" : "")).join(", ")],
        ["Password", u => u.passwordSet ? "set" : "none"], ["OIDC subject", u => u.oidcSubject || ""]]
    });
  };

  // Every write through the admin API, refused ones too, newest first: who, from where, what, how it
  // ended, its cid; a write that made a release links to it and shows its field changes.
  Pages.audit = async function (main) {
    const list = el("div", { class: "panel", id: "audit" });
    main.append(el("h1", { text: "Audit trail" }),
      el("p", { class: "muted", text: "Every write through the admin API, the dashboard's and bin/conduit's included,"
        + " kept in the ODB for the nodes' audit.retention (90 days unless set)." }), list);
    const entries = await api("GET", "/admin/audit?limit=200");
    const value = v => v === null || v === undefined ? "(unset)" : v === "***" ? "(secret)" : JSON.stringify(v);
    put(list, entries.length ? table([["At", e => e.at], ["By", e => e.by], ["From", e => e.from || ""],
      ["Action", e => e.action], ["Kind", e => e.kind || ""], ["Name", e => e.name || ""],
      ["Status", e => el("span", { class: "badge " + (e.status < 400 ? "ok" : "failed"), text: String(e.status) }), "num"],
      ["Release", e => e.release ? el("a", { href: "#/releases/" + e.release, text: String(e.release) }) : "", "num"],
      ["Changes", e => el("div", {}, ...(e.changes || []).flatMap(c => c.fields.length ? c.fields.map(f =>
        el("div", { class: "field-change" }, el("code", { text: c.name + "." + f.field }),
          " " + value(f.from) + " \u2192 " + value(f.to))) : [el("div", { text: c.op + " " + c.kind + " " + c.name })]))],
      ["cid", e => el("code", { text: e.cid })]],
      entries, e => ({ dataset: { cid: e.cid } })) : el("p", { class: "muted", text: "No writes yet." }));
  };

  // Calls that failed or were slow, as the nodes recorded them: each one drawn as a waterfall (the
  // service and each outgoing call on one time axis), with its request, log lines and answer; Replay
  // runs the request again on the service's current version and shows both answers side by side.
  Pages.calls = async function (main, [cid]) {
    const service = el("input", { id: "calls-service", placeholder: "every service", size: 30, "aria-label": "service" });
    const outcome = el("select", { id: "calls-outcome", "aria-label": "which calls" },
      el("option", { value: "", text: "failed and slow" }),
      el("option", { value: "failed", text: "failed" }), el("option", { value: "slow", text: "slow" }));
    const list = el("div", { class: "panel", id: "calls" });
    const detail = el("div", { class: "panel", id: "call-detail", hidden: true });
    main.append(el("h1", { text: "Calls" }),
      el("p", { class: "muted", text: "Channel calls that answered 5xx or took at least their threshold (1 s, or the"
        + " channel's recordSlowerThan), kept 24 h, secrets masked." }),
      el("form", { class: "controls", onsubmit: e => { e.preventDefault(); attempt(load); } },
        el("label", { text: "Service " }), service, el("label", { text: "Outcome " }), outcome,
        el("button", { type: "submit", text: "Show" })), list, detail);
    async function load() {
      const query = [service.value ? "service=" + enc(service.value) : "", outcome.value ? "outcome=" + outcome.value : ""]
        .filter(Boolean).join("&");
      const calls = await api("GET", "/admin/calls" + (query ? "?" + query : ""));
      put(list, calls.length ? table([["At", c => c.at], ["Service", c => c.service || ""], ["Channel", c => c.channel],
        ["Request", c => c.method + " " + c.path], ["Status", c => String(c.status), "num"],
        ["ms", c => c.durationMs.toFixed(1), "num"],
        ["Outcome", c => el("span", { class: "badge " + (c.outcome === "failed" ? "failed" : "slow"), text: c.outcome })],
        ["Node", c => c.node], ["cid", c => el("a", { href: "#/calls/" + c.cid, text: c.cid })]], calls,
        c => ({ dataset: { cid: c.cid } })) : el("p", { class: "muted", text: "No call recorded." }));
    }
    await load();
    if (cid) await show(cid);

    async function show(id) {
      const call = await api("GET", "/admin/calls/" + enc(id));
      const json = v => v === undefined || v === null ? "" : typeof v === "string" ? v : JSON.stringify(v, null, 2);
      const replayBox = el("div", { id: "call-replay" });
      put(detail, el("h2", { text: call.request.method + " " + call.request.path + " \u2192 " + call.response.status
          + " (" + call.outcome + ", " + call.durationMs.toFixed(1) + " ms)" }),
        el("p", { class: "muted", text: call.at + " on " + call.node + ", channel " + call.channel + ", cid " + call.cid }),
        waterfall(call),
        el("div", { class: "row" },
          el("div", { class: "panel" }, el("h3", { text: "Request" }),
            el("pre", { class: "call-request", text: json(call.request.headers) + "\n\n" + json(call.request.body ?? call.request.text) })),
          el("div", { class: "panel" }, el("h3", { text: "Response" }),
            el("pre", { class: "call-response", text: json(call.response.body ?? call.response.text) }))),
        el("h3", { text: "Outgoing calls" }),
        (call.outgoing || []).length ? table([["Kind", o => o.kind], ["Connection", o => o.connection],
          ["Operation", o => o.operation], ["Start ms", o => o.startMs.toFixed(1), "num"],
          ["ms", o => o.durationMs.toFixed(1), "num"], ["Status", o => o.status === undefined ? "" : String(o.status), "num"],
          ["Sent", o => el("code", { text: json(o.sent) })], ["Error", o => o.error || ""]], call.outgoing)
          : el("p", { class: "muted", text: "None." }),
        el("h3", { text: "Log lines" }),
        (call.logs || []).length ? table([["At", l => l.at], ["Level", l => l.level], ["Logger", l => l.logger],
          ["Message", l => l.message + (l.error ? " \u2014 " + l.error : "")]], call.logs, () => ({ class: "call-log" }))
          : el("p", { class: "muted", text: "None." }),
        el("p", {}, el("button", { class: "primary act-replay-call", text: "Replay", onclick: () => confirm("Replay runs "
          + (call.service ? call.service.name : "the channel's service") + " again with this request, now: what it"
          + " calls is called again (a payment is paid again). Go on?") && attempt(async () => {
          const r = await api("POST", "/admin/calls/" + enc(call.cid) + "/replay");
          put(replayBox, el("div", { class: "row" },
            el("div", { class: "panel" }, el("h3", { text: "Then: " + r.original.status }),
              el("pre", { text: json(r.original.body ?? r.original.text) })),
            el("div", { class: "panel" }, el("h3", { class: "replay-status", text: "Now: " + r.replay.status
                + " (" + r.replay.durationMs.toFixed(1) + " ms, cid " + r.cid + ")" }),
              el("pre", { class: "replay-body", text: json(r.replay.body) }))));
        }, "replayed on the current version") })), replayBox);
      detail.hidden = false;
    }

    // The call on one time axis: the whole call, the service, each outgoing call (red when it failed).
    function waterfall(call) {
      const ns = "http://www.w3.org/2000/svg";
      const rows = [{ label: "call " + call.channel, start: 0, ms: call.durationMs, failed: call.outcome === "failed" }];
      if (call.service) rows.push({ label: call.service.name, start: call.service.startMs, ms: call.service.durationMs,
        failed: !!call.service.error });
      (call.outgoing || []).forEach(o => rows.push({ label: o.kind + " " + o.connection + " " + o.operation, start: o.startMs,
        ms: o.durationMs, failed: !!o.error }));
      const width = 760, left = 260, row = 22, total = Math.max(call.durationMs, 0.001);
      const svg = document.createElementNS(ns, "svg");
      svg.setAttribute("class", "waterfall");
      svg.setAttribute("width", String(width));
      svg.setAttribute("height", String(rows.length * row + 24));
      svg.setAttribute("role", "img");
      svg.setAttribute("aria-label", rows.map(r => r.label + " from " + r.start.toFixed(1) + " ms for "
        + r.ms.toFixed(1) + " ms" + (r.failed ? ", failed" : "")).join("; "));
      const add = (tag, attrs, text) => {
        const node = document.createElementNS(ns, tag);
        Object.entries(attrs).forEach(([k, v]) => node.setAttribute(k, String(v)));
        if (text !== undefined) node.textContent = text;
        svg.append(node);
        return node;
      };
      rows.forEach((r, i) => {
        const x = left + (width - left - 10) * r.start / total;
        const w = Math.max(2, (width - left - 10) * r.ms / total);
        add("text", { x: 4, y: i * row + 15, class: "waterfall-label" }, r.label);
        const bar = add("rect", { x, y: i * row + 4, width: w, height: row - 8, class: "waterfall-bar" + (r.failed ? " failed" : "") });
        const title = document.createElementNS(ns, "title");
        title.textContent = r.label + ": " + r.ms.toFixed(1) + " ms from " + r.start.toFixed(1) + " ms";
        bar.append(title);
      });
      add("text", { x: left, y: rows.length * row + 18, class: "waterfall-label" }, "0 ms");
      add("text", { x: width - 70, y: rows.length * row + 18, class: "waterfall-label" }, total.toFixed(1) + " ms");
      return svg;
    }
  };

  // Durable invocations whose every attempt failed: replay or discard.
  /**
   * A job's last runs as a strip, oldest on the left: a bar a run, as tall as it took (against the
   * longest), green when it ended ok, red when it failed; the label says the same in words.
   */
  function runStrip(path, name) {
    const holder = el("span", { class: "run-strip", dataset: { job: name } });
    api("GET", path + "/" + enc(name) + "/history").then(rows => {
      const runs = rows.slice().reverse();
      if (!runs.length) {
        holder.textContent = "no runs yet";
        return;
      }
      const longest = Math.max(1, ...runs.map(r => r.durationMs || 0));
      const failed = runs.filter(r => r.outcome !== "ok").length;
      const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
      const width = runs.length * 6;
      svg.setAttribute("width", width);
      svg.setAttribute("height", 20);
      svg.setAttribute("role", "img");
      svg.setAttribute("aria-label", runs.length + " runs, " + (runs.length - failed) + " ok, " + failed
        + " failed; the longest took " + fmt(longest, 0) + " ms");
      runs.forEach((r, i) => {
        const h = Math.max(2, Math.round((r.durationMs || 0) / longest * 18));
        const bar = document.createElementNS("http://www.w3.org/2000/svg", "rect");
        bar.setAttribute("x", i * 6);
        bar.setAttribute("y", 20 - h);
        bar.setAttribute("width", 4);
        bar.setAttribute("height", h);
        bar.setAttribute("fill", r.outcome === "ok" ? "#1a7a43" : "#b3261e");
        bar.dataset.outcome = r.outcome;
        const title = document.createElementNS("http://www.w3.org/2000/svg", "title");
        title.textContent = r.startedAt + ": " + r.outcome + " in " + r.durationMs + " ms";
        bar.append(title);
        svg.append(bar);
      });
      holder.append(svg);
    }, () => { holder.textContent = ""; });
    return holder;
  }

  /** Dead letters per hour by when they failed, over the span the kept ones cover; the table below has each. */
  function deadLetterChart(letters) {
    if (!letters.length) return null;
    const hour = 3600 * 1000;
    const times = letters.map(d => new Date(d.failedAt).getTime()).filter(t => !isNaN(t));
    const first = Math.floor(Math.min(...times) / hour) * hour, last = Math.floor(Math.max(...times) / hour) * hour;
    const hours = [];
    for (let t = first; t <= last && hours.length < 24 * 31; t += hour) hours.push(t);
    const counts = hours.map(h => times.filter(t => t >= h && t < h + hour).length);
    const box = el("div", { class: "chart", id: "chart-dead-letters", role: "img", "aria-label": letters.length
      + " dead letters by the hour they failed, from " + new Date(first).toISOString() + "; the table below lists each" });
    if (typeof uPlot !== "undefined") {
      setTimeout(() => new uPlot({ width: Math.max(480, box.clientWidth || 900), height: 160,
        scales: { y: { range: (u, min, max) => [0, Math.max(1, max) * 1.05] } },
        series: [{}, { label: "dead letters", stroke: "#b3261e", fill: "#b3261e88",
          paths: barPaths(40) }] },
        [hours.map(h => h / 1000), counts], box), 0);
    }
    return el("div", {}, el("h2", { text: "Dead letters per hour they failed" }), box);
  }

  Pages.async = async function (main) {
    const box = el("div", { class: "panel", id: "dead-letters" });
    main.append(el("h1", { text: "Dead letters" }),
      el("p", { class: "muted", text: "Durable invokeAsync calls that failed every attempt. Replay runs one again from its"
        + " first attempt, on any node." }), box);
    const reload = async () => {
      const letters = await api("GET", "/admin/async/dead-letters");
      put(box, deadLetterChart(letters), letters.length ? table([["Service", d => d.service], ["Payload", d => el("code", { text: JSON.stringify(d.payload) })],
        ["Error", d => d.error], ["Attempts", d => String(d.attempts), "num"], ["cid", d => d.cid], ["Failed at", d => d.failedAt],
        ["", d => el("span", {},
          el("button", { class: "act-replay", text: "Replay", onclick: () => attempt(async () => {
            await api("POST", "/admin/async/dead-letters/" + enc(d.id) + "/replay");
            await reload();
          }, "replayed") }), " ",
          el("button", { class: "danger act-discard", text: "Discard", onclick: () => {
            if (confirm("Discard this invocation of " + d.service + "?")) {
              attempt(async () => { await api("DELETE", "/admin/async/dead-letters/" + enc(d.id)); await reload(); }, "discarded");
            }
          } }))]], letters, d => ({ dataset: { id: d.id } }))
        : el("p", { class: "muted", text: "No dead letters." }));
    };
    await reload();
  };

  Pages.kvdb = async function (main) {
    const input = el("input", { id: "kvdb-command", size: 70, placeholder: "LRANGE myapp:fraud-detection:cust-type 0 -1" });
    const output = el("pre", { id: "kvdb-output", hidden: true });
    const history = el("div", { id: "kvdb-history" });
    const loadHistory = async () => {
      const entries = await api("GET", "/admin/kvdb/commands");
      put(history, entries.length ? table([["When", h => h.at], ["Who", h => h.user], ["Node", h => h.node],
        ["Command", h => el("code", { text: h.command })]], entries) : el("p", { class: "muted", text: "No command yet." }));
    };
    main.append(el("h1", { text: "Key/value DB \u2192 Remote commands" }),
      el("div", { class: "panel" },
        el("form", { class: "controls needs-admin", id: "kvdb-form", onsubmit: async e => {
          e.preventDefault();
          try {
            const r = await api("POST", "/admin/kvdb/commands", { command: input.value });
            output.textContent = r.result;
          } catch (err) {
            output.textContent = "(refused) " + err.message;
          }
          output.hidden = false;
          await loadHistory();
        } }, input, el("button", { class: "primary", type: "submit", id: "kvdb-run", text: "Run" })),
        output,
        el("p", { class: "muted", text: "One command, quoted as in redis-cli. FLUSHALL, CONFIG SET, SHUTDOWN, KEYS and the like are refused." })),
      el("div", { class: "panel" }, el("h2", { text: "History (the last 100)" }), history));
    await loadHistory();
  };

  Pages.cluster = async function (main) {
    const nodes = await api("GET", "/admin/cluster/nodes");
    main.append(el("h1", { text: "Cluster" }), el("div", { class: "panel", id: "nodes" }, table([
      ["Node", n => n.name], ["Address", n => n.host + ":" + n.port], ["Alive", n => el("span", { class: "badge " + (n.alive ? "yes" : "no"), text: n.alive ? "alive" : "silent" })],
      ["Last heartbeat", n => n.heartbeatAt], ["Started", n => n.startedAt], ["Version", n => n.version],
      ["Config version", n => String(n.configVersion), "num"], ["PID", n => String(n.pid), "num"]], nodes)));
  };
})();
