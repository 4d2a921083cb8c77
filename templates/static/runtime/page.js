/* scormbuild page script: every course page loads it. It talks to the launch page's session
   (window.parent.ScormBuild.session); opened on its own it uses a local session that records
   nothing. Never names an edition. ES5. */
(function (w) {
  "use strict";
  var sb = w.ScormBuild = w.ScormBuild || {};
  var doc = w.document;

  function now() { return new Date().getTime(); }

  function shellSession() {
    try {
      var p = w.parent;
      if (p && p !== w && p.ScormBuild && p.ScormBuild.session) { return p.ScormBuild.session; }
    } catch (e) { /* another origin: no shell to talk to */ }
    return null;
  }

  function session() {
    var s = shellSession();
    if (s) { return s; }
    if (!sb.local && sb.localSession && w.SCORMBUILD_COURSE) { sb.local = sb.localSession(w.SCORMBUILD_COURSE); }
    return sb.local || null;
  }

  function all(root, selector) { return root.querySelectorAll(selector); }

  function setHidden(el, hidden) {
    if (!el) { return; }
    if (hidden) { el.setAttribute("hidden", ""); } else { el.removeAttribute("hidden"); }
  }

  function unit(q) { return sb.questionTypes[q.type]; }

  function fieldset(q) { return doc.getElementById("q-" + q.id); }

  function checkedValues(fs) {
    var out = [];
    var inputs = all(fs, "input:checked");
    for (var i = 0; i < inputs.length; i++) { out.push(inputs[i].value); }
    return out;
  }

  /* ---------------------------------------------------------------- a quiz form */

  function QuizForm(form, s) {
    this.form = form;
    this.session = s;
    this.id = form.getAttribute("data-quiz-id");
    this.quiz = s.course.quizzes[this.id];
    this.answeredAt = {};
    this.shownAt = now();
    this.result = doc.querySelector("[data-role=result]");
    this.error = form.querySelector("[data-role=form-error]");
    this.retakeButton = form.querySelector("[data-role=retake]");
    this.submitButton = form.querySelector("button[type=submit]");
    this.attemptsLine = doc.querySelector("[data-role=attempts]");
  }

  QuizForm.prototype.answers = function () {
    var out = [];
    for (var i = 0; i < this.quiz.questions.length; i++) {
      var q = this.quiz.questions[i];
      var fs = fieldset(q);
      out.push(fs && !fs.hidden ? unit(q).read(q, fs) : null);
    }
    return out;
  };

  QuizForm.prototype.show = function (view) {
    this.view = view;
    this.applyLayout(view.layout);
    for (var i = 0; i < this.quiz.questions.length; i++) {
      var q = this.quiz.questions[i];
      var fs = fieldset(q);
      var a = view.answers[i];
      if (fs && a !== null && a !== undefined) { unit(q).restore(q, fs, a); }
    }
    this.showAttempts(view);
    if (view.submitted) { this.showReview(view); } else { this.clearReview(); }
  };

  QuizForm.prototype.applyLayout = function (layout) {
    var number = 0;
    for (var i = 0; i < this.quiz.questions.length; i++) {
      var q = this.quiz.questions[i];
      var fs = fieldset(q);
      if (!fs) { continue; }
      var drawn = layout.questions.indexOf(i) >= 0;
      setHidden(fs, !drawn);
      fs.disabled = !drawn;
      if (!drawn) { continue; }
      number++;
      var label = fs.querySelector(".question-number");
      if (label) { label.textContent = "Question " + number + "."; }
      var order = layout.orders[q.id];
      var boxes = order ? all(fs, "[data-shuffle]") : [];
      for (var b = 0; b < boxes.length; b++) { reorder(boxes[b], q[q.shuffle], order); }
    }
  };

  /* Put the children of box that carry data-key in the given order (others stay first). */
  function reorder(box, ids, order) {
    var byKey = {};
    for (var r = 0; r < box.children.length; r++) {
      var row = box.children[r];
      if (row.getAttribute("data-key") !== null) { byKey[row.getAttribute("data-key")] = row; }
    }
    for (var c = 0; c < order.length; c++) { box.appendChild(byKey[ids[order[c]]]); }
  }

  QuizForm.prototype.showAttempts = function (view) {
    var line = this.attemptsLine;
    if (!line) { return; }
    var limit = this.session.course.completion.attempts;
    if (view.attemptsLeft === null || !limit) { setHidden(line, true); return; }
    line.textContent = "Attempts used: " + view.attempts + " of " + limit + ".";
    setHidden(line, false);
  };

  QuizForm.prototype.clearReview = function () {
    var boxes = all(this.form, "[data-role=feedback]");
    for (var i = 0; i < boxes.length; i++) { setHidden(boxes[i], true); }
    setHidden(this.result, true);
    setHidden(this.retakeButton, true);
    setHidden(this.submitButton, false);
    setHidden(this.error, true);
  };

  QuizForm.prototype.showReview = function (view) {
    var review = view.review;
    for (var i = 0; i < this.quiz.questions.length; i++) {
      var q = this.quiz.questions[i];
      var fs = fieldset(q);
      if (!fs || fs.hidden) { continue; }
      this.showFeedback(q, fs, review.questions[q.id]);
      fs.disabled = true;  // a submitted attempt is read-only; retake starts a new one
    }
    setHidden(this.submitButton, true);
    setHidden(this.retakeButton, !view.canRetake);
    this.showResult(view);
  };

  QuizForm.prototype.showFeedback = function (q, fs, ok) {
    var box = fs.querySelector("[data-role=feedback]");
    if (!box) { return; }
    var verdict = box.querySelector("[data-role=verdict]");
    if (verdict) { verdict.textContent = ok === true ? "Correct." : (ok === false ? "Incorrect." : ""); }
    var parts = all(box, "[data-feedback]");
    var chosen = checkedValues(fs);
    for (var i = 0; i < parts.length; i++) {
      var key = parts[i].getAttribute("data-feedback");
      var show = (key === "correct" && ok === true) || (key === "incorrect" && ok === false) ||
        (key.indexOf("choice:") === 0 && chosen.indexOf(key.slice(7)) >= 0);
      setHidden(parts[i], !show);
    }
    box.className = box.className.replace(/\s*\bis-(correct|incorrect)\b/g, "") +
      (ok === true ? " is-correct" : (ok === false ? " is-incorrect" : ""));
    setHidden(box, ok === null && !box.querySelector(".rationale"));
  };

  QuizForm.prototype.showResult = function (view) {
    var el = this.result;
    if (!el) { return; }
    var kind = this.quiz.kind;
    var text;
    if (kind === "survey") {  // a survey's answers reach no one but the LMS: say where they are
      text = sb.trackingTexts(this.session).survey;
    } else if (kind === "assessment") {
      var earlier = view.review.passed && view.review.score < view.passingScore;  // a mark raised since
      text = "Your score: " + view.review.score + "%. " + (view.review.passed ?
        (earlier ? "You passed (under the pass mark of the day; it is now " + view.passingScore + "%)." :
         "You passed (pass mark " + view.passingScore + "%).") :
        "You did not reach the pass mark of " + view.passingScore + "%.") +
        (view.canRetake ? " You can try again." : "") +
        (!view.review.passed && !view.canRetake ? " You have no attempts left." : "");
    } else {
      text = "You scored " + view.review.score + "%. Read the feedback under each question.";
    }
    el.innerHTML = "";
    var h = doc.createElement("h2");
    h.textContent = kind === "survey" ? "Survey submitted" : "Result";
    var p = doc.createElement("p");
    p.textContent = text;
    el.appendChild(h);
    el.appendChild(p);
    setHidden(el, false);
  };

  QuizForm.prototype.firstProblem = function (answers) {
    for (var i = 0; i < this.quiz.questions.length; i++) {
      var q = this.quiz.questions[i];
      var fs = fieldset(q);
      if (fs && !fs.hidden && !sb.isAnswered(q, answers[i])) { return {question: q, fieldset: fs}; }
    }
    return null;
  };

  QuizForm.prototype.submit = function () {
    var answers = this.answers();
    var problem = this.firstProblem(answers);
    if (problem) {
      var number = problem.fieldset.querySelector(".question-number");
      var told = unit(problem.question).unanswered;
      this.error.textContent = "Please answer " + (number ? number.textContent.replace(/\.$/, "") : "every question") +
        (typeof told === "function" ? told(problem.question) : told);
      setHidden(this.error, false);
      var target = problem.fieldset.querySelector("input, select, textarea");
      if (target) { target.focus(); }
      return;
    }
    setHidden(this.error, true);
    var view = this.session.submitQuiz(this.id, answers, {shownAt: this.shownAt, answeredAt: this.answeredAt});
    this.show(view);
    if (this.result) { this.result.focus(); }
  };

  QuizForm.prototype.retake = function () {
    var view = this.session.retake(this.id);
    var fields = all(this.form, "fieldset.question");
    for (var i = 0; i < fields.length; i++) { fields[i].disabled = false; }
    this.form.reset();
    this.answeredAt = {};
    this.shownAt = now();
    this.show(view);
    var first = this.form.querySelector("fieldset.question:not([hidden]) input, fieldset.question:not([hidden]) select");
    if (first) { first.focus(); }
  };

  QuizForm.prototype.changed = function (target) {
    var fs = target;
    while (fs && fs.tagName !== "FIELDSET") { fs = fs.parentNode; }
    if (fs) { this.answeredAt[fs.getAttribute("data-question-id")] = now(); }
    this.session.saveAnswers(this.id, this.answers());
  };

  QuizForm.prototype.typed = function () {
    var self = this;  // text typed in a field: saved like a change, once typing pauses
    if (this.typing) { w.clearTimeout(this.typing); }
    this.typing = w.setTimeout(function () { self.typing = null; self.session.saveAnswers(self.id, self.answers()); }, 1000);
  };

  /* Text typed less than the pause ago: handed over now (the learner is leaving or hiding). */
  QuizForm.prototype.flushTyping = function () {
    if (!this.typing) { return; }
    w.clearTimeout(this.typing);
    this.typing = null;
    this.session.saveAnswers(this.id, this.answers());
  };

  /* A comment box takes no more than the LMS keeps (SCORM 1.2: 255 characters), and says so:
     the learner is never told "submitted" for text the LMS cut off. */
  QuizForm.prototype.limitText = function () {
    var limit = this.session.textLimit ? this.session.textLimit() : null;
    var boxes = all(this.form, "textarea[maxlength]");
    for (var i = 0; limit && i < boxes.length; i++) {
      var box = boxes[i];
      if (+box.getAttribute("maxlength") <= limit) { continue; }
      box.setAttribute("maxlength", String(limit));
      var note = doc.createElement("p");
      note.className = "field-note";
      note.id = box.id + "-limit";
      note.textContent = "At most " + limit + " characters: your learning management system keeps no more.";
      box.parentNode.insertBefore(note, box.nextSibling);
      box.setAttribute("aria-describedby", note.id);
    }
  };

  QuizForm.prototype.wire = function () {
    var self = this;
    this.form.addEventListener("submit", function (e) { e.preventDefault(); self.submit(); }, false);
    this.form.addEventListener("change", function (e) { self.changed(e.target); }, false);
    this.form.addEventListener("input", function () { self.typed(); }, false);
    if (this.retakeButton) { this.retakeButton.addEventListener("click", function () { self.retake(); }, false); }
  };

  /* ---------------------------------------------------------------- the completion page */

  function fill(field, text) {
    var el = doc.querySelector("[data-field=" + field + "]");
    if (el) { el.textContent = text; }
  }

  function showRecord(s) {
    var r = s.summary();
    if (r.tracking) { fill("learner", r.learnerName || "Not provided by your learning management system"); }
    // as the LMS records it: a mode that reports a failed course as incomplete is not complete
    var state = !r.completed ? "Not yet complete" : !r.finished ?
      "Not complete: final assessment not passed, no attempts left" :
      (r.passed === false ? "Complete (assessment not passed)" : "Complete");
    fill("status", state + sb.trackingTexts(r.trackingState).results);  // never more than the LMS confirmed
    fill("score", r.score === null ? "Not yet taken" : r.score + "% (pass mark " + r.passingScore + "%)");
    fill("date", r.date);
    fill("time", r.timeSpent);
    var list = doc.querySelector("[data-field=todo]");
    if (list) {
      list.innerHTML = "";
      var items = r.todo.length ? r.todo : ["Nothing: you have completed the course."];
      for (var i = 0; i < items.length; i++) {
        var li = doc.createElement("li");
        li.textContent = items[i];
        list.appendChild(li);
      }
    }
    var print = doc.querySelector("[data-role=print]");
    if (print) { print.addEventListener("click", function () { w.print(); }, false); }
  }

  /* ---------------------------------------------------------------- start */

  /* Whichever unloads first, this page or the launch page, the answer being typed reaches the
     session before its last save (Session.end asks the page; this page's own pagehide hands it
     over too). */
  function collectTyping(s, quiz) {
    var collect = function () { quiz.flushTyping(); };
    if (s.collectWith) { s.collectWith(collect); }
    w.addEventListener("pagehide", function () {
      quiz.flushTyping();
      if (s.collectWith && s.collector === collect) { s.collectWith(null); }
    }, false);
  }

  function start() {
    var s = session();
    if (!s) { return; }
    var id = doc.body.getAttribute("data-page-id");
    if (s.touch) {
      var touch = function () { s.touch(); };
      var events = ["keydown", "pointerdown", "scroll", "touchstart"];
      for (var i = 0; i < events.length; i++) { doc.addEventListener(events[i], touch, true); }
    }
    s.pageShown(id);
    // the LMS's own limit on typed numbers, where the build knows a stricter one
    var digits = s.numberDigits ? s.numberDigits() : null;
    if (digits) { sb.LIMITS.numberDigits = digits; }
    var form = doc.querySelector("form[data-quiz-id]");
    if (form && s.course.quizzes[form.getAttribute("data-quiz-id")]) {
      var quiz = new QuizForm(form, s);
      quiz.limitText();
      quiz.wire();
      quiz.show(s.quizView(quiz.id));
      sb.quiz = quiz;
      collectTyping(s, quiz);
    }
    if (doc.body.getAttribute("data-page-kind") === "completion") { showRecord(s); }
  }

  try { start(); } catch (e) {
    try { w.console.error("[scormbuild] page script: " + (e && e.message || e)); } catch (ignore) { /* nothing */ }
  }
}(window));
