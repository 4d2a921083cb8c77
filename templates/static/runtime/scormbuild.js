/* scormbuild runtime core: LMS connection, course state, quiz grading and the launch page.
   ES5, no dependencies, one global (ScormBuild). Edition specifics live in ScormBuild.adapter
   (runtime/adapter.js); this file never names a data-model element. */
(function (w) {
  "use strict";
  var sb = w.ScormBuild = w.ScormBuild || {};
  var MAX_HOPS = 500;            // ADL's sample gives up after 500 parents
  var MAX_INTERACTIONS = 250;    // SPM of the interactions collection in 2004; 1.2 LMSs vary
  var MAX_ATTEMPTS_STORED = 9999;
  var SEED_MODULUS = 2147483647; // Park-Miller generator: exact in doubles, no Math.imul (ES5)

  /* ---------------------------------------------------------------- logging */

  sb.log = [];
  function log(level, message) {
    sb.log.push({level: level, message: message});
    try {
      if (w.console && w.console[level]) { w.console[level]("[scormbuild] " + message); }
    } catch (e) { /* logging must never break the page */ }
  }

  /* ---------------------------------------------------------------- API discovery */

  function apiOn(win, name) {
    try { return win && win[name] ? win[name] : null; } catch (e) { return null; }  // cross-origin
  }

  function parentOf(win) {
    try { return win.parent && win.parent !== win ? win.parent : null; } catch (e) { return null; }
  }

  function searchUp(win, name) {
    for (var hops = 0; win && hops <= MAX_HOPS; hops++) {
      var api = apiOn(win, name);
      if (api) { return api; }
      win = parentOf(win);
    }
    return null;
  }

  /* The window itself, its parents, then the opener and the opener's parents. */
  sb.findApi = function (win, name) {
    var api = searchUp(win, name);
    if (api) { return api; }
    var opener = null;
    try { opener = win.opener || null; } catch (e) { opener = null; }
    return opener ? searchUp(opener, name) : null;
  };

  /* ---------------------------------------------------------------- LMS connection */

  /* Every call checked: an exception or a "false" is logged with the LMS's code and text. */
  function Connection(api, adapter) {
    this.api = api;
    this.calls = adapter.calls;
    this.open = false;
    this.failures = 0;
    this.onError = null;
  }

  Connection.prototype.raw = function (call, args) {
    try {
      var fn = this.api[this.calls[call]];
      return {ok: true, value: String(fn.apply(this.api, args))};
    } catch (e) {
      return {ok: false, value: "", exception: String(e && e.message || e)};
    }
  };

  Connection.prototype.lastError = function () {
    var code = this.raw("getLastError", []).value || "0";
    return {code: code, text: code === "0" ? "" : this.raw("getErrorString", [code]).value,
            diagnostic: code === "0" ? "" : this.raw("getDiagnostic", [code]).value};
  };

  Connection.prototype.report = function (what, result, error) {
    this.failures++;
    var message = what + " failed: " + (result.exception ? "exception " + result.exception + "; " : "") +
      "LMS error " + error.code + (error.text ? " (" + error.text + ")" : "") +
      (error.diagnostic ? " – " + error.diagnostic : "");
    log("warn", message);
    if (this.onError) { try { this.onError(message); } catch (e) { /* ignore */ } }
  };

  Connection.prototype.command = function (call, args, what) {
    var result = this.raw(call, args);
    if (result.ok && result.value === "true") { return true; }
    this.report(what, result, this.lastError());
    return false;
  };

  Connection.prototype.initialize = function () {
    this.open = this.command("initialize", [""], "Initialize");
    return this.open;
  };

  /* quietCode: an error code that only means "not set" here (logged as info). */
  Connection.prototype.get = function (element, quietCode) {
    if (!this.open) { return ""; }
    var result = this.raw("getValue", [element]);
    var error = this.lastError();
    if (result.ok && error.code === "0") { return result.value; }
    if (result.ok && error.code === quietCode) {
      log("info", "GetValue " + element + ": not set (" + error.code + ")");
      return "";
    }
    this.report("GetValue " + element, result, error);
    return "";
  };

  Connection.prototype.set = function (element, value) {
    if (!this.open) { return false; }
    return this.command("setValue", [element, String(value)], "SetValue " + element);
  };

  Connection.prototype.commit = function () {
    return this.open && this.command("commit", [""], "Commit");
  };

  Connection.prototype.terminate = function () {
    if (!this.open) { return false; }
    this.open = false;  // never call again, whatever the result
    return this.command("terminate", [""], "Terminate");
  };

  /* ---------------------------------------------------------------- utilities */

  function keys(obj) {
    var out = [];
    for (var k in obj) { if (Object.prototype.hasOwnProperty.call(obj, k)) { out.push(k); } }
    return out.sort();
  }

  function indexOf(list, value) {
    for (var i = 0; i < list.length; i++) { if (list[i] === value) { return i; } }
    return -1;
  }

  function copy(value) { return value === undefined ? null : JSON.parse(JSON.stringify(value)); }

  function round2(x) { return Math.round(x * 100) / 100; }

  function pad2(n) { return (n < 10 ? "0" : "") + n; }

  sb.isoDate = function (d) {
    return d.getFullYear() + "-" + pad2(d.getMonth() + 1) + "-" + pad2(d.getDate());
  };

  sb.humanDuration = function (ms) {
    var minutes = Math.round(ms / 60000);
    if (minutes < 1) { return "less than a minute"; }
    var h = Math.floor(minutes / 60);
    var m = minutes % 60;
    return (h ? h + " h " : "") + (m || !h ? m + " min" : "").replace(/\s$/, "");
  };

  /* ---------------------------------------------------------------- quiz layout */

  function generator(seed) {
    var s = seed % SEED_MODULUS;
    if (s <= 0) { s += SEED_MODULUS - 1; }
    return function () { s = s * 16807 % SEED_MODULUS; return (s - 1) / (SEED_MODULUS - 1); };
  }

  function shuffled(n, random) {
    var order = [];
    for (var i = 0; i < n; i++) { order.push(i); }
    for (var j = n - 1; j > 0; j--) {
      var k = Math.floor(random() * (j + 1));
      var t = order[j]; order[j] = order[k]; order[k] = t;
    }
    return order;
  }

  /* A shuffled order that is never the author's (for n > 1): the author's order may be the answer. */
  function reordered(n, random) {
    var order = shuffled(n, random);
    for (var i = 0; i < n; i++) { if (order[i] !== i) { return order; } }
    order.push(order.shift());
    return order;
  }

  sb.newSeed = function () { return 1 + Math.floor(Math.random() * (SEED_MODULUS - 2)); };

  /* Which questions an attempt shows (author order), and for each question whose data names a
     list in `shuffle` (choices, targets, items), the order in which that list appears. */
  sb.layout = function (quiz, seed) {
    var random = generator(seed);
    var count = quiz.questions.length;
    var drawn = shuffled(count, random);
    if (quiz.draw && quiz.draw < count) { drawn = drawn.slice(0, quiz.draw); }
    drawn.sort(function (a, b) { return a - b; });
    var orders = {};
    for (var i = 0; i < count; i++) {
      var q = quiz.questions[i];
      if (q.shuffle) { orders[q.id] = reordered(q[q.shuffle].length, random); }
    }
    return {questions: drawn, orders: orders};
  };

  /* ---------------------------------------------------------------- grading */

  function sameSet(a, b) {
    if (a.length !== b.length) { return false; }
    for (var i = 0; i < a.length; i++) { if (indexOf(b, a[i]) < 0) { return false; } }
    return true;
  }

  function normalText(text, caseSensitive) {
    var t = String(text).replace(/\s+/g, " ").replace(/^ | $/g, "");
    return caseSensitive ? t : t.toLowerCase();
  }

  function parseNumber(text) {
    var t = String(text).replace(/\s/g, "").replace(",", ".");
    return /^-?(\d+\.?\d*|\.\d+)$/.test(t) ? parseFloat(t) : null;
  }

  function choiceIndexes(q, ids) {
    var out = [];
    for (var i = 0; i < ids.length; i++) { out.push(indexOf(q.choices, ids[i])); }
    return out;
  }

  function choiceResponse(q, indexes) {
    var ids = [];
    for (var i = 0; i < indexes.length; i++) { ids.push(q.choices[indexes[i]]); }
    return {kind: "choice", indexes: indexes, ids: ids};
  }

  function sequenceOrder(positions) {
    var order = [];
    for (var i = 0; i < positions.length; i++) { order.push(i); }
    order.sort(function (a, b) { return positions[a] - positions[b]; });
    return order;
  }

  function matchingPairs(q, targets) {
    var pairs = [];
    for (var i = 0; i < targets.length; i++) {
      if (targets[i] >= 0) {
        pairs.push({source: i, target: targets[i], sourceId: q.sources[i], targetId: q.targets[targets[i]]});
      }
    }
    return pairs;
  }

  function matchingKey(q) {
    var targets = [];
    for (var i = 0; i < q.sources.length; i++) {
      var t = q.correct[q.sources[i]];
      targets.push(t === undefined ? -1 : indexOf(q.targets, t));
    }
    return targets;
  }

  /* Is this stored answer complete enough to submit? (text is optional) */
  sb.isAnswered = function (q, a) {
    if (q.type === "text") { return true; }
    if (a === null || a === undefined || a === "") { return false; }
    if (q.type === "numeric") { return parseNumber(a) !== null; }
    if (q.type === "multiple-response") { return a.length > 0; }
    if (q.type === "matching") { return indexOf(a, -1) < 0; }
    if (q.type === "sequencing") {
      for (var i = 0; i < a.length; i++) { if (!a[i] || indexOf(a, a[i]) !== i) { return false; } }
    }
    return true;
  };

  var GRADERS = {
    "single-choice": function (q, a) {
      return {response: choiceResponse(q, [a]), correct: choiceResponse(q, choiceIndexes(q, q.correct)),
              ok: indexOf(q.correct, q.choices[a]) >= 0};
    },
    "multiple-response": function (q, a) {
      var key = choiceIndexes(q, q.correct);
      return {response: choiceResponse(q, a), correct: choiceResponse(q, key), ok: sameSet(a, key)};
    },
    "true-false": function (q, a) {
      return {response: {kind: "true-false", value: a === 1}, correct: {kind: "true-false", value: q.correct},
              ok: (a === 1) === q.correct};
    },
    "fill-in": function (q, a) {
      var ok = false;
      for (var i = 0; i < q.correct.length; i++) {
        if (normalText(q.correct[i], q.caseSensitive) === normalText(a, q.caseSensitive)) { ok = true; }
      }
      return {response: {kind: "fill-in", text: normalText(a, true)},
              correct: {kind: "fill-in", texts: q.correct, caseSensitive: q.caseSensitive}, ok: ok};
    },
    "numeric": function (q, a) {
      var v = parseNumber(a);
      return {response: {kind: "numeric", value: v}, correct: {kind: "numeric-range", min: q.min, max: q.max},
              ok: v !== null && v >= q.min && v <= q.max};
    },
    "matching": function (q, a) {
      var key = matchingKey(q);
      var ok = true;
      for (var i = 0; i < key.length; i++) { if (key[i] >= 0 && a[i] !== key[i]) { ok = false; } }
      return {response: {kind: "matching", pairs: matchingPairs(q, a)},
              correct: {kind: "matching", pairs: matchingPairs(q, key)}, ok: ok};
    },
    "sequencing": function (q, a) {
      var order = sequenceOrder(a);
      var ids = [];
      var key = [];
      for (var i = 0; i < order.length; i++) { ids.push(q.items[order[i]]); key.push(i); }
      return {response: {kind: "sequencing", indexes: order, ids: ids},
              correct: {kind: "sequencing", indexes: key, ids: q.items}, ok: order.join() === key.join()};
    },
    "likert": function (q, a) {
      return {response: {kind: "likert", index: a - 1}, correct: null, ok: null};
    },
    "text": function (q, a) {
      return {response: {kind: "text", text: String(a || "")}, correct: null, ok: null};
    }
  };

  /* {response, correct, ok: true|false|null (unscored)} for one answered question. */
  sb.grade = function (q, a) { return GRADERS[q.type](q, a); };

  /* ---------------------------------------------------------------- course state */

  /* The compact record kept in suspend_data: see docs/tracking.md ("suspend_data format and budget"). */
  function State(course) {
    this.course = course;
    this.quizIds = keys(course.quizzes);
    this.viewed = {};
    this.quizzes = {};
    this.completedOn = "";
    for (var i = 0; i < this.quizIds.length; i++) { this.quizzes[this.quizIds[i]] = State.emptyQuiz(); }
  }

  State.emptyQuiz = function () { return {n: 0, k: 0, a: null, x: 0, c: -1}; };

  State.prototype.encode = function () {
    var bits = "";
    var pages = this.course.pages;
    for (var i = 0; i < pages.length; i++) { bits += this.viewed[pages[i].id] ? "1" : "0"; }
    var quizzes = [];
    for (var j = 0; j < this.quizIds.length; j++) { quizzes.push(this.quizzes[this.quizIds[j]]); }
    return JSON.stringify({v: 1, p: bits, q: quizzes, d: this.completedOn});
  };

  State.prototype.decode = function (text) {
    var data;
    try { data = JSON.parse(text); } catch (e) { data = null; }
    if (!data || data.v !== 1) { return false; }
    var pages = this.course.pages;
    for (var i = 0; i < pages.length; i++) { this.viewed[pages[i].id] = String(data.p).charAt(i) === "1"; }
    for (var j = 0; j < this.quizIds.length && data.q && j < data.q.length; j++) {
      var q = data.q[j];
      if (q && typeof q.n === "number") { this.quizzes[this.quizIds[j]] = q; }
    }
    this.completedOn = data.d || "";
    return true;
  };

  /* Answers as stored: free text is not kept (it would make the size unbounded). */
  function storable(quiz, answers) {
    var out = [];
    for (var i = 0; i < quiz.questions.length; i++) {
      var q = quiz.questions[i];
      var a = answers && answers[i] !== undefined ? copy(answers[i]) : null;
      if (q.type === "text" || a === "") { a = null; }
      if (typeof a === "string" && q.maxLength) { a = a.slice(0, q.maxLength); }  // bounds suspend_data
      out.push(a);
    }
    return out;
  }

  /* ---------------------------------------------------------------- session */

  function Session(course, adapter, connection) {
    this.course = course;
    this.adapter = adapter;
    this.lms = connection;
    this.tracking = !!connection;
    this.state = new State(course);
    this.startedAt = new Date().getTime();
    this.launch = {learnerName: "", resume: false, location: "", passingScore: null, totalTimeMs: 0,
                   interactionCount: 0};
    this.nextInteraction = 0;
    this.ended = false;
  }

  Session.prototype.begin = function () {
    if (this.lms) {
      this.launch = this.adapter.readLaunch(this.lms);
      this.nextInteraction = this.launch.interactionCount;
      if (this.launch.resume && this.launch.suspendData) {
        if (!this.state.decode(this.launch.suspendData)) { log("warn", "saved progress unreadable; starting afresh"); }
      }
    }
    this.currentPage = this.resumePage().id;
    this.writeProgress();
    this.commit();
  };

  Session.prototype.passingScore = function () {
    var own = this.launch.passingScore;
    return own !== null ? own : this.course.completion.passingScore;
  };

  Session.prototype.pageById = function (id) {
    var all = this.course.pages.concat(this.course.resources);
    for (var i = 0; i < all.length; i++) { if (all[i].id === id) { return all[i]; } }
    return null;
  };

  Session.prototype.resumePage = function () {
    var page = this.launch.resume ? this.pageById(this.launch.location) : null;
    return page || this.course.pages[0];
  };

  /* Where the learner stands: what completion and success are, and what is left. */
  Session.prototype.evaluate = function () {
    var rules = this.course.completion;
    var pages = this.course.pages;
    var required = 0;
    var done = 0;
    var missing = [];
    for (var i = 0; i < pages.length; i++) {
      if (!pages[i].required) { continue; }
      required++;
      if (this.state.viewed[pages[i].id]) { done++; } else { missing.push(pages[i]); }
    }
    var final = rules.finalAssessment ? this.state.quizzes[rules.finalAssessment] : null;
    var passed = final && final.n > 0 ? final.c >= this.passingScore() : null;
    var left = final && rules.attempts ? Math.max(0, rules.attempts - final.n) : null;
    var finalDone = !final || passed === true || (passed === false && left === 0);
    var surveyNeeded = !!(rules.requireSurvey && rules.survey);
    var surveyDone = !surveyNeeded || this.state.quizzes[rules.survey].x === 1;
    var units = required + (final ? 1 : 0) + (surveyNeeded ? 1 : 0);
    var unitsDone = done + (finalDone ? 1 : 0) + (surveyNeeded && surveyDone ? 1 : 0);
    return {completed: done === required && finalDone && surveyDone, passed: passed,
            progress: units ? unitsDone / units : 1, missingPages: missing, finalDone: finalDone,
            attemptsLeft: left, surveyDone: surveyDone, score: final && final.n > 0 ? final.c : null,
            statusMode: rules.scorm12Status};
  };

  Session.prototype.writeProgress = function () {
    var status = this.evaluate();
    if (status.completed && !this.state.completedOn) { this.state.completedOn = sb.isoDate(new Date()); }
    if (!this.lms) { return status; }
    var location = this.currentPage ? this.currentPage : "";
    this.adapter.writeBookmark(this.lms, location.slice(0, this.adapter.locationLimit), this.suspendData());
    if (!this.launch.alreadyDone) {  // a finished course opened again is never downgraded
      this.adapter.writeStatus(this.lms, status);
    }
    this.adapter.writeExit(this.lms, status.completed || !!this.launch.alreadyDone);
    return status;
  };

  Session.prototype.suspendData = function () {
    var text = this.state.encode();
    if (text.length > this.adapter.suspendDataLimit) {
      log("warn", "progress record too long (" + text.length + " characters); answers in progress dropped");
      for (var id in this.state.quizzes) {
        if (!this.state.quizzes[id].x) { this.state.quizzes[id].a = null; }
      }
      text = this.state.encode();
    }
    return text;
  };

  /* session_time is set before every commit (the LMS adds it to total_time once, at the end). */
  Session.prototype.commit = function () {
    if (!this.lms || !this.lms.open) { return false; }
    this.adapter.writeSessionTime(this.lms, this.elapsed());
    return this.lms.commit();
  };

  Session.prototype.elapsed = function () { return new Date().getTime() - this.startedAt; };

  Session.prototype.end = function () {
    if (this.ended) { return; }
    this.ended = true;
    if (!this.lms) { return; }
    this.writeProgress();
    this.commit();
    this.lms.terminate();
  };

  /* ---- what pages call (through window.parent, so only plain data crosses) */

  Session.prototype.pageShown = function (id) {
    var page = this.pageById(id);
    if (this.ended || !page) { return; }
    this.currentPage = id;
    // a lesson is viewed when its page says so (learner.js: its end reached, or time spent)
    if (page.kind !== "lesson" || !this.course.completion.lessonViewedSeconds) { this.state.viewed[id] = true; }
    this.writeProgress();
    this.commit();
    if (this.onChange) { this.onChange(id); }
  };

  /* A lesson page reports that the learner reached its end or stayed the minimum time. */
  Session.prototype.pageViewed = function (id) {
    if (this.ended || !this.pageById(id) || this.state.viewed[id]) { return; }
    this.state.viewed[id] = true;
    this.writeProgress();
    this.commit();
    if (this.onChange) { this.onChange(this.currentPage); }
  };

  Session.prototype.quizView = function (quizId) {
    var quiz = this.course.quizzes[quizId];
    var s = this.state.quizzes[quizId];
    if (!quiz || !s) { return null; }
    if (!s.k) { s.k = sb.newSeed(); this.writeProgress(); }
    var status = this.evaluate();
    var isFinal = quizId === this.course.completion.finalAssessment;
    var left = isFinal ? status.attemptsLeft : null;
    var locked = isFinal && (status.passed === true || left === 0);
    var view = {layout: sb.layout(quiz, s.k), answers: s.a || storable(quiz, null), submitted: s.x === 1,
                attempts: s.n, attemptsLeft: left, canRetake: s.x === 1 && quiz.scored && !locked,
                passingScore: this.passingScore(), tracking: this.tracking};
    if (s.x === 1) { view.review = this.review(quizId); }
    return copy(view);
  };

  Session.prototype.saveAnswers = function (quizId, answers) {
    var quiz = this.course.quizzes[quizId];
    var s = this.state.quizzes[quizId];
    if (!quiz || !s || s.x === 1 || this.ended) { return; }
    s.a = storable(quiz, copy(answers));
    if (this.lms) { this.adapter.writeBookmark(this.lms, this.currentPage || "", this.suspendData()); }
  };

  /* Per drawn question: correct or not, for the feedback shown after submitting. */
  Session.prototype.review = function (quizId) {
    var quiz = this.course.quizzes[quizId];
    var s = this.state.quizzes[quizId];
    var layout = sb.layout(quiz, s.k);
    var out = {questions: {}, score: s.c, passed: null};
    for (var i = 0; i < layout.questions.length; i++) {
      var q = quiz.questions[layout.questions[i]];
      var a = s.a ? s.a[layout.questions[i]] : null;
      out.questions[q.id] = sb.isAnswered(q, a) && q.type !== "text" ? sb.grade(q, a).ok : null;
    }
    if (quiz.scored) { out.passed = s.c >= this.passingScore(); }
    return out;
  };

  /* timing: {shownAt, answeredAt: {questionId: ms}} (epoch ms). Returns the new view. */
  Session.prototype.submitQuiz = function (quizId, answers, timing) {
    var quiz = this.course.quizzes[quizId];
    var s = this.state.quizzes[quizId];
    if (!quiz || !s || s.x === 1 || this.ended) { return this.quizView(quizId); }
    var live = copy(answers) || [];
    s.a = storable(quiz, live);
    var layout = sb.layout(quiz, s.k);
    var earned = 0;
    var total = 0;
    for (var i = 0; i < layout.questions.length; i++) {
      var index = layout.questions[i];
      var q = quiz.questions[index];
      var a = q.type === "text" ? live[index] : s.a[index];
      var scored = q.type !== "likert" && q.type !== "text";
      total += scored ? q.weight : 0;  // every drawn scored question counts, answered or not
      if (!sb.isAnswered(q, a) || (q.type === "text" && !a)) { continue; }
      var graded = sb.grade(q, a);
      earned += graded.ok ? q.weight : 0;
      this.recordInteraction(quiz, q, graded, timing);
    }
    s.x = 1;
    s.n = Math.min(MAX_ATTEMPTS_STORED, s.n + 1);
    s.c = quiz.scored ? round2(total ? 100 * earned / total : 0) : -1;
    if (this.lms && quizId === this.course.completion.finalAssessment && !this.launch.alreadyDone) {
      this.adapter.writeScore(this.lms, {percent: s.c});
    }
    this.writeProgress();
    this.commit();
    if (this.onChange) { this.onChange(this.currentPage); }
    return this.quizView(quizId);
  };

  Session.prototype.recordInteraction = function (quiz, q, graded, timing) {
    if (!this.lms) { return; }
    if (this.nextInteraction >= MAX_INTERACTIONS) {
      log("info", "interaction limit reached; " + q.id + " not recorded");
      return;
    }
    var shownAt = timing && timing.shownAt ? timing.shownAt : this.startedAt;
    var answeredAt = timing && timing.answeredAt && timing.answeredAt[q.id] ? timing.answeredAt[q.id] : shownAt;
    this.adapter.writeInteraction(this.lms, {
      index: this.nextInteraction, id: quiz.id + "." + q.id, type: q.type,
      response: graded.response, correct: graded.correct,
      result: graded.ok === null ? "neutral" : (graded.ok ? "correct" : "incorrect"),
      weight: q.weight, latencyMs: Math.max(0, answeredAt - shownAt), when: new Date(shownAt),
      description: q.description, objective: q.objective
    });
    this.nextInteraction++;
  };

  Session.prototype.retake = function (quizId) {
    var view = this.quizView(quizId);
    var s = this.state.quizzes[quizId];
    if (!view || !view.canRetake) { return view; }
    s.x = 0;
    s.a = null;
    s.k = sb.newSeed();
    this.writeProgress();
    return this.quizView(quizId);
  };

  /* What the completion page shows. */
  Session.prototype.summary = function () {
    var status = this.evaluate();
    var todo = [];
    for (var i = 0; i < status.missingPages.length; i++) { todo.push("Read “" + status.missingPages[i].title + "”."); }
    var rules = this.course.completion;
    if (rules.finalAssessment && !status.finalDone) {
      todo.push("Pass the final assessment (" + this.passingScore() + "% or more)" +
                (status.attemptsLeft !== null ? "; attempts left: " + status.attemptsLeft : "") + ".");
    }
    if (!status.surveyDone) { todo.push("Complete the evaluation survey."); }
    return copy({
      learnerName: this.launch.learnerName, tracking: this.tracking, completed: status.completed,
      passed: status.passed, score: status.score, passingScore: this.passingScore(),
      date: this.state.completedOn || sb.isoDate(new Date()),
      timeSpent: sb.humanDuration(this.launch.totalTimeMs + this.elapsed()),
      todo: todo, progress: status.progress
    });
  };

  sb.Session = Session;
  sb.State = State;

  /* A session with no LMS (a page opened on its own): same behaviour, nothing recorded. */
  sb.localSession = function (course) {
    return new Session(course, null, null);
  };

  /* ---------------------------------------------------------------- the launch page */

  function byId(id) { return w.document.getElementById(id); }

  function setStatus(text) {
    var el = byId("sb-status");
    if (el) { el.textContent = text; }
  }

  function updateShell(session) {
    var status = session.evaluate();
    var percent = Math.round(status.progress * 100);
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
  }

  function trackingText(session) {
    if (!session.tracking) {
      return "Tracking is off: no learning management system was found, so your progress is not saved.";
    }
    return session.evaluate().completed ? "Course complete. Your result is saved." : "Your progress is saved as you go.";
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

  function onLeave(session) {
    var save = function () { if (w.document.visibilityState === "hidden") { session.commit(); } };
    var leave = function () { session.end(); };
    if (w.addEventListener) {
      w.document.addEventListener("visibilitychange", save, false);
      w.addEventListener("pagehide", leave, false);
    }
  }

  /* Start the single LMS session of the launch page and show the first (or bookmarked) page. */
  sb.startShell = function () {
    var course = w.SCORMBUILD_COURSE;
    var adapter = sb.adapter;
    var api = adapter ? sb.findApi(w, adapter.apiName) : null;
    var connection = api ? new Connection(api, adapter) : null;
    if (connection && !connection.initialize()) { connection = null; }
    var session = new Session(course, adapter, connection);
    sb.session = session;
    if (connection) {
      connection.onError = function () { setStatus("There was a problem saving your progress; it may not be recorded."); };
    }
    session.begin();
    session.onChange = function () { updateShell(session); setStatus(trackingText(session)); };
    setStatus(trackingText(session));
    wireToc();
    onLeave(session);
    var frame = byId("sb-content");
    updateShell(session);
    if (frame) { frame.src = session.resumePage().href; }
    return session;
  };

  if (w.document && w.document.getElementById("sb-content") && w.SCORMBUILD_COURSE) { sb.startShell(); }
}(window));
