/* scormbuild runtime: the learner's progress record kept in suspend_data.
   Version 2, keyed by stable keys the build derives from ids (a page's key from its id, a
   question's key from its quiz, id, type and options; its slot key, which keeps its LMS
   interaction record, from its quiz and id only), with a fingerprint of the course
   structure, so a learner who resumes after the course was rebuilt keeps what still applies:
     {"v":2,"f":"<course fingerprint>","p":"<keys of viewed pages>","d":"<date completed>",
      "q":{"<quiz id>":{"n":attempts,"k":seed,"x":0|1,"c":score,"p":1 (passed),
                        "a":{"<question key>":answer},"s":{"<slot key>":interaction index}}}}
   When that record would pass the budget (80% of the LMS's limit), the pages viewed are written
   as a bitmap of this course's page order instead: "b":"<five pages a character>" and
   "g":"<fingerprint of the page order>" in place of "p"; after an update that changes the pages,
   such a bitmap is dropped rather than applied to other pages.
   docs/tracking.md describes it; scormbuild/render/suspend_budget.py computes its worst case. ES5. */
(function (w) {
  "use strict";
  var sb = w.ScormBuild = w.ScormBuild || {};
  var VERSION = 2;
  var BITMAP_DIGITS = "0123456789abcdefghijklmnopqrstuv";  // five pages a character

  /* A saved record may be corrupt or written by another version: every value read is checked. */
  function wholeNumber(v, min, max) { return typeof v === "number" && Math.floor(v) === v && v >= min && v <= max; }
  function isObject(v) { return v !== null && typeof v === "object" && !(v instanceof Array); }

  function State(course) {
    this.course = course;
    this.viewed = {};
    this.quizzes = {};
    this.completedOn = "";
    this.dropped = [];
    var ids = sb.sortedKeys(course.quizzes);
    for (var i = 0; i < ids.length; i++) { this.quizzes[ids[i]] = State.emptyQuiz(); }
  }

  /* n attempts submitted, k layout seed (0: none yet), x submitted, c score (-1: none),
     p 1 when the latest submitted attempt of the final met the pass mark of its day (a course
     update that raises the mark does not take the pass back: Session.evaluate),
     a answers by question key, s interaction index by question key, u its latest submitted
     attempt's records not all in the LMS yet, h that attempt ({k, a}) when a retake has begun
     since: until its records are in, the LMS keeps it as the quiz's state (encode), so that the
     next launch writes them again (Session.recordAgain) whatever became of the retake. */
  State.emptyQuiz = function () { return {n: 0, k: 0, x: 0, c: -1, p: 0, a: {}, s: {}, u: 0, h: null}; };

  function compact(obj) {
    var out = {};
    var keys = sb.sortedKeys(obj);
    for (var i = 0; i < keys.length; i++) { if (obj[keys[i]] !== null && obj[keys[i]] !== undefined) { out[keys[i]] = obj[keys[i]]; } }
    return out;
  }

  /* budget: the most characters the keyed record may take before the pages go as a bitmap.
     handover: for a reloaded page of the same window (ScormBuild.startShell), not the LMS: a
     quiz retaken while its last attempt's records are not all in the LMS is written as it is,
     with that attempt beside it ("h"); the LMS gets that attempt in its place (the record keeps
     the shape, and so the worst case, of a submitted quiz). */
  State.prototype.encode = function (budget, handover) {
    var pages = this.course.pages;
    var viewed = "";
    var bits = [];
    for (var i = 0; i < pages.length; i++) {
      if (i % 5 === 0) { bits.push(0); }
      if (this.viewed[pages[i].id]) { viewed += pages[i].key; bits[bits.length - 1] += 1 << (i % 5); }
    }
    var quizzes = {};
    var ids = sb.sortedKeys(this.quizzes);
    for (var j = 0; j < ids.length; j++) {
      var s = this.quizzes[ids[j]];
      var shown = s.h && !handover ? {k: s.h.k, x: 1, a: s.h.a} : s;
      if (!s.n && !shown.k && !shown.x) { continue; }  // never opened: nothing to keep
      var record = {n: s.n, k: shown.k, x: shown.x, c: s.c};
      if (s.p) { record.p = 1; }
      var answers = compact(shown.a);
      if (Object.keys(answers).length) { record.a = answers; }
      if (Object.keys(s.s).length) { record.s = compact(s.s); }
      if (s.u) { record.u = 1; }  // its latest attempt's records are not all in the LMS yet
      if (s.h && handover) { record.h = {k: s.h.k, a: compact(s.h.a)}; }
      quizzes[ids[j]] = record;
    }
    var text = JSON.stringify({v: VERSION, f: this.course.fingerprint, p: viewed, q: quizzes, d: this.completedOn});
    if (!budget || text.length <= budget) { return text; }
    var map = "";
    for (var b = 0; b < bits.length; b++) { map += BITMAP_DIGITS.charAt(bits[b]); }
    return JSON.stringify({v: VERSION, f: this.course.fingerprint, b: map, g: this.course.pagesFingerprint,
                           q: quizzes, d: this.completedOn});
  };

  State.prototype.drop = function (what) { this.dropped.push(what); };

  State.prototype.readQuiz = function (quiz, saved) {
    var s = State.emptyQuiz();
    s.n = wholeNumber(saved.n, 0, sb.LIMITS.attemptsStored) ? saved.n : 0;
    s.k = wholeNumber(saved.k, 1, sb.LIMITS.seedModulus - 1) ? saved.k : 0;
    s.x = saved.x === 1 ? 1 : 0;
    s.c = typeof saved.c === "number" && saved.c >= 0 && saved.c <= 100 ? saved.c : -1;
    s.p = saved.p === 1 && s.n > 0 ? 1 : 0;
    var byKey = {};
    var bySlot = {};
    for (var i = 0; i < quiz.questions.length; i++) {
      byKey[quiz.questions[i].key] = quiz.questions[i];
      bySlot[quiz.questions[i].slot] = quiz.questions[i];
    }
    var slots = isObject(saved.s) ? saved.s : {};
    s.a = this.readAnswers(quiz.id, byKey, saved.a);
    var held = isObject(saved.h) ? saved.h : null;  // only in a reload's handover
    if (held && wholeNumber(held.k, 1, sb.LIMITS.seedModulus - 1)) { s.h = {k: held.k, a: this.readAnswers(quiz.id, byKey, held.a)}; }
    s.u = saved.u === 1 && (s.x === 1 || s.h) ? 1 : 0;
    if (!s.u) { s.h = null; }
    // the interaction index a question's record has in the LMS, by the question's slot key
    // (its quiz and id: an update of its options keeps its record); a record saved before
    // 2026-12-02 keyed it by the question's content key
    for (var slot in slots) {
      if (!Object.prototype.hasOwnProperty.call(slots, slot) || !wholeNumber(slots[slot], 0, sb.LIMITS.interactions - 1)) { continue; }
      var owner = Object.prototype.hasOwnProperty.call(bySlot, slot) ? bySlot[slot] :
        (Object.prototype.hasOwnProperty.call(byKey, slot) ? byKey[slot] : null);
      if (owner) { s.s[owner.slot] = slots[slot]; }
    }
    return s;
  };

  /* The saved answers of a quiz that still fit its questions, by question key. */
  State.prototype.readAnswers = function (quizId, byKey, saved) {
    var out = {};
    var answers = isObject(saved) ? saved : {};
    for (var key in answers) {
      if (!Object.prototype.hasOwnProperty.call(answers, key)) { continue; }
      var q = Object.prototype.hasOwnProperty.call(byKey, key) ? byKey[key] : null;
      if (q && sb.isValidAnswer(q, answers[key])) { out[key] = answers[key]; } else { this.drop(quizId + " answer " + key); }
    }
    return out;
  };

  State.prototype.decodePages = function (data) {
    var pages = this.course.pages;
    var i;
    if (typeof data.b === "string") {  // a bitmap of the page order it was saved in
      if (data.g !== this.course.pagesFingerprint) { this.drop("pages viewed (saved as a bitmap of another page order)"); return; }
      for (i = 0; i < pages.length; i++) {
        var digit = BITMAP_DIGITS.indexOf(data.b.charAt(Math.floor(i / 5)));
        this.viewed[pages[i].id] = digit > 0 && ((digit >> (i % 5)) & 1) === 1;
      }
      return;
    }
    var p = String(data.p || "");
    var width = this.course.keyLength;
    var seen = {};
    for (var c = 0; c + width <= p.length; c += width) { seen[p.substr(c, width)] = true; }
    for (i = 0; i < pages.length; i++) { this.viewed[pages[i].id] = !!seen[pages[i].key]; }
  };

  State.prototype.decodeV2 = function (data) {
    this.decodePages(data);
    var quizzes = data.q || {};
    for (var id in quizzes) {
      if (!Object.prototype.hasOwnProperty.call(quizzes, id)) { continue; }
      if (this.course.quizzes[id] && quizzes[id]) {
        this.quizzes[id] = this.readQuiz(this.course.quizzes[id], quizzes[id]);
      } else {
        this.drop("quiz " + id);
      }
    }
  };

  /* Version 1 (positional, before course updates were handled): only the completion date and
     the results of quizzes are kept when the course still has as many pages and quizzes. */
  State.prototype.decodeV1 = function (data) {
    var pages = this.course.pages;
    var ids = sb.sortedKeys(this.course.quizzes);
    var bits = String(data.p || "");
    if (bits.length === pages.length) {
      for (var i = 0; i < pages.length; i++) { this.viewed[pages[i].id] = bits.charAt(i) === "1"; }
    } else {
      this.drop("pages viewed (version 1 record of another course structure)");
    }
    var list = data.q || [];
    if (list.length !== ids.length) { this.drop("quizzes (version 1 record of another course structure)"); return; }
    for (var j = 0; j < ids.length; j++) {
      var q = list[j];
      if (q && typeof q.n === "number") { this.quizzes[ids[j]] = this.readQuiz(this.course.quizzes[ids[j]], {n: q.n, k: q.k, x: q.x, c: q.c}); }
    }
  };

  /* Read a saved record; false when there is none or it cannot be read. */
  State.prototype.decode = function (text) {
    var data;
    try { data = JSON.parse(text); } catch (e) { data = null; }
    if (!data || typeof data !== "object") { return false; }
    if (data.v === VERSION) {
      if (data.f !== this.course.fingerprint) { sb.note("info", "the course changed since this record was saved"); }
      this.decodeV2(data);
    } else if (data.v === 1) {
      this.decodeV1(data);
    } else {
      return false;
    }
    this.completedOn = typeof data.d === "string" && /^\d{4}-\d{2}-\d{2}$/.test(data.d) ? data.d : "";
    if (this.dropped.length) { sb.note("info", "saved progress no longer in the course, dropped: " + this.dropped.join("; ")); }
    return true;
  };

  /* Answers of one quiz as a list in question order (what the pages and grading use). */
  State.prototype.answerList = function (quizId) {
    var quiz = this.course.quizzes[quizId];
    var s = this.quizzes[quizId];
    var out = [];
    for (var i = 0; i < quiz.questions.length; i++) {
      var a = s.a[quiz.questions[i].key];
      out.push(a === undefined ? null : a);
    }
    return out;
  };

  /* Keep a list of answers (question order) as suspend_data stores them. */
  State.prototype.storeAnswers = function (quizId, answers) {
    var quiz = this.course.quizzes[quizId];
    var s = this.quizzes[quizId];
    s.a = {};
    for (var i = 0; i < quiz.questions.length; i++) {
      var q = quiz.questions[i];
      var kept = sb.storeAnswer(q, answers && answers[i] !== undefined ? sb.copy(answers[i]) : null);
      if (kept !== null && kept !== undefined) { s.a[q.key] = kept; }
    }
  };

  /* Drop the answers of attempts in progress (when the record would pass the LMS's limit). */
  State.prototype.dropAnswersInProgress = function () {
    for (var id in this.quizzes) {
      if (Object.prototype.hasOwnProperty.call(this.quizzes, id) && !this.quizzes[id].x) { this.quizzes[id].a = {}; }
    }
  };

  sb.State = State;
}(window));
