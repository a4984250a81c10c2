// Statistics: the top-N slowest and most used services, and one service's page.
"use strict";

(function () {
  const Pages = window.Pages = window.Pages || {};
  const PERIODS = ["last-hour", "today", "yesterday", "this-week", "this-month", "this-year", "custom"];
  const view = { period: "last-hour", shift: 0, n: 10, compare: "", percentiles: false, start: "", stop: "" };

  function query(extra) {
    const q = new URLSearchParams();
    if (view.period === "custom" && view.start && view.stop) {
      q.set("start", new Date(view.start).toISOString());
      q.set("stop", new Date(view.stop).toISOString());
    } else {
      q.set("period", view.period === "custom" ? "last-hour" : view.period);
    }
    if (view.shift) q.set("shift", view.shift);
    for (const [k, v] of Object.entries(extra || {})) if (v !== "" && v !== undefined && v !== null) q.set(k, v);
    return q.toString();
  }

  function when(report) {
    const opts = { year: "numeric", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit",
      timeZone: Conduit.settings.timeZone || "UTC" };
    return new Date(report.start).toLocaleString("en-GB", opts) + " \u2013 "
      + new Date(report.stop).toLocaleString("en-GB", opts) + " (" + (Conduit.settings.timeZone || "UTC") + ")";
  }

  function alertIcon(row) {
    const alerts = Conduit.settings.alerts || {};
    const reasons = [];
    if (alerts.meanMs !== undefined && row.mean > alerts.meanMs) reasons.push("M over " + alerts.meanMs + " ms");
    if (alerts.usageSharePct !== undefined && row.usageShare > alerts.usageSharePct) {
      reasons.push("U% over " + alerts.usageSharePct + "%");
    }
    return reasons.length ? el("span", { class: "alert", title: reasons.join(", "), text: " \u26a0" }) : null;
  }

  function serviceLink(name) {
    return el("a", { class: "service", href: "#/service/" + enc(name), text: name });
  }

  function delta(now, before) {
    if (before === undefined || before === null || before === 0) return el("span", { class: "muted", text: "new" });
    const change = (now - before) / before * 100;
    return el("span", { class: "delta " + (change > 0 ? "up" : "down"), text: (change > 0 ? "+" : "") + fmt(change, 1) + "%" });
  }

  function slowestTable(report, comparison) {
    const before = {};
    (comparison ? comparison.rows : []).forEach(r => { before[r.service] = r; });
    const cols = [
      ["#", (r, i) => String(i + 1), "num"],
      ["Name", r => [serviceLink(r.service), alertIcon(r)]],
      ["M (ms)", r => fmt(r.mean, 2), "num"],
      ["AM (ms)", () => fmt(report.averageMean, 2), "num"],
      ["U%", r => fmt(r.usageShare, 2), "num"],
      ["T%", r => fmt(r.timeShare, 2), "num"],
      ["TU", () => fmt(report.allServicesUsage, 0), "num"],
      ["Trend", r => sparkline(r.meanTrend)]];
    if (view.percentiles) {
      cols.splice(3, 0, ["p50", r => fmt(r.p50, 1), "num"], ["p95", r => fmt(r.p95, 1), "num"],
        ["p99", r => fmt(r.p99, 1), "num"]);
    }
    if (comparison) cols.push(["vs", r => delta(r.mean, before[r.service] && before[r.service].mean)]);
    return table(cols, report.rows, r => ({ dataset: { service: r.service } }));
  }

  function usedTable(report, comparison) {
    const before = {};
    (comparison ? comparison.rows : []).forEach(r => { before[r.service] = r; });
    const cols = [
      ["#", (r, i) => String(i + 1), "num"],
      ["Name", r => [serviceLink(r.service), alertIcon(r)]],
      ["U", r => fmt(r.usage, 0), "num"],
      ["Rq/s", r => fmt(r.rate, 3), "num"],
      ["U%", r => fmt(r.usageShare, 2), "num"],
      ["T%", r => fmt(r.timeShare, 2), "num"],
      ["TU", () => fmt(report.allServicesUsage, 0), "num"],
      ["Trend", r => sparkline(r.usageTrend)]];
    if (comparison) cols.push(["vs", r => delta(r.usage, before[r.service] && before[r.service].usage)]);
    return table(cols, report.rows, r => ({ dataset: { service: r.service } }));
  }

  /** Hovering a service lights it up in every table. */
  function linkHover(container) {
    container.addEventListener("mouseover", e => {
      const row = e.target.closest("tr[data-service]");
      container.querySelectorAll("tr.hl").forEach(r => r.classList.remove("hl"));
      if (!row) return;
      container.querySelectorAll("tr[data-service]").forEach(r => {
        if (r.dataset.service === row.dataset.service) r.classList.add("hl");
      });
    });
    container.addEventListener("mouseleave", () => container.querySelectorAll("tr.hl").forEach(r => r.classList.remove("hl")));
  }

  function controls(onChange, withN) {
    const period = el("select", { id: "period", onchange: e => { view.period = e.target.value; view.shift = 0; onChange(); } },
      PERIODS.map(p => el("option", { value: p, text: p.replace("-", " ") })));
    period.value = view.period;
    const start = el("input", { type: "datetime-local", id: "custom-start", value: view.start,
      onchange: e => { view.start = e.target.value; onChange(); } });
    const stop = el("input", { type: "datetime-local", id: "custom-stop", value: view.stop,
      onchange: e => { view.stop = e.target.value; onChange(); } });
    const custom = el("span", { hidden: view.period !== "custom" }, start, " to ", stop);
    const n = el("select", { id: "top-n", onchange: e => { view.n = Number(e.target.value); onChange(); } },
      [5, 10, 20, 50].map(v => el("option", { value: v, text: v })));
    n.value = String(view.n);
    const compare = el("select", { id: "compare", onchange: e => { view.compare = e.target.value; onChange(); } },
      el("option", { value: "", text: "nothing" }), el("option", { value: "previous", text: "the previous period" }),
      el("option", { value: "day", text: "a day earlier" }), el("option", { value: "week", text: "a week earlier" }));
    compare.value = view.compare;
    const pct = el("input", { type: "checkbox", id: "percentiles", checked: view.percentiles,
      onchange: e => { view.percentiles = e.target.checked; onChange(); } });
    return el("div", { class: "controls" },
      el("button", { id: "back", title: "one period back", text: "\u25c0", onclick: () => { view.shift--; onChange(); } }),
      el("label", {}, "Period ", period), custom,
      el("button", { id: "forward", title: "one period forward", text: "\u25b6", onclick: () => { view.shift++; onChange(); } }),
      withN ? el("label", {}, "Top ", n) : null,
      el("label", {}, "Compare with ", compare),
      el("label", {}, pct, " percentiles"));
  }

  Pages.stats = async function (main) {
    const body = el("div", { id: "stats" });
    const reload = async () => {
      const ctl = controls(reload, true);
      const [slowest, used, series, spread, slowCalls] = await Promise.all([
        api("GET", "/stats/top?" + query({ by: "mean", n: view.n, compare: view.compare, percentiles: view.percentiles })),
        api("GET", "/stats/top?" + query({ by: "usage", n: view.n, compare: view.compare, percentiles: false })),
        api("GET", "/stats/series?" + query({ n: 5, compare: view.compare })),
        api("GET", "/stats/spread?" + query()),
        api("GET", "/admin/calls?outcome=slow").catch(() => [])]);
      const csv = el("a", { id: "csv", href: "/api/stats/top?" + query({ by: "mean", n: 1000, format: "csv" }),
        download: "conduit-stats.csv", text: "Download CSV" });
      const tables = el("div", { class: "row", id: "stats-tables" },
        el("div", { class: "panel", id: "slowest" }, el("h2", { text: "Slowest services" }), slowestTable(slowest, slowest.comparison)),
        el("div", { class: "panel", id: "most-used" }, el("h2", { text: "Most used services" }), usedTable(used, used.comparison)));
      const compared = slowest.comparison ? el("div", { class: "row", id: "comparison" },
        el("div", { class: "panel" }, el("h2", { text: "Compared with: " + when(slowest.comparison) }),
          slowestTable(slowest.comparison)),
        el("div", { class: "panel" }, el("h2", { text: "Compared with: " + when(used.comparison) }),
          usedTable(used.comparison))) : null;
      linkHover(tables);
      if (compared) linkHover(compared);
      const charts = el("div", { id: "stats-charts" });
      put(body,
        el("h1", { text: "Statistics" }), ctl,
        el("p", { class: "muted", id: "period-label" }, when(slowest), " \u00b7 ", fmt(slowest.allServicesUsage, 0),
          " calls to ", String(slowest.services), " services \u00b7 ", csv),
        slowest.rows.length === 0 ? el("p", { class: "muted", id: "no-calls", text: "No service was called in this period." }) : null,
        charts, tables, compared);
      drawStatistics(charts, series, spread, slowCalls.filter(c => {
        const t = new Date(c.at).getTime();
        return t >= new Date(series.start).getTime() && t < new Date(series.stop).getTime();
      }));
      // for bench/render: when the page is drawn and painted
      requestAnimationFrame(() => requestAnimationFrame(() => performance.mark("conduit-stats-drawn")));
    };
    main.append(body);
    await reload();
  };

  Pages.service = async function (main, args) {
    const name = args[0];
    const body = el("div", { id: "service-page" });
    const reload = async () => {
      const q = query();
      const [report, pct, slow, series, spread] = await Promise.all([
        api("GET", "/stats/services/" + enc(name) + "?" + q),
        api("GET", "/stats/services/" + enc(name) + "/percentiles?" + q),
        api("GET", "/stats/services/" + enc(name) + "/slow"),
        api("GET", "/stats/series?" + query({ service: name, n: 1 })),
        api("GET", "/stats/spread?" + query({ service: name }))]);
      const row = report.rows[0];
      const charts = el("div", { id: "charts" });
      put(body, 
        el("h1", {}, "Service ", el("span", { id: "service-name", text: name })),
        controls(reload, false),
        el("p", { class: "muted" }, when(report)),
        row ? table([["M (ms)", r => fmt(r.mean, 2), "num"], ["U", r => fmt(r.usage, 0), "num"],
          ["U%", r => fmt(r.usageShare, 2), "num"], ["T%", r => fmt(r.timeShare, 2), "num"],
          ["Rq/s", r => fmt(r.rate, 3), "num"], ["min", r => fmt(r.min, 2), "num"], ["max", r => fmt(r.max, 2), "num"],
          ["p50", r => fmt(r.p50, 2), "num"], ["p95", r => fmt(r.p95, 2), "num"], ["p99", r => fmt(r.p99, 2), "num"],
          ["failures", r => fmt(r.failures, 0), "num"]], [row])
          : el("p", { class: "muted", text: "No calls in this period." }),
        charts,
        el("h2", { text: "Slow calls (the last 100)" }),
        slow.length ? table([["When", c => new Date(c.at).toISOString()], ["cid", c => c.cid],
          ["ms", c => fmt(c.millis, 1), "num"], ["Node", c => c.node]], slow)
          : el("p", { class: "muted", text: "None." }));
      if (row) drawCharts(charts, report, row, pct, series.failures, spread);
    };
    main.append(body);
    await reload();
  };

  const COLOURS = ["#2457c5", "#1a7a43", "#955c00", "#b3261e", "#6b3fa0", "#646a78"];

  /** Bars count from 0. */
  const FROM_ZERO = { x: { time: false, range: (u, min, max) => [min - 0.5, max + 0.5] },
    y: { range: (u, min, max) => [0, Math.max(1, max) * 1.05] } };

  /** A time axis in the dashboard's zone: hours and minutes within a day, dates beyond. */
  function timeAxis(spanSeconds) {
    const zone = Conduit.settings.timeZone || "UTC";
    const opts = spanSeconds <= 86400 ? { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: zone }
      : { month: "short", day: "numeric", timeZone: zone };
    return { values: (u, ticks) => ticks.map(t => new Date(t * 1000).toLocaleString("en-GB", opts)) };
  }

  /** A chart's box: an image to screen readers, its numbers in the table Show the numbers opens. */
  function chartBox(id, title, label) {
    return el("div", { class: "panel chart-panel" }, el("h2", { text: title }),
      el("div", { class: "chart", id: id, role: "img", "aria-label": label + "; Show the numbers has them" }));
  }

  /** @return the slices' calls grouped by hour of the day (slices of an hour or less), or per slice */
  function hourly(series) {
    const short = series.seconds.every(sec => sec <= 3600);
    if (!short) {
      return { title: "Calls per day", labels: series.slices.map(t => t.substring(0, 10)), calls: series.calls.slice() };
    }
    const zone = Conduit.settings.timeZone || "UTC";
    const hours = new Array(24).fill(0);
    series.slices.forEach((t, i) => {
      const hour = Number(new Date(t).toLocaleString("en-GB", { hour: "2-digit", hourCycle: "h23", timeZone: zone }));
      hours[hour] += series.calls[i];
    });
    return { title: "Calls per hour of the day", labels: hours.map((_, h) => String(h).padStart(2, "0") + ":00"),
      calls: hours };
  }

  /**
   * The Statistics page's pictures: calls and failures per second over the period (the compared period
   * drawn over it), the most used services stacked, calls per hour, how long calls took, and the slow
   * calls one by one (each opens its recording). Every chart's numbers are in a table too.
   */
  function drawStatistics(container, series, spread, slowCalls) {
    const xs = series.slices.map(t => new Date(t).getTime() / 1000);
    const perSecond = list => list.map((v, i) => v / series.seconds[i]);
    const compared = series.comparison;
    const hours = hourly(series);
    const names = Object.keys(series.top);
    const numbers = el("div", { id: "chart-numbers", hidden: true },
      el("h2", { text: "Calls and failures per slice" }),
      table([["From", i => series.slices[i]], ["Calls", i => fmt(series.calls[i], 0), "num"],
        ["Calls/s", i => fmt(series.calls[i] / series.seconds[i], 3), "num"],
        ["Failures", i => fmt(series.failures[i], 0), "num"]]
        .concat(compared ? [["Compared calls", i => compared.calls[i] === undefined ? "" : fmt(compared.calls[i], 0), "num"]] : [])
        .concat(names.map(n => [n, i => fmt(series.top[n][i], 0), "num"]))
        .concat([["Others", i => fmt(series.others[i], 0), "num"]]),
        xs.map((_, i) => i), i => ({ dataset: { slice: String(i) } })),
      el("h2", { text: hours.title }),
      table([["When", i => hours.labels[i]], ["Calls", i => fmt(hours.calls[i], 0), "num"]], hours.labels.map((_, i) => i)),
      el("h2", { text: "How long calls took" }),
      table([["From (ms)", b => fmt(b.fromMs, 1), "num"], ["To (ms)", b => fmt(b.toMs, 1), "num"],
        ["Calls", b => fmt(b.calls, 0), "num"]], spread.buckets, b => ({ dataset: { bucket: String(b.toMs) } })),
      el("h2", { text: "Slow calls" }),
      slowCalls.length ? table([["At", c => c.at], ["Service", c => c.service || ""], ["ms", c => fmt(c.durationMs, 1), "num"],
        ["cid", c => el("a", { href: "#/calls/" + c.cid, text: c.cid })]], slowCalls)
        : el("p", { class: "muted", text: "No slow call recorded in this period." }));
    const total = series.calls.reduce((a, b) => a + b, 0);
    container.append(el("div", { class: "row" },
      chartBox("chart-traffic", "Calls and failures per second", "calls and failures per second over " + xs.length
        + " slices, " + fmt(total, 0) + " calls in all" + (compared ? ", with the compared period drawn over it" : "")),
      chartBox("chart-top", "Most used services", "calls of the " + names.length + " most used services and the rest,"
        + " stacked, per slice")),
      el("div", { class: "row" },
        chartBox("chart-hours", hours.title, hours.title.toLowerCase() + " in the period"),
        chartBox("chart-spread", "How long calls took", "calls by duration, in buckets that double from 0.1 ms; "
          + fmt(spread.calls, 0) + " calls"),
        chartBox("chart-slow", "Slow calls", slowCalls.length + " slow calls, time against duration; each opens its"
          + " recording")),
      numbersToggle(numbers, "chart-numbers-toggle"), numbers);
    if (typeof uPlot === "undefined") return;
    const width = el => Math.max(320, el.clientWidth || 440);
    const traffic = container.querySelector("#chart-traffic");
    const trafficSeries = [{}, { label: "calls/s", stroke: COLOURS[0], width: 2 },
      { label: "failures/s", stroke: COLOURS[3], width: 2 }];
    const trafficData = [xs, perSecond(series.calls), perSecond(series.failures)];
    if (compared) {
      trafficSeries.push({ label: "compared calls/s", stroke: COLOURS[5], dash: [6, 4] });
      trafficData.push(xs.map((_, i) => compared.calls[i] === undefined ? null : compared.calls[i] / compared.seconds[i]));
    }
    const span = (new Date(series.stop) - new Date(series.start)) / 1000;
    new uPlot({ width: width(traffic), height: 200, axes: [timeAxis(span), {}], series: trafficSeries }, trafficData,
      traffic);
    // stacked: each band is the sum of its service and those drawn after it, painted largest first
    const layers = names.map(n => series.top[n]).concat([series.others]);
    const labels = names.concat(["others"]);
    const stacks = layers.map((_, k) => xs.map((_, i) => layers.slice(k).reduce((sum, l) => sum + l[i], 0)));
    const top = container.querySelector("#chart-top");
    new uPlot({ width: width(top), height: 200, axes: [timeAxis(span), {}], series: [{}].concat(labels.map((n, k) => ({ label: n,
      stroke: COLOURS[k % COLOURS.length], fill: COLOURS[k % COLOURS.length] + "55",
      value: (u, v, si, i) => i === null || i === undefined ? "" : fmt(layers[k][i], 0) }))) },
      [xs].concat(stacks), top);
    const bars = barPaths(60);
    const hoursBox = container.querySelector("#chart-hours");
    new uPlot({ width: width(hoursBox), height: 180, scales: FROM_ZERO,
      axes: [{ values: (u, ticks) => ticks.map(t => hours.labels[t] || "") }, {}],
      series: [{ value: (u, v) => hours.labels[v] || "" }, { label: "calls", stroke: COLOURS[0], fill: COLOURS[0] + "88", paths: bars }] },
      [hours.labels.map((_, i) => i), hours.calls], hoursBox);
    const spreadBox = container.querySelector("#chart-spread");
    const spreadLabels = spread.buckets.map(b => "\u2264" + fmt(b.toMs, b.toMs < 1 ? 1 : 0) + " ms");
    new uPlot({ width: width(spreadBox), height: 180, scales: FROM_ZERO,
      axes: [{ values: (u, ticks) => ticks.map(t => spreadLabels[t] || "") }, {}],
      series: [{ value: (u, v) => spreadLabels[v] || "" }, { label: "calls", stroke: COLOURS[1], fill: COLOURS[1] + "88", paths: bars }] },
      [spread.buckets.map((_, i) => i), spread.buckets.map(b => b.calls)], spreadBox);
    const slowBox = container.querySelector("#chart-slow");
    if (!slowCalls.length) {
      slowBox.replaceWith(el("p", { class: "muted", id: "chart-slow", text: "No slow call recorded in this period." }));
      return;
    }
    const points = slowCalls.slice().sort((a, b) => new Date(a.at) - new Date(b.at));
    const slowPlot = new uPlot({ width: width(slowBox), height: 180, axes: [timeAxis(span), {}],
      series: [{}, { label: "ms", stroke: COLOURS[3], paths: () => null, points: { show: true, size: 7, fill: COLOURS[3] } }] },
      [points.map(c => new Date(c.at).getTime() / 1000), points.map(c => c.durationMs)], slowBox);
    slowPlot.over.addEventListener("click", () => {
      const i = slowPlot.cursor.idx;
      if (i !== null && i !== undefined && points[i]) location.hash = "#/calls/" + points[i].cid;
    });
  }

  function drawCharts(container, report, row, pct, failures, spread) {
    const n = row.meanTrend.length;
    const start = new Date(report.start).getTime() / 1000, stop = new Date(report.stop).getTime() / 1000;
    const xs = Array.from({ length: n }, (_, i) => start + i * (stop - start) / n);
    const width = Math.max(480, container.clientWidth || 900);
    if (typeof uPlot === "undefined") {
      container.append(el("p", {}, "M ", sparkline(row.meanTrend, 400, 60), " U ", sparkline(row.usageTrend, 400, 60)));
      return;
    }
    const times = el("div", { class: "chart", id: "chart-times", role: "img",
      "aria-label": "response times (M, p50, p95, p99) over " + n + " slices: Show the numbers below has them" });
    const usage = el("div", { class: "chart", id: "chart-usage", role: "img",
      "aria-label": "calls and failures over " + n + " slices: Show the numbers below has them" });
    const spreadChart = el("div", { class: "chart", id: "chart-spread", role: "img",
      "aria-label": "calls by duration, in buckets that double from 0.1 ms: Show the numbers below has them" });
    // the charts' text alternative: the same numbers as a table, one row a slice
    const numbers = table([["From", i => new Date(xs[i] * 1000).toISOString()],
      ["M (ms)", i => fmt(row.meanTrend[i], 2), "num"], ["p50", i => fmt(pct.p50[i], 2), "num"],
      ["p95", i => fmt(pct.p95[i], 2), "num"], ["p99", i => fmt(pct.p99[i], 2), "num"],
      ["U", i => fmt(row.usageTrend[i], 0), "num"], ["Failures", i => fmt(failures[i], 0), "num"]],
      xs.map((_, i) => i), i => ({ dataset: { slice: String(i) } }));
    const spreadNumbers = table([["From (ms)", b => fmt(b.fromMs, 1), "num"], ["To (ms)", b => fmt(b.toMs, 1), "num"],
      ["Calls", b => fmt(b.calls, 0), "num"]], spread.buckets, b => ({ dataset: { bucket: String(b.toMs) } }));
    const numbersBox = el("div", { id: "chart-numbers", hidden: true }, numbers, el("h2", { text: "How long calls took" }),
      spreadNumbers);
    const toggle = numbersToggle(numbersBox, "chart-numbers-toggle");
    container.append(el("h2", { text: "Response times (ms)" }), times, el("h2", { text: "Calls and failures" }), usage,
      el("h2", { text: "How long calls took" }), spreadChart, toggle, numbersBox);
    new uPlot({ width, height: 220, series: [{}, { label: "M", stroke: "#2457c5", spanGaps: false },
      { label: "p50", stroke: "#1f8a4c" }, { label: "p95", stroke: "#c77c02" }, { label: "p99", stroke: "#c23b32" }] },
      [xs, row.meanTrend, pct.p50, pct.p95, pct.p99], times);
    new uPlot({ width, height: 160, series: [{}, { label: "U", stroke: "#18213a", fill: "rgba(36,87,197,0.15)" },
      { label: "failures", stroke: "#b3261e", width: 2 }] }, [xs, row.usageTrend, failures], usage);
    const labels = spread.buckets.map(b => "\u2264" + fmt(b.toMs, b.toMs < 1 ? 1 : 0) + " ms");
    new uPlot({ width, height: 160, scales: FROM_ZERO,
      axes: [{ values: (u, ticks) => ticks.map(t => labels[t] || "") }, {}],
      series: [{ value: (u, v) => labels[v] || "" }, { label: "calls", stroke: "#1a7a43", fill: "#1a7a4388",
        paths: barPaths(60) }] },
      [spread.buckets.map((_, i) => i), spread.buckets.map(b => b.calls)], spreadChart);
  }
})();
