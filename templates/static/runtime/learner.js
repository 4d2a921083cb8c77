/* scormbuild runtime: what helps a learner find their way, on top of the session. ES5.
   Loaded with `defer` by every page (head.html), so it runs after the runtime has started.
   - Launch page: "Lesson x of y" and the percentage beside the progress bar; on a phone the
     contents panel starts closed and closes again once a page is chosen in it.
   - Lesson pages: the lesson counts as viewed when the learner reaches its end or has spent
     the course's lessonViewedSeconds on it (Session.pageViewed), not when it opens.
   - Quiz pages: after submission, the learner's own answer beside the correct one.
   - Start page: what is really being saved; results page: dates as the course language writes
     them (the course data's dateStyle, from scormbuild/dates.py). */
(function (w) {
  "use strict";
  var sb = w.ScormBuild = w.ScormBuild || {};
  var doc = w.document;
  var PHONE = "(max-width: 47.99em)";  // style.css's breakpoint (48rem)

  function byId(id) { return doc.getElementById(id); }
  function isPhone() { return !!(w.matchMedia && w.matchMedia(PHONE).matches); }
  function course() { return w.SCORMBUILD_COURSE || {pages: [], completion: {}}; }
  function each(list, fn) { for (var i = 0; i < list.length; i++) { fn(list[i], i); } }
  function setText(el, text) { if (el && el.textContent !== text) { el.textContent = text; } }

  /* ---------------------------------------------------------------- dates */

  /* "2026-12-01" as the course language writes it: "1 December 2026" (en-GB). */
  sb.formatDate = function (iso, style) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || "");
    if (!m || !style || style.full === "iso" || !style.months || !style.months.length) { return iso; }
    return style.full.replace("{day}", String(parseInt(m[3], 10)))
      .replace("{month}", style.months[parseInt(m[2], 10) - 1] || m[2]).replace("{year}", m[1]);
  };

  /* ---------------------------------------------------------------- launch page */

  function lessons() {
    var found = [];
    each(course().pages || [], function (p) { if (p.kind === "lesson") { found.push(p.id); } });
    return found;
  }

  function positionText(pageId) {
    var all = lessons();
    for (var i = 0; i < all.length; i++) {
      if (all[i] === pageId) { return "Lesson " + (i + 1) + " of " + all.length; }
    }
    return all.length + (all.length === 1 ? " lesson" : " lessons");
  }

  function startShell() {
    var toggle = byId("sb-toc-toggle");
    var toc = byId("sb-toc");
    var frame = byId("sb-content");
    var meter = byId("sb-progress");
    if (!toggle || !toc || !frame) { return; }
    function setOpen(open) {
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
      toc.className = toc.className.replace(/\s*\bis-closed\b/g, "") + (open ? "" : " is-closed");
    }
    if (isPhone()) { setOpen(false); }
    toc.addEventListener("click", function (e) {
      var t = e.target;
      while (t && t !== toc && t.tagName !== "A") { t = t.parentNode; }
      if (t && t.tagName === "A" && isPhone()) {
        setOpen(false);
        toggle.focus();  // the chosen link is hidden now: keep the focus where it can be seen
      }
    }, false);
    function showPosition() {
      var id = "";
      try { id = frame.contentWindow.document.body.getAttribute("data-page-id") || ""; } catch (e) { id = ""; }
      setText(byId("sb-position"), positionText(id));
    }
    function showPercent() {
      setText(byId("sb-percent"), (meter && meter.getAttribute("aria-valuenow") || "0") + "%");
    }
    frame.addEventListener("load", showPosition, false);
    if (meter && w.MutationObserver) {
      new w.MutationObserver(showPercent).observe(meter, {attributes: true, attributeFilter: ["aria-valuenow"]});
    }
    showPercent();
  }

  /* ---------------------------------------------------------------- content pages */

  function session() {
    try {
      var p = w.parent;
      if (p && p !== w && p.ScormBuild && p.ScormBuild.session) { return p.ScormBuild.session; }
    } catch (e) { /* a page opened on its own */ }
    return sb.session || null;
  }

  /* Viewed once the end of the lesson has been on screen, or after the course's minimum time. */
  function watchLesson(pageId, s) {
    if (!s || typeof s.pageViewed !== "function") { return; }
    var seconds = course().completion.lessonViewedSeconds || 0;
    var end = doc.querySelector(".page-nav") || doc.querySelector("main");
    var done = false;
    var timer = null;
    function viewed() {
      if (done) { return; }
      done = true;
      if (timer) { w.clearTimeout(timer); }
      w.removeEventListener("scroll", check, false);
      w.removeEventListener("resize", check, false);
      s.pageViewed(pageId);
    }
    function check() {
      var bottom = w.innerHeight || doc.documentElement.clientHeight;
      if (!end || end.getBoundingClientRect().top < bottom) { viewed(); }
    }
    if (!seconds) { viewed(); return; }
    timer = w.setTimeout(viewed, seconds * 1000);
    w.addEventListener("scroll", check, false);
    w.addEventListener("resize", check, false);
    check();
  }

  function labelText(input) {
    var label = input.id ? doc.querySelector("label[for='" + input.id + "']") : null;
    return label ? label.textContent.replace(/\s+/g, " ").replace(/^\s|\s$/g, "") : input.value;
  }

  /* The learner's answer to one question, as lines of plain text (read from the form). */
  function answerLines(fs) {
    var lines = [];
    each(fs.querySelectorAll("input[type=radio], input[type=checkbox]"), function (input) {
      if (input.checked) { lines.push(labelText(input)); }
    });
    each(fs.querySelectorAll("input[type=text], textarea"), function (input) {
      var value = input.value.replace(/^\s+|\s+$/g, "");
      if (value) { lines.push(value); }
    });
    var ranked = [];
    each(fs.querySelectorAll("select"), function (select) {
      var option = select.options[select.selectedIndex];
      if (!option || !option.value) { return; }
      if (fs.getAttribute("data-type") === "sequencing") {
        ranked.push({n: parseInt(option.value, 10), text: labelText(select)});
      } else {
        lines.push(labelText(select) + ": " + option.text);
      }
    });
    ranked.sort(function (a, b) { return a.n - b.n; });
    each(ranked, function (r) { lines.push(r.n + ". " + r.text); });
    return lines;
  }

  function showOwnAnswers(form) {
    each(form.querySelectorAll("fieldset.question"), function (fs) {
      var list = fs.querySelector("[data-role=your-answer]");
      if (!list) { return; }
      var lines = answerLines(fs);
      if (!lines.length) { lines = ["No answer"]; }
      while (list.firstChild) { list.removeChild(list.firstChild); }
      each(lines, function (text) {
        var li = doc.createElement("li");
        li.textContent = text;
        list.appendChild(li);
      });
    });
  }

  function showSaving(s) {
    var el = doc.querySelector("[data-role=saving]");
    if (!el || !s) { return; }
    var state = typeof s.trackingState === "function" ? s.trackingState() : (s.tracking ? "saved" : "off");
    setText(el, sb.trackingTexts(state).start);
  }

  function localDates() {
    var style = course().dateStyle;
    each(doc.querySelectorAll("[data-field=date]"), function (el) {
      function apply() { setText(el, sb.formatDate(el.textContent, style)); }
      apply();
      if (w.MutationObserver) { new w.MutationObserver(apply).observe(el, {childList: true, characterData: true, subtree: true}); }
    });
  }

  /* The pass mark the course states is the one it was built with; an LMS that gives its own
     (1.2 mastery_score, 2004 scaled_passing_score) grades with that one: say that one. */
  function passMark(s) {
    if (!s || typeof s.passingScore !== "function") { return; }
    var mark = s.passingScore();
    if (typeof mark !== "number" || isNaN(mark)) { return; }
    each(doc.querySelectorAll("[data-field=pass-mark]"), function (el) { setText(el, mark + "%"); });
  }

  function startPage() {
    var body = doc.body;
    var pageId = body.getAttribute("data-page-id");
    var s = session();
    if (body.getAttribute("data-page-kind") === "lesson") { watchLesson(pageId, s); }
    showSaving(s);
    passMark(s);
    localDates();
    var form = doc.querySelector("form.quiz");
    if (form) {
      form.addEventListener("submit", function () { showOwnAnswers(form); }, false);
      showOwnAnswers(form);  // a quiz submitted earlier is shown with its answers restored
    }
  }

  if (!doc || !doc.body || !doc.addEventListener) { return; }
  if (byId("sb-content")) { startShell(); } else if (doc.body.getAttribute("data-page-id")) { startPage(); }
}(window));
