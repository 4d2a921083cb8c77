/* scormbuild runtime: the launch page (index.html). Opens the one LMS session of a launch,
   keeps it while the pages load one after the other in its frame, shows what the LMS has
   accepted, and ends the session when the learner leaves — a moment later, so that a reload
   of this page continues the same session instead of finding it closed. ES5. */
(function (w) {
  "use strict";
  var sb = w.ScormBuild = w.ScormBuild || {};
  var RELOAD_GRACE_MS = 2500;  // how long a reload has to take the session over before it ends
  var MARK = "__scormbuildLeft";  // on the window that holds the API: the session left open

  function byId(id) { return w.document.getElementById(id); }

  /* ---------------------------------------------------------------- ending, and reloads */

  /* Runs in the window that holds the API (built there with its Function constructor), so the
     timer and the listener it sets belong to that window and outlive this page: Chromium binds
     a timer to the realm of the code that calls setTimeout. */
  /* When the LMS has put a new API object in place meanwhile (it launched the course again),
     the old session is not ended from here: its last save was committed at pagehide, and a
     late Terminate must not reach whatever the LMS started since. */
  var ARM = "var fire = function () { if (record.done) { return; } record.done = true; " +
            "clearTimeout(record.timer); removeEventListener('pagehide', fire, false); " +
            "try { if (self[apiName] === api) { api[name](''); } } catch (e) { /* nothing left to tell */ } }; " +
            "record.cancel = function () { record.done = true; clearTimeout(record.timer); " +
            "removeEventListener('pagehide', fire, false); }; " +
            "record.timer = setTimeout(fire, delay); addEventListener('pagehide', fire, false);";

  /* Leave the LMS session open for RELOAD_GRACE_MS, then terminate it (or at once when the
     window holding the API unloads first). If that window is this one, is itself unloading or
     cannot host the timer, terminate now. */
  function terminateLater(found, adapter, session) {
    return function (lms) {
      var host = found.win;
      // what a reloaded page needs to continue this session as it was (plain data and text:
      // this page's objects die with it)
      var records = !!session.recorder && !session.viewOnly && !session.blocked;
      // the time spent so far and the date it was taken: a page's clock (sb.ticks) starts at 0
      var record = {course: session.course.id, elapsed: session.elapsed(), leftOn: sb.now(), done: false,
                    // the page of the last save the LMS accepted (named if the reload comes too late)
                    pageTitle: (session.pageById(session.savedPage) || {}).title || "",
                    // the progress record as this page holds it: the LMS's may be older (a save
                    // refused just before the reload), and a submitted quiz must not come back
                    // untaken
                    state: records ? session.handoverData() : "",
                    alreadyDone: !!session.launch.alreadyDone,
                    mode: session.launch.mode || "normal", viewOnly: session.viewOnly || null,
                    // another window records the attempt now (Session.superseded): so does it after the reload
                    elsewhere: !!session.lms.elsewhere,
                    // ...after this window had finished the course and the LMS had accepted it all
                    doneBefore: !!session.lms.doneBefore,
                    page: session.currentPage || "",
                    jobs: session.recorder ? session.recorder.pendingJobs() : "[]",
                    filled: session.recorder ? session.recorder.filledIndexes() : "{}"};
      if (session.lms.elsewhere) {
        // another window records the attempt: this session is never terminated (an LMS stores
        // the API object's whole data model at Terminate, this window's older record with it);
        // the record is left for a reload, which stays superseded
        record.api = found.api;
        record.cancel = function () { record.done = true; };
        try { host[MARK] = record; } catch (e) { /* a host that went away */ }
        lms.open = false;
        return;
      }
      try {
        if (host === w || host[MARK + "Unloading"]) { throw new Error("the LMS window is closing"); }
        record.api = found.api;
        new host.Function("api", "apiName", "name", "record", "delay", ARM)(
          found.api, adapter.apiName, adapter.calls.terminate, record, RELOAD_GRACE_MS);
        host[MARK] = record;
        lms.open = false;  // the host's timer terminates it
        sb.note("info", "session left open for " + RELOAD_GRACE_MS + " ms in case this page reloads");
      } catch (e) {
        record.done = true;
        sb.note("info", "terminating now: " + (e && e.message || e));
        lms.terminate();
      }
    };
  }

  /* The session time of the page that reloaded: its own, plus the reload, which the date
     measures (a page's clock starts at 0) and the grace bounds (a clock set forward meanwhile
     is not time spent). A record of a runtime before 2026-12-03 holds the date it started. */
  function spentBefore(record) {
    var now = sb.now();
    if (typeof record.elapsed !== "number") {
      return typeof record.startedAt === "number" ? Math.max(0, now - record.startedAt) : 0;
    }
    var gap = Math.min(RELOAD_GRACE_MS, Math.max(0, now - Number(record.leftOn) || 0));
    return record.elapsed + gap;
  }

  /* A session this course left open a moment ago (the page reloaded): take it over. */
  function takeOver(found, course) {
    var record = null;
    try { record = found.win[MARK] || null; } catch (e) { record = null; }
    if (!record || record.done || record.course !== course.id || record.api !== found.api) {
      return {record: record, adopted: null};  // none, ended, another course, or a new launch
    }
    try { record.cancel(); } catch (e) { record.done = true; }
    sb.note("info", "continuing the LMS session this course opened before the page reloaded");
    return {record: record, adopted: {elapsed: spentBefore(record), alreadyDone: !!record.alreadyDone,
                                      jobs: String(record.jobs || "[]"), filled: String(record.filled || "{}"),
                                      mode: String(record.mode || "normal"),
                                      viewOnly: record.viewOnly ? String(record.viewOnly) : null,
                                      elsewhere: record.elsewhere === true,
                                      doneBefore: record.doneBefore === true,
                                      page: String(record.page || ""), state: String(record.state || "")}};
  }

  function watchHostUnload(found) {
    try {
      if (found.win !== w) {
        // a page kept in the back-forward cache (persisted) may come back with this session open
        found.win.addEventListener("pagehide", function (e) {
          if (!e || !e.persisted) { found.win[MARK + "Unloading"] = true; }
        }, false);
      }
    } catch (e) { /* cross-origin hosts are never found */ }
  }

  /* ---------------------------------------------------------------- status display */

  function setText(id, text) {
    var el = byId(id);
    if (el && el.textContent !== text) { el.textContent = text; }
  }

  function showAlert(text) {
    var el = byId("sb-alert");
    if (!el) { return; }
    if (text) {
      if (el.textContent !== text) { el.textContent = text; }
      el.removeAttribute("hidden");
    } else {
      el.textContent = "";
      el.setAttribute("hidden", "");
    }
  }

  /* The status line and alert of the session's tracking state (sb.trackingTexts). */
  function showTracking(session) {
    var told = sb.trackingTexts(session);
    setText("sb-status", session.finished() && told.finished ? told.finished : told.status);
    showAlert(told.alert ? told.alert(session) : "");
  }

  function updateShell(session) {
    var status = session.evaluate();
    var percent = sb.hundredths(status.progress);
    var bar = byId("sb-progress-bar");
    var meter = byId("sb-progress");
    if (bar) { bar.style.width = percent + "%"; }
    if (meter) {
      meter.setAttribute("aria-valuenow", String(percent));
      meter.setAttribute("aria-valuetext", percent + "% complete");
    }
    var links = w.document.querySelectorAll("#sb-toc a[data-page-id]");
    for (var i = 0; i < links.length; i++) {
      var id = links[i].getAttribute("data-page-id");
      var li = links[i].parentNode;
      li.className = li.className.replace(/\s*\bis-viewed\b/g, "") + (session.state.viewed[id] ? " is-viewed" : "");
      var mark = links[i].querySelector(".toc-mark");
      if (mark) { mark.textContent = session.state.viewed[id] ? " (viewed)" : ""; }
      if (id === session.currentPage) { links[i].setAttribute("aria-current", "page"); } else { links[i].removeAttribute("aria-current"); }
    }
    showTracking(session);
  }

  function wireToc() {
    var toggle = byId("sb-toc-toggle");
    var toc = byId("sb-toc");
    if (!toggle || !toc) { return; }
    toggle.onclick = function () {
      var open = toggle.getAttribute("aria-expanded") !== "true";
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
      toc.className = toc.className.replace(/\s*\bis-closed\b/g, "") + (open ? "" : " is-closed");
    };
  }

  /* Hidden: save. Leaving (pagehide) for good: the last save, then the session ends; a page
     kept in the back-forward cache (persisted) may come back, so it only saves. */
  function onLeave(session, terminate) {
    if (!w.addEventListener) { return; }
    w.document.addEventListener("visibilitychange", function () {
      if (w.document.visibilityState === "hidden") { session.collect(); session.save("hidden"); }
    }, false);
    w.addEventListener("pagehide", function (e) {
      if (e && e.persisted) { session.save("page cached"); } else { session.end(terminate); }
    }, false);
    var touch = function () { session.touch(); };
    var events = ["keydown", "pointerdown", "scroll", "touchstart"];
    for (var i = 0; i < events.length; i++) { w.document.addEventListener(events[i], touch, true); }
  }

  /* ---------------------------------------------------------------- start */

  function connect(course, adapter) {
    var found = adapter ? sb.findApi(w, adapter.apiName) : null;
    if (!found) { return {found: null, connection: null, adopted: null, refused: null}; }
    var connection = new sb.Connection(found.api, adapter);
    connection.setHost(found.win);  // a closed LMS window ends what this window can record
    var taken = takeOver(found, course);
    if (taken.adopted) {
      connection.adopt();
      return {found: found, connection: connection, adopted: taken.adopted, refused: null};
    }
    if (connection.initialize()) { return {found: found, connection: connection, adopted: null, refused: null}; }
    var failure = connection.lastFailure || {};
    return {found: found, connection: null, adopted: null,
            refused: {code: failure.code || "", page: taken.record ? taken.record.pageTitle : ""}};
  }

  /* Start the single LMS session of the launch page and show the first (or bookmarked) page. */
  sb.startShell = function () {
    var course = w.SCORMBUILD_COURSE;
    var adapter = sb.adapter;
    var link = connect(course, adapter);
    var session = new sb.Session(course, adapter, link.connection);
    sb.session = session;
    if (link.refused) {
      session.refused = true;
      session.refusedCode = link.refused.code;
      session.refusedAt = link.refused.page;
    }
    session.onChange = function () { updateShell(session); };
    if (link.connection) {
      link.connection.onError = function () { session.changed(); };
      watchHostUnload(link.found);
    }
    session.begin(link.adopted);
    wireToc();
    onLeave(session, link.found ? terminateLater(link.found, adapter, session) : null);
    updateShell(session);
    var frame = byId("sb-content");
    if (frame) { frame.src = session.resumePage().href; }
    return session;
  };

  if (w.document && w.document.getElementById("sb-content") && w.SCORMBUILD_COURSE) { sb.startShell(); }
}(window));
