/* The survey response page: keeps the answers on this device as they are typed (localStorage,
   by link), shows and hides conditional questions, and sends the answers itself so that a
   dropped connection keeps them and sends them again when it is back. No libraries. */
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  var PREFIX = "stratmon-survey:";
  var OFFLINE = "You are offline: your answers are kept and will be sent when the connection is back.";

  function store(key, value) {
    try {
      if (value === null) localStorage.removeItem(key);
      else localStorage.setItem(key, JSON.stringify(value));
    } catch (e) { /* private mode or full: the page still works, without keeping */ }
  }
  function load(key) {
    try { return JSON.parse(localStorage.getItem(key) || "null"); } catch (e) { return null; }
  }

  function fields(form) {
    var saved = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.name.indexOf("q-") !== 0) return;
      if ((el.type === "radio" || el.type === "checkbox") && !el.checked) return;
      if (!el.value) return;
      (saved[el.name] = saved[el.name] || []).push(el.value);
    });
    return saved;
  }

  function restore(form, saved) {
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || !(el.name in saved)) return;
      var values = saved[el.name];
      if (el.type === "radio" || el.type === "checkbox") el.checked = values.indexOf(el.value) >= 0;
      else el.value = values[0];
    });
  }

  function answered(form, name) {
    var values = [];
    Array.prototype.forEach.call(form.elements, function (el) {
      if (el.name !== name || el.disabled) return;
      if ((el.type === "radio" || el.type === "checkbox") && !el.checked) return;
      if (el.value) values.push(el.value);
    });
    return values;
  }

  // In page order: a question shows when the question it depends on is shown and answered
  // with one of the listed answers (the server skips it otherwise).
  function conditions(form) {
    form.querySelectorAll("[data-show-if]").forEach(function (box) {
      var wanted = JSON.parse(box.getAttribute("data-show-values"));
      var given = answered(form, box.getAttribute("data-show-if"));
      var show = given.some(function (v) { return wanted.indexOf(v) >= 0; });
      box.hidden = !show;
      box.querySelectorAll("input,select,textarea").forEach(function (el) { el.disabled = !show; });
    });
  }

  function start() {
    var done = document.querySelector("[data-survey-done]");
    if (done) { store(PREFIX + done.getAttribute("data-survey-done"), null); return; }
    var form = document.getElementById("survey-form");
    if (!form) return;
    var key = PREFIX + form.getAttribute("data-token");
    var clientKey = document.getElementById("client-key");
    var status = document.getElementById("status");
    var button = document.getElementById("send");
    var saved = load(key);
    if (saved && saved.client_key) clientKey.value = saved.client_key;
    // A form sent back with problems shows what was sent; else what this device kept.
    if (saved && saved.fields && !form.hasAttribute("data-sent-back")) restore(form, saved.fields);
    conditions(form);
    function keep() { store(key, { client_key: clientKey.value, fields: fields(form) }); }
    keep();
    form.addEventListener("input", function () { conditions(form); keep(); });
    form.addEventListener("change", function () { conditions(form); keep(); });

    var waiting = false;
    function show(html) {
      var doc = new DOMParser().parseFromString(html, "text/html");
      document.title = doc.title;
      document.body.replaceWith(document.adoptNode(doc.body));
      window.scrollTo(0, 0);
      start();
    }
    function later(message, seconds) {
      status.textContent = message;
      button.disabled = false;
      if (seconds) setTimeout(send, seconds * 1000);
      else if (!waiting) { waiting = true; window.addEventListener("online", retry); }
    }
    function retry() { window.removeEventListener("online", retry); waiting = false; send(); }
    function send() {
      keep();
      if (navigator.onLine === false) { later(OFFLINE); return; }
      button.disabled = true;
      status.textContent = "Sending…";
      fetch(form.action || window.location.href, { method: "POST", body: new FormData(form), credentials: "omit" })
        .then(function (r) {
          if (r.status === 429) {
            var wait = parseInt(r.headers.get("Retry-After"), 10) || 30;
            later("Many answers are arriving at once: yours are kept and will be sent in " + wait + " seconds.", wait);
            return null;
          }
          if (r.status >= 500) { later("The server could not take the answers just now: they are kept and will be sent again in 30 seconds.", 30); return null; }
          return r.text().then(show);
        })
        // No answer at all: offline, or a network that only seems up (then try every 30 s).
        .catch(function () { later(OFFLINE, navigator.onLine === false ? 0 : 30); });
    }
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      send();
    });
  }
  start();
})();
