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
    el("p", { class: "muted", text: "The admin user's password is in the cluster's admin.credentials." })));
  pass.focus();
};

async function ensureSession() {
  if (Conduit.csrf) return true;
  try {
    const session = await api("GET", "/session");
    Conduit.csrf = session.csrf;
    Conduit.user = session.user;
    Conduit.settings = session.settings || {};
    return true;
  } catch (e) {
    return false;
  }
}

async function route() {
  const main = document.getElementById("main");
  const hash = location.hash.replace(/^#\/?/, "") || "stats";
  const [view, ...rest] = hash.split("/");
  put(main);
  if (view === "login") {
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
  }
  document.getElementById("nav").hidden = false;
  document.getElementById("logout").hidden = false;
  document.getElementById("who").textContent = Conduit.user || "";
  document.querySelectorAll("#nav a").forEach(a => a.classList.toggle("active", a.dataset.view === view));
  const page = Pages[view];
  if (!page) {
    main.append(el("p", { text: "No such page: " + view }));
    return;
  }
  try {
    await page(main, rest.map(decodeURIComponent));
  } catch (e) {
    say(e.message, true);
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
