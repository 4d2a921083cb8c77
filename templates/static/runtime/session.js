/* scormbuild runtime: the learner's session. Decides completion, success and score, keeps the
   progress record, and saves to the LMS: at once on every page and submitted quiz, a few
   seconds after an answer changes, every few minutes while the course is open (keep-alive),
   and again after a failure until the LMS accepts it. docs/tracking.md gives the rules and
   the SCORM sections behind them. Never names an edition (ScormBuild.adapter does). ES5. */
(function (w) {
  "use strict";
  var sb = w.ScormBuild = w.ScormBuild || {};
  var MAX_ATTEMPTS_STORED = sb.LIMITS.attemptsStored;
  var ANSWER_DELAY_MS = 3000;                 // answers in progress: saved this long after the last change
  var RETRY_MS = [5000, 15000, 30000, 60000]; // after a failed save, then every minute
  var DEFAULT_KEEP_ALIVE_MINUTES = 5;
  var BUDGET_SHARE = 0.8;  // as the build's suspend_data budget (render/suspend_budget.py)

  /* How the LMS opened the course (its launch mode, RTE 4.2.16, which each adapter reads),
     one unit per mode. readsSaved: the saved record is read whatever the entry value says, to show
     it. viewOnly(session, restored): nothing at all is written this launch (restored: a saved
     record was read back). Whether an LMS keeps what a SCO writes in review or browse mode is
     left to it (some drop it and still answer "true"), so those launches write nothing and say
     so, except a review of an attempt that neither the LMS nor the saved record holds as
     finished: Moodle reopens every attempt whose status reads completed, passed or failed in
     review mode (mod/scorm scorm_check_mode), which the 1.2 "-failed" status pairs write while
     attempts are left, and keeps what it is sent there. tellsCredit: a launch the LMS
     opens without credit is told as such; a review or a preview is no-credit by its nature, and
     Moodle's recording review (above) keeps what it is sent. docs/tracking.md, "Review and
     browse". */
  var LAUNCH_MODES = {
    normal: {readsSaved: false, tellsCredit: true, viewOnly: function () { return false; }},
    review: {readsSaved: true, tellsCredit: false, viewOnly: function (session, restored) {
      return !restored || !!session.launch.lmsDone || session.finished();
    }},
    browse: {readsSaved: true, tellsCredit: false, viewOnly: function () { return true; }}
  };
  sb.launchMode = function (name) {
    return Object.prototype.hasOwnProperty.call(LAUNCH_MODES, name) ? LAUNCH_MODES[name] : LAUNCH_MODES.normal;
  };

  function Session(course, adapter, connection) {
    this.course = course;
    this.adapter = adapter;
    this.lms = connection;
    this.recorder = connection ? new sb.Recorder(connection, adapter) : null;
    this.tracking = !!connection;
    this.state = new sb.State(course);
    this.startedAt = sb.ticks();  // spans: sb.ticks
    this.startedOn = sb.now();    // the date the launch began (an answer's time when unknown)
    this.launch = {learnerName: "", resume: false, location: "", passingScore: null, totalTimeMs: 0};
    this.options = course.tracking || {};
    this.ended = false;
    this.saved = null;          // null: nothing saved yet; true: the LMS accepted the last save
    this.savedPage = "";        // the page the learner was on at the last accepted save
    this.failures = 0;
    this.timers = {answers: null, retry: null, keepAlive: null};
    this.activeSince = sb.ticks();
    this.onChange = null;       // the launch page redraws its status
    this.blocked = null;        // launch values the LMS did not give back: nothing is written over them
    this.viewOnly = null;       // "review" or "browse": the LMS opened the course to look, not to record
    this.collector = null;      // the page shown hands over what the learner is still typing
    var self = this;
    if (this.recorder) {
      // a new record's index is its question's alone: another question that kept the same index
      // from an earlier session (whose record the LMS no longer holds there: its count started
      // again) gets a new record when answered again, never one written over this one
      this.recorder.onSlot = function (job, index) {
        var quizzes = self.state.quizzes;
        for (var id in quizzes) {
          if (!quizzes.hasOwnProperty(id)) { continue; }
          for (var key in quizzes[id].s) {
            if (quizzes[id].s.hasOwnProperty(key) && quizzes[id].s[key] === index) { delete quizzes[id].s[key]; }
          }
        }
        var s = quizzes[job.quiz];
        if (s) { s.s[job.key] = index; }
        self.writeProgress();
      };
    }
  }

  /* adopted: {elapsed, alreadyDone, jobs, filled} when this page continues the LMS session of a
     page that reloaded (ScormBuild.startShell): that session's launch facts and the answers
     it had not yet written. */
  Session.prototype.begin = function (adopted) {
    if (this.lms) {
      this.launch = this.adapter.readLaunch(this.lms, adopted || null, this.course.completion);
      if (adopted) {
        this.startedAt = sb.ticks() - adopted.elapsed;  // the session time goes on
        // the page the learner was on: the bookmark the LMS gives back is the last one saved,
        // and a launch that records nothing saved none
        if (adopted.page && this.pageById(adopted.page)) { this.launch.location = adopted.page; }
      }
      var restored = false;
      if (this.launch.unreadable && this.launch.unreadable.length) {
        this.blocked = this.launch.unreadable;  // a failed read is not "nothing saved"
        sb.note("warn", "the LMS did not give back " + this.blocked.join(", ") + ": nothing will be written over it");
      } else {
        // a reload: the leaving page's record, newer than the LMS's when a save was refused
        var saved = adopted && adopted.state ? adopted.state : this.launch.suspendData;
        restored = !!saved && this.state.decode(saved);
        if (saved && !restored) { sb.note("warn", "saved progress unreadable; starting afresh"); }
      }
      // a reload keeps the decision of the page it takes over from: that page may have
      // finished the attempt it was recording
      var viewOnly = adopted ? adopted.viewOnly || null :
        (sb.launchMode(this.launch.mode).viewOnly(this, restored) ? this.launch.mode : null);
      if (viewOnly) {
        this.viewOnly = viewOnly;
        sb.note("info", "opened in " + viewOnly + " mode: nothing will be written");
      } else {
        // answers the leaving page had not written are written whatever else failed: each
        // goes at the LMS's own _count, over nothing the learner saved
        if (adopted && adopted.filled) { this.recorder.adoptFilled(adopted.filled); }
        if (adopted && adopted.jobs) { this.recorder.adoptJobs(adopted.jobs); }
        if (!this.blocked) { this.wantScore(); }
        // a submitted attempt whose records the LMS had not all accepted when the last window
        // closed: its records again, from the saved answers (a reload hands its jobs over)
        if (!this.blocked && !adopted) { this.recordAgain(); }
      }
    }
    this.currentPage = this.resumePage().id;
    if (adopted && adopted.elsewhere) {
      // the page before this reload had lost the attempt to another window; what it had
      // finished and the LMS had accepted stays told so (this page has saved nothing itself)
      this.superseded(adopted.doneBefore === true);
    } else {
      this.claimWindow();
    }
    this.writeProgress();
    this.save("launch");
    this.startKeepAlive();
  };

  /* One window records an attempt at a time. A second launch of the course for the same learner
     (the LMS opened in another tab, the course launched there) takes the attempt over, and this
     window stops recording: its next save would write its own progress record, which knows
     nothing of what was done in the other window, over that window's. The windows tell each
     other through localStorage (the key names the course and the learner); where the browser
     gives none, nothing is guarded. A reload of a superseded window stays superseded. */
  var OPEN_KEY = "scormbuild-open:";

  Session.prototype.claimWindow = function () {
    var self = this;
    var store = null;
    try { store = w.localStorage || null; } catch (e) { store = null; }
    // a window that records nothing (view-only, or its launch reads failed) takes nothing over
    if (!store || !this.recorder || this.viewOnly || this.blocked) { return; }
    // one attempt: this course, in this edition (a package of its own in the LMS), this learner
    var key = OPEN_KEY + this.course.id + ":" + this.adapter.apiName + ":" + (this.launch.learnerId || "");
    var token = sb.now() + ":" + Math.random();
    try { store.setItem(key, token); } catch (e) { return; }
    this.claim = {store: store, key: key, token: token};
    if (w.addEventListener) {
      w.addEventListener("storage", function (e) {
        if (e && e.key === key && e.newValue !== null && e.newValue !== token) { self.superseded(); }
      }, false);
    }
  };

  /* An answer given in a window that another has taken the attempt from: nothing records it,
     so that window no longer says its progress is saved (trackingState). */
  Session.prototype.unrecorded = function () {
    if (this.lms && this.lms.elsewhere && this.lms.doneBefore) {
      this.lms.doneBefore = false;
      this.changed();
    }
  };

  /* Whether no other window has taken the attempt over since this one claimed it. */
  Session.prototype.ownsAttempt = function () {
    var c = this.claim;
    if (!c) { return !(this.lms && this.lms.elsewhere); }
    var now = null;
    try { now = c.store.getItem(c.key); } catch (e) { return true; }
    return now === null || now === c.token;
  };

  /* Another window records this attempt now: nothing more is written from this one, and its
     session is never terminated (an LMS stores the API object's whole data model at Terminate:
     Moodle's players do, scorm-again with a commit address does, and this window's is older);
     the learner is told to continue there. */
  Session.prototype.superseded = function (doneBefore) {
    if (!this.lms || this.lms.elsewhere) { return; }
    // a course finished with every value accepted stays told so: the LMS holds it (until the
    // learner gives an answer here that nothing will record: unrecorded)
    this.lms.doneBefore = doneBefore === true || (this.recorded() && this.finished());
    this.lms.over = true;
    this.lms.elsewhere = true;
    this.clearTimer("answers");
    this.clearTimer("retry");
    this.clearTimer("keepAlive");
    sb.note("warn", "this course was opened in another window, which records it now: nothing more is recorded from this one");
    this.changed();
  };

  /* The final assessment's latest score, whenever one was submitted: written at submission,
     and again by every later launch of the attempt, so a score the LMS refused before a reload
     or a closed window still reaches it (the same value: never an intermediate one). */
  Session.prototype.wantScore = function () {
    var id = this.course.completion.finalAssessment;
    var s = id ? this.state.quizzes[id] : null;
    if (!this.recorder || this.viewOnly || this.blocked || this.launch.alreadyDone || !s || !s.n || s.c < 0) { return; }
    this.recorder.want("score", this.adapter.score({percent: s.c}));
  };

  /* The LMS holds this attempt as passed: a course update that raised the pass mark since the
     assessment was submitted does not turn it into a fail. */
  Session.prototype.heldPass = function () { return this.launch.lmsPassed === true; };

  /* A pass judged under the pass mark of its day (the final's state p, or the LMS's own pass) is
     kept after a course update raised the mark, unless the LMS judges success itself from a pass
     mark it gives (SCORM 2004 scaled_passing_score, RTE 4.2.22): it would record "failed"
     while the learner read "You passed". */
  Session.prototype.keptPass = function (s) {
    // a page opened on its own has no adapter (nothing is recorded): its own rules stand
    if (this.adapter && this.adapter.lmsJudgesPass && this.launch.passingScore !== null) { return false; }
    return s.p === 1 || this.heldPass();
  };

  /* Whether a final's score (a percentage, in hundredths) reaches the pass mark: the LMS's own,
     judged as the LMS judges it where the adapter says how (SCORM 2004 reachesMark), else the
     one passingScore() gives. */
  Session.prototype.reaches = function (percent) {
    if (this.launch.passingScore !== null && this.adapter && this.adapter.reachesMark) {
      return this.adapter.reachesMark(percent, this.launch);
    }
    return percent >= this.passingScore();
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
    var page = this.launch.location ? this.pageById(this.launch.location) : null;
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
    // a pass stays a pass where the LMS keeps it (keptPass): a course update that raised the pass
    // mark since does not take it back (the attempt was judged under the rules of its day)
    var passed = final && final.n > 0 ? this.reaches(final.c) || this.keptPass(final) : null;
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

  /* The progress record as this page holds it, for the page that takes its session over after
     a reload (ScormBuild.startShell): no LMS limit applies, and a retake in progress is kept
     beside the attempt it replaces (State.encode). */
  Session.prototype.handoverData = function () { return this.state.encode(0, true); };

  Session.prototype.suspendData = function () {
    var budget = Math.floor(this.adapter.suspendDataLimit * BUDGET_SHARE);
    var text = this.state.encode(budget);
    if (text.length > this.adapter.suspendDataLimit) {
      sb.note("warn", "progress record too long (" + text.length + " characters); answers in progress dropped");
      this.state.dropAnswersInProgress();
      text = this.state.encode(budget);
    }
    return text;
  };

  /* Put the current status, bookmark and exit in the write queue (saved by the next save). */
  Session.prototype.writeProgress = function () {
    var status = this.evaluate();
    if (status.completed && !this.state.completedOn) { this.state.completedOn = sb.isoDate(new Date()); }
    if (!this.recorder || this.viewOnly) { return status; }
    var a = this.adapter;
    if (this.blocked) {  // only what keeps the LMS's record for the next launch: suspend
      // (an attempt the LMS holds as finished has nothing to resume: its exit stays as it is)
      if (!this.launch.alreadyDone) { this.recorder.want("exit", a.exit(false)); }
      return status;
    }
    var location = (this.currentPage || "").slice(0, a.locationLimit);
    if (!this.launch.alreadyDone) {  // a finished attempt keeps its record: this visit did not read it
      this.recorder.want("bookmark", a.bookmark(location, this.suspendData()));
      this.recorder.want("status", a.status(status, this.launch));  // never downgraded
    }
    this.recorder.want("exit", a.exit(a.finished(status) || !!this.launch.alreadyDone));
    return status;
  };

  /* Is the attempt over as the LMS records it (its status says so, and the exit lets it end)? */
  Session.prototype.finished = function () {
    return !!this.launch.alreadyDone || this.adapter.finished(this.evaluate());
  };

  Session.prototype.elapsed = function () { return Math.round(sb.ticks() - this.startedAt); };

  /* Write what is pending and commit. The session time goes with every commit, so a save that
     never arrives at the end costs at most the time since the last one (RTE 4.2.21). */
  Session.prototype.save = function (reason) {
    // over: nothing can be recorded; view-only: nothing may be
    if (!this.recorder || this.viewOnly || !this.lms.open || this.lms.over) { return false; }
    if (!this.ownsAttempt()) { this.superseded(); return false; }  // another window records it
    if (this.lms.hostGone && this.lms.hostGone()) {  // the LMS page is gone: nothing reaches it
      this.lms.over = true;
      this.lms.hostClosed = true;
      sb.note("warn", "the LMS window was closed or left the course: nothing more can be recorded from this window");
      this.changed();
      return false;
    }
    this.clearTimer("answers");
    this.recorder.want("time", this.adapter.sessionTime(this.elapsed()));
    var written = this.recorder.flush();
    if (this.markRecorded()) { this.writeProgress(); written = this.recorder.flush(); }
    var committed = this.lms.commit();
    var ok = written && committed;
    this.failures = ok ? 0 : this.failures + 1;
    this.saved = ok;
    if (ok) { this.savedPage = this.currentPage; }
    sb.note("info", "save (" + reason + "): " + (ok ? "accepted" : "not accepted"));
    if (!ok && !this.ended && !this.lms.over) { this.retryLater(); }  // an ended session stays ended
    this.changed();
    return ok;
  };

  Session.prototype.changed = function () {
    if (this.onChange) { try { this.onChange(); } catch (e) { sb.note("warn", "status display: " + e.message); } }
  };

  Session.prototype.clearTimer = function (name) {
    if (this.timers[name]) { w.clearTimeout(this.timers[name]); this.timers[name] = null; }
  };

  Session.prototype.retryLater = function () {
    var self = this;
    var delay = RETRY_MS[Math.min(this.failures, RETRY_MS.length) - 1];
    this.clearTimer("retry");
    this.timers.retry = w.setTimeout(function () { self.timers.retry = null; self.save("retry"); }, delay);
  };

  /* Answers in progress: one save shortly after the learner stops changing them. */
  Session.prototype.saveSoon = function () {
    var self = this;
    if (!this.recorder || this.ended) { return; }
    this.clearTimer("answers");
    this.timers.answers = w.setTimeout(function () { self.timers.answers = null; self.save("answers"); }, ANSWER_DELAY_MS);
  };

  /* The learner did something (any page): keep-alive saves only run for an active learner. */
  Session.prototype.touch = function () { this.activeSince = sb.ticks(); };

  Session.prototype.keepAliveMs = function () {
    var minutes = +this.options.keepAliveMinutes || DEFAULT_KEEP_ALIVE_MINUTES;
    return Math.max(1000, minutes * 60000);
  };

  /* While the session is open and the learner active or the course visible, save every few
     minutes, so LMSs that end idle sessions (30 minutes in SAP SuccessFactors) do not. */
  Session.prototype.startKeepAlive = function () {
    var self = this;
    if (!this.recorder || this.viewOnly) { return; }
    var every = this.keepAliveMs();
    var tick = function () {
      if (self.ended || !self.lms.open || self.lms.over) { return; }
      var visible = !w.document || w.document.visibilityState !== "hidden";
      if (visible || sb.ticks() - self.activeSince < every) { self.save("keep-alive"); }
      self.timers.keepAlive = w.setTimeout(tick, every);
    };
    this.timers.keepAlive = w.setTimeout(tick, every);
  };

  /* The last save of this page. terminate(lms) ends the LMS session (now or a moment later:
     see ScormBuild.startShell). */
  Session.prototype.end = function (terminate) {
    if (this.ended) { return; }
    this.collect();  // before ended: an ended session takes no more answers
    this.ended = true;
    for (var name in this.timers) { if (Object.prototype.hasOwnProperty.call(this.timers, name)) { this.clearTimer(name); } }
    if (!this.recorder) { return; }
    this.writeProgress();
    this.save("leaving");
    if (this.claim && !this.lms.elsewhere && this.ownsAttempt()) {
      try { this.claim.store.removeItem(this.claim.key); } catch (e) { /* nothing to tidy */ }
    }
    if (terminate) {
      terminate(this.lms);  // shell.js: not for a window another one superseded
    } else if (!this.lms.elsewhere) {
      this.lms.terminate();
    }
  };

  /* The page shown registers how to hand over answers still being typed (page.js); the
     session asks for them before it saves on hiding and leaving. */
  Session.prototype.collectWith = function (fn) { this.collector = fn || null; };

  Session.prototype.collect = function () {
    var fn = this.collector;
    if (fn) { try { fn(); } catch (e) { this.collector = null; } }  // a page already gone
  };

  /* What the learner may be told: was everything they did accepted by the LMS? */
  Session.prototype.recorded = function () {
    return !!this.recorder && !this.viewOnly && !this.blocked && this.saved === true && !this.recorder.pending();
  };

  /* ---- what pages call (through window.parent, so only plain data crosses) */

  Session.prototype.pageShown = function (id) {
    var page = this.pageById(id);
    if (this.ended || !page) { return; }
    this.currentPage = id;
    // a lesson is viewed when its page says so (learner.js: its end reached, or time spent)
    if (page.kind !== "lesson" || !this.course.completion.lessonViewedSeconds) { this.state.viewed[id] = true; }
    this.touch();
    this.writeProgress();
    if (!this.save("page")) { this.changed(); }
  };

  /* A lesson page reports that the learner reached its end or stayed the minimum time. */
  Session.prototype.pageViewed = function (id) {
    if (this.ended || !this.pageById(id) || this.state.viewed[id]) { return; }
    this.state.viewed[id] = true;
    this.touch();
    this.writeProgress();
    if (!this.save("viewed")) { this.changed(); }
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
    var view = {layout: sb.layout(quiz, s.k), answers: this.state.answerList(quizId), submitted: s.x === 1,
                attempts: s.n, attemptsLeft: left, canRetake: s.x === 1 && quiz.scored && !locked,
                passingScore: this.passingScore(), tracking: this.tracking};
    if (s.x === 1) { view.review = this.review(quizId); }
    return sb.copy(view);
  };

  Session.prototype.saveAnswers = function (quizId, answers) {
    var s = this.state.quizzes[quizId];
    if (!this.course.quizzes[quizId] || !s || s.x === 1 || this.ended) { return; }
    this.state.storeAnswers(quizId, sb.copy(answers));
    this.unrecorded();
    this.touch();
    this.writeProgress();
    this.saveSoon();
  };

  /* Per drawn question: correct or not, for the feedback shown after submitting. */
  Session.prototype.review = function (quizId) {
    var quiz = this.course.quizzes[quizId];
    var s = this.state.quizzes[quizId];
    var layout = sb.layout(quiz, s.k);
    var answers = this.state.answerList(quizId);
    var out = {questions: {}, score: s.c, passed: null};
    for (var i = 0; i < layout.questions.length; i++) {
      var q = quiz.questions[layout.questions[i]];
      var a = answers[layout.questions[i]];
      out.questions[q.id] = sb.isScored(q) && sb.isAnswered(q, a) ? sb.grade(q, a).ok : null;
    }
    if (quiz.scored) {
      out.passed = this.reaches(s.c) ||
        (quizId === this.course.completion.finalAssessment && this.keptPass(s));
    }
    return out;
  };

  /* timing: {shownAt, answeredAt: {questionId: ms}} (epoch ms). Returns the new view. */
  Session.prototype.submitQuiz = function (quizId, answers, timing) {
    var quiz = this.course.quizzes[quizId];
    var s = this.state.quizzes[quizId];
    if (!quiz || !s || s.x === 1 || this.ended) { return this.quizView(quizId); }
    var live = sb.copy(answers) || [];
    s.h = null;  // this attempt's records replace those of the one before (Recorder.interaction)
    this.state.storeAnswers(quizId, live);
    var result = this.recordAttempt(quizId, live, timing);
    this.unrecorded();
    var earned = result.earned;
    var total = result.total;
    s.x = 1;
    s.n = Math.min(MAX_ATTEMPTS_STORED, s.n + 1);
    s.c = quiz.scored ? sb.round2(total ? 100 * earned / total : 0) : -1;
    if (quizId === this.course.completion.finalAssessment) {
      s.p = this.reaches(s.c) ? 1 : 0;  // judged under the pass mark of its day
      this.wantScore();
    }
    this.touch();
    this.writeProgress();
    if (!this.save("quiz")) { this.changed(); }
    return this.quizView(quizId);
  };

  /* Grade the drawn questions of the current attempt and queue their records; live: the answers
     as the page read them (free text is never stored). */
  Session.prototype.recordAttempt = function (quizId, live, timing) {
    var quiz = this.course.quizzes[quizId];
    var s = this.state.quizzes[quizId];
    var stored = this.state.answerList(quizId);
    var layout = sb.layout(quiz, s.k);
    var earned = 0;
    var total = 0;
    if (this.recorder && !this.viewOnly && !this.blocked && this.records(quiz)) { s.u = 1; }
    for (var i = 0; i < layout.questions.length; i++) {
      var index = layout.questions[i];
      var q = quiz.questions[index];
      var a = q.type === "text" ? live[index] : stored[index];
      total += sb.isScored(q) ? q.weight : 0;  // every drawn scored question counts, answered or not
      if (!sb.isAnswered(q, a) || (q.type === "text" && !a)) { continue; }
      var graded = sb.grade(q, a);
      earned += graded.ok ? q.weight : 0;
      this.recordInteraction(quiz, q, graded, timing);
    }
    return {earned: earned, total: total};
  };

  Session.prototype.recordAgain = function () {
    for (var id in this.state.quizzes) {
      if (!Object.prototype.hasOwnProperty.call(this.state.quizzes, id) || !this.course.quizzes[id]) { continue; }
      var s = this.state.quizzes[id];
      if (s.u && s.x === 1) { this.recordAttempt(id, this.state.answerList(id), null); }
    }
  };

  /* Quizzes whose records have all been accepted: no longer marked (true when one changed). */
  Session.prototype.markRecorded = function () {
    var changed = false;
    var queue = this.recorder.queue;
    for (var id in this.state.quizzes) {
      if (!Object.prototype.hasOwnProperty.call(this.state.quizzes, id) || !this.state.quizzes[id].u) { continue; }
      var left = false;
      for (var i = 0; i < queue.length; i++) { if (queue[i].quiz === id) { left = true; } }
      if (!left) { this.state.quizzes[id].u = 0; this.state.quizzes[id].h = null; changed = true; }
    }
    return changed;
  };

  /* The longest typed text the LMS keeps of a response (the adapter's textLimit), or null when
     nothing is recorded: the page lowers its comment boxes to it. */
  Session.prototype.textLimit = function () {
    return this.tracking && this.adapter.textLimit ? this.adapter.textLimit : null;
  };

  /* The most integer digits the LMS takes in a typed number, where the build knows it takes
     fewer than the data model (a target LMS's player: the adapter's numberDigits), else null. */
  Session.prototype.numberDigits = function () {
    return this.tracking && this.adapter.numberDigits ? this.adapter.numberDigits : null;
  };

  /* Which quizzes record their answers as interactions (course option tracking.interactions). */
  Session.prototype.records = function (quiz) {
    var kinds = this.options.interactions;
    return !kinds || kinds.indexOf(quiz.kind) >= 0;
  };

  /* One record per question, kept at the same index for later attempts (RTE 4.2.9 lets a SCO
     keep interactions as the latest state). The index is the LMS's own _count when first written. */
  Session.prototype.recordInteraction = function (quiz, q, graded, timing) {
    if (!this.recorder || this.viewOnly || this.blocked || !this.records(quiz)) { return; }
    var s = this.state.quizzes[quiz.id];
    var shownAt = timing && timing.shownAt ? timing.shownAt : this.startedOn;
    var answeredAt = timing && timing.answeredAt && timing.answeredAt[q.id] ? timing.answeredAt[q.id] : shownAt;
    var pairs = this.adapter.interaction({
      id: quiz.id + "." + q.id, type: q.type, response: graded.response, correct: graded.correct,
      result: graded.ok === null ? null : (graded.ok ? "correct" : "incorrect"),
      weight: q.weight, latencyMs: Math.max(0, answeredAt - shownAt), when: new Date(shownAt),
      description: this.options.descriptions ? q.description : "", objective: q.objective
    });
    this.recorder.interaction({slot: s.s[q.slot] === undefined ? null : s.s[q.slot], pairs: pairs,
                               quiz: quiz.id, key: q.slot});
  };

  Session.prototype.retake = function (quizId) {
    var view = this.quizView(quizId);
    var s = this.state.quizzes[quizId];
    if (!view || !view.canRetake) { return view; }
    // the attempt whose records the LMS has not all taken stays what the LMS keeps until they
    // are in (State.encode): closing the window during the retake must not lose them
    s.h = s.u ? {k: s.k, a: s.a} : null;
    s.x = 0;
    s.a = {};
    s.k = sb.newSeed();
    this.writeProgress();
    this.saveSoon();
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
    if (status.completed && !this.finished()) {  // a mode that reports a failed course as incomplete
      todo.push("Ask your training coordinator about a new attempt: the final assessment was not " +
                "passed and no attempts are left.");
    }
    var score = status.score;
    if (this.launch.alreadyDone) {  // opened again without resume: the LMS's result, not this visit's
      var held = this.launch.lmsScore;
      status = {completed: true, progress: 1,
                passed: this.heldPass() ? true : (this.launch.lmsFailed ? false : status.passed)};
      score = held !== "" && held !== undefined && !isNaN(+held) ? +held : null;
      todo = [];
    }
    return sb.copy({
      learnerName: this.launch.learnerName, tracking: this.tracking, trackingState: this.trackingState(),
      recorded: this.recorded(), completed: status.completed, finished: this.finished(),
      passed: status.passed, score: score, passingScore: this.passingScore(),
      date: this.state.completedOn || sb.isoDate(new Date()),
      timeSpent: sb.humanDuration(this.launch.totalTimeMs + this.elapsed()),
      todo: todo, progress: status.progress
    });
  };

  /* "off" (no LMS), "refused" (the LMS would not open a session), "ended" (the LMS ended it
     since), "closed" (the LMS window this one was opened from was closed since), "review" or "browse" (opened to look: nothing written), "unread" (the LMS did not
     give back what it holds), "saved", "nocredit" (saved, in a launch the LMS will not
     credit), "failing", "saving". */
  Session.prototype.trackingState = function () {
    if (!this.tracking) { return this.refused ? "refused" : "off"; }
    if (this.lms.elsewhere && this.lms.doneBefore) { return "saved"; }
    if (this.lms.over) { return this.lms.elsewhere ? "elsewhere" : this.lms.hostClosed ? "closed" : "ended"; }
    if (this.viewOnly) { return this.viewOnly; }
    if (this.blocked) { return "unread"; }
    if (this.saved === false) { return "failing"; }
    if (!this.recorded()) { return "saving"; }
    return this.launch.noCredit && sb.launchMode(this.launch.mode).tellsCredit ? "nocredit" : "saved";
  };

  /* What the learner is told in each tracking state, one unit per state (docs/tracking.md, "What
     the learner is told"): never more than the LMS confirmed. status: the launch page's status
     line (finished: instead, once the course is finished); alert: the launch page's alert, a
     function of the session, or none; start: the start page's line about saving; results: what
     the results page adds to its "Status"; survey: what a submitted survey says. */
  var NOT_HERE = "Nothing you do in this window is recorded: see the message at the top of the course.";
  var PENDING = " – not yet recorded by your learning management system";
  var SURVEY_PENDING = "Thank you. Your answers are being sent to your learning management system: " +
                       "the top of the course shows when they are saved.";
  var SURVEY_NONE = "Your answers are not recorded: see the message at the top of the course.";
  var SAVING_ON = "Your place and answers are saved as you go: you can leave and come back later.";
  var SAVING_OFF = "Tracking is off: your place and answers are not saved. Open the course from " +
                   "your learning management system to keep them.";
  var NOT_ACCEPTED = "Your learning management system is not accepting your progress: " +
                     "see the message at the top of the course.";
  var RELAUNCH = "Close this window and launch the course again from your learning management " +
                 "system to continue.";

  function savedUpTo(title) { return title ? " Your progress up to “" + title + "” was saved." : ""; }

  var TRACKING_STATES = {
    off: {status: "Tracking is off: this course was not opened from a learning management " +
                  "system, so your progress is not saved.",
          start: SAVING_OFF, results: " – not recorded: no learning management system is tracking this visit",
          survey: SURVEY_NONE},
    refused: {status: "Tracking is off for this window.",
              alert: function (s) {
                return "Your learning management system did not open a session for this window" +
                  (s.refusedCode ? " (error " + s.refusedCode + ")" : "") +
                  ", so nothing you do here will be recorded. " + RELAUNCH + savedUpTo(s.refusedAt);
              },
              start: SAVING_OFF, results: " – not recorded: no learning management system is tracking this visit",
              survey: SURVEY_NONE},
    ended: {status: "Tracking has stopped for this window.",
            alert: function (s) {
              return "Your learning management system has ended this session (for example after a " +
                "long time without a connection), so nothing more you do here is recorded. " +
                RELAUNCH + savedUpTo((s.pageById(s.savedPage) || {}).title);
            },
            start: NOT_ACCEPTED, results: " – not recorded: your learning management system ended this session",
            survey: SURVEY_NONE},
    closed: {status: "Tracking has stopped for this window.",
             alert: function (s) {
               return "The learning management system window this course was opened from has been " +
                 "closed or has gone to another page, so nothing more you do here is recorded. " + RELAUNCH +
                 savedUpTo((s.pageById(s.savedPage) || {}).title);
             },
             start: NOT_ACCEPTED,
             results: " – not recorded: the learning management system window was closed or left the course",
             survey: SURVEY_NONE},
    elsewhere: {status: "Tracking has stopped for this window.",
                alert: function () {
                  return "This course was opened again in another window, which now records your " +
                    "progress, so nothing more you do here is recorded. Continue in the other window, " +
                    "or close both and launch the course again from your learning management system.";
                },
                start: NOT_HERE,
                results: " – not recorded: the course was opened again in another window",
                survey: SURVEY_NONE},
    unread: {status: "Tracking is off for this window.",
             alert: function (s) {
               return "Your learning management system did not give back your saved progress (" +
                 s.blocked.join(", ") + "), so nothing you do in this window is recorded: it would " +
                 "overwrite what you saved before. " + RELAUNCH;
             },
             start: NOT_HERE,
             results: " – not recorded: your learning management system did not give back your saved progress",
             survey: SURVEY_NONE},
    review: {status: "Review: your learning management system opened this course for you to look " +
                     "back at it, so nothing you do now is recorded.",
             start: NOT_HERE, results: " – this review is not recorded by your learning management system",
             survey: SURVEY_NONE},
    browse: {status: "Preview: your learning management system opened this course for you to look " +
                     "through it, so nothing you do now is recorded. Open it normally to have your " +
                     "progress recorded.",
             start: NOT_HERE, results: " – not recorded: your learning management system opened this course as a preview",
             survey: SURVEY_NONE},
    failing: {status: "Saving your progress…",
              alert: function () {
                return "Your progress is not saved: your learning management system did not accept " +
                  "it. Keep this window open while it tries again. If this message stays, contact " +
                  "your LMS administrator.";
              },
              start: NOT_ACCEPTED, results: PENDING, survey: SURVEY_PENDING},
    saving: {status: "Saving your progress…", start: SAVING_ON, results: PENDING, survey: SURVEY_PENDING},
    saved: {status: "Your progress is saved.", finished: "Course complete. Your result is saved.",
            start: SAVING_ON, results: "", survey: "Thank you: your answers have been submitted."},
    // the LMS accepted everything, but said it will not credit this launch ("no-credit"):
    // some LMSs then keep nothing (Chamilo's learnpathItem::write_to_db)
    nocredit: {status: "Your learning management system opened this course without credit: " +
                       "what you do is sent to it, but it may not keep or count it.",
               start: "Your learning management system opened this course without credit: it " +
                      "may not keep your place, answers or result.",
               results: " – sent, but your learning management system opened this course " +
                        "without credit and may not count it",
               survey: "Thank you: your answers were sent, but your learning management system " +
                       "opened this course without credit and may not keep them."}
  };
  /* The unit of a state; of a session: its trackingState(), "off" for an object without one. */
  sb.trackingTexts = function (state) {
    if (typeof state === "object") {
      state = state && typeof state.trackingState === "function" ? state.trackingState() : "off";
    }
    return Object.prototype.hasOwnProperty.call(TRACKING_STATES, state) ? TRACKING_STATES[state] : TRACKING_STATES.off;
  };

  sb.Session = Session;

  /* A session with no LMS (a page opened on its own): same behaviour, nothing recorded. */
  sb.localSession = function (course) { return new Session(course, null, null); };
}(window));
