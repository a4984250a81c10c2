// The dashboard's shell: login, navigation, and which page shows for which address.
"use strict";

const Pages = window.Pages = window.Pages || {};

Pages.login = function (main) {
  document.getElementById("nav").hidden = true;
  document.getElementById("logout").hidden = true;
  document.getElementById("who").textContent = "";
  const error = el("p", { class: "muted", id: "login-error" });
  const user = el("input", { name: "username", autocomplete: "username", placeholder: "admin", value: "admin" });
  const pass = el("input", { name: "password", type: "password", autocomplete: "current-password" });
  const sso = el("p", { id: "sso", hidden: true },
    el("a", { class: "button primary", id: "sso-login", href: "/api/sso/login", text: "Log in with single sign-on" }));
  main.append(el("div", { class: "panel login" },
    el("h1", { text: "Log in to Conduit" }),
    el("form", {
      id: "login-form",
      onsubmit: async e => {
        e.preventDefault();
        try {
          const session = await api("POST", "/login", { username: user.value, password: pass.value });
          Conduit.csrf = session.csrf;
          location.hash = "#/stats";
        } catch (err) {
          error.textContent = err.message;
        }
      }
    },
      el("label", {}, "User ", user),
      el("label", {}, "Password ", pass),
      el("button", { class: "primary", type: "submit", id: "login-submit", text: "Log in" }),
      error),
    el("p", { class: "muted", text: "Log in as the cluster's admin (its password is in the cluster's admin.credentials)"
      + " or as a user an admin made; each sees and may do what their roles allow." }),
    sso));
  // a failed single sign-on comes back here with why, in ?sso_error=
  const ssoError = new URLSearchParams(location.search).get("sso_error");
  if (ssoError) {
    error.textContent = ssoError;
    history.replaceState(null, "", location.pathname + location.hash);
  }
  api("GET", "/sso").then(s => {
    if (s && s.enabled) {
      sso.hidden = false;
    }
  }, () => { /* single sign-on is off */ });
  pass.focus();
};

// What the user may do, on <body>: the style sheet hides the controls of what they may not (the
// nodes and the dashboard refuse those anyway): data-may for anything, data-everywhere beyond a scope.
function allow(session) {
  document.body.dataset.may = (session.may || []).join(" ");
  document.body.dataset.everywhere = (session.mayEverywhere || []).join(" ");
}

async function ensureSession() {
  if (Conduit.csrf) return true;
  try {
    const session = await api("GET", "/session");
    Conduit.csrf = session.csrf;
    Conduit.user = session.user;
    Conduit.settings = session.settings || {};
    allow(session);
    return true;
  } catch (e) {
    return false;
  }
}

// Live: the page shown is fetched and drawn again every chosen interval (kept in this browser), not
// while the tab is hidden, nor while the user is typing or choosing in it; the header says when it
// was last drawn.
const Live = {
  timer: null,
  seconds() { return Number(localStorage.getItem("conduit.refresh") || "0"); },
  schedule() {
    clearTimeout(Live.timer);
    const seconds = Live.seconds();
    if (seconds > 0) Live.timer = setTimeout(Live.tick, seconds * 1000);
  },
  async tick() {
    const main = document.getElementById("main");
    const busy = main.contains(document.activeElement) && document.activeElement.matches("input, select, textarea");
    if (document.visibilityState === "visible" && !busy && !location.hash.startsWith("#/login")) {
      const y = window.scrollY;
      await route();
      window.scrollTo(0, y);
    } else {
      Live.schedule();
    }
  }
};

document.getElementById("refresh").value = String(Live.seconds());
document.getElementById("refresh").addEventListener("change", e => {
  localStorage.setItem("conduit.refresh", e.target.value);
  Live.schedule();
});
document.addEventListener("visibilitychange", () => {
  if (document.visibilityState === "visible" && Live.seconds() > 0) Live.tick();
});

async function route() {
  clearTimeout(Live.timer);
  const main = document.getElementById("main");
  const hash = location.hash.replace(/^#\/?/, "") || "stats";
  const [view, ...rest] = hash.split("/");
  put(main);
  if (view === "login") {
    document.getElementById("live").hidden = true;
    Pages.login(main);
    return;
  }
  if (!(await ensureSession())) {
    location.hash = "#/login";
    return;
  }
  if (!Conduit.settings.alerts) {
    const session = await api("GET", "/session");
    Conduit.settings = session.settings || {};
    Conduit.user = session.user;
    allow(session);
  }
  document.getElementById("nav").hidden = false;
  document.getElementById("logout").hidden = false;
  document.getElementById("live").hidden = false;
  document.getElementById("who").textContent = Conduit.user || "";
  document.querySelectorAll("#nav a").forEach(a => {
    a.classList.toggle("active", a.dataset.view === view);
    if (a.dataset.view === view) a.setAttribute("aria-current", "page"); else a.removeAttribute("aria-current");
  });
  const page = Pages[view];
  if (!page) {
    main.append(el("p", { text: "No such page: " + view }));
    return;
  }
  // busy while the page fetches what it shows: screen readers wait, and so do the browser tests
  main.setAttribute("aria-busy", "true");
  try {
    await page(main, rest.map(decodeURIComponent));
  } catch (e) {
    say(e.message, true);
  } finally {
    main.removeAttribute("aria-busy");
    document.getElementById("updated").textContent = "updated " + new Date().toLocaleTimeString();
    Live.schedule();
  }
}

document.getElementById("logout").addEventListener("click", async () => {
  await attempt(() => api("POST", "/logout"));
  Conduit.csrf = null;
  Conduit.settings = {};
  location.hash = "#/login";
});
window.addEventListener("hashchange", route);
route();
