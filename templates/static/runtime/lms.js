/* scormbuild runtime: the connection to the LMS. Finds the API, wraps every call (a call can
   throw or answer "false"), and records through a write queue that survives LMS faults:
   values are written again until the LMS accepts them, and an interaction is written at the
   index the LMS itself reports, never at a guessed one. Edition specifics (call and element
   names) come from ScormBuild.adapter. ES5. */
(function (w) {
  "use strict";
  var sb = w.ScormBuild = w.ScormBuild || {};
  var MAX_HOPS = 500;          // ADL's sample gives up after 500 parents
  var MAX_INTERACTIONS = sb.LIMITS.interactions;
  var GROUPS = ["score", "status", "bookmark", "exit", "time"];  // written in this order
  /* The groups a group waits for: it is not written while an essential value of one of them
     (adapter.essential) is refused. The status and the exit wait for the score, so that the
     LMS never holds a passed or ended attempt without its score; the exit waits for the
     status too, so that an attempt never ends with a status the LMS refused (it would hold
     "incomplete" for an attempt no later launch could finish: a finished attempt is reopened
     for review, or in 1.2 without its record). Held back, the attempt stays suspended and the
     next launch resumes it and writes them all (docs/tracking.md, "The write queue"). */
  var WAITS_FOR = {status: ["score"], exit: ["score", "status"]};
  /* Nor does an exit that ends the attempt go while an answer's record is left to write: the
     exit that keeps the attempt open (adapter.exit(false), "suspend") is written in its place,
     so that the next launch resumes the attempt and writes the records again from the saved
     answers (Session.recordAgain); an ended attempt is never resumed, and they would be lost. */
  var READ_TRIES = 3;          // a value that decides what is written: asked this often at launch

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
      if (api) { return {api: api, win: win}; }
      win = parentOf(win);
    }
    return null;
  }

  /* The window itself, its parents, then the opener and the opener's parents (the RTE's API discovery).
     Returns {api, win} (win: the window that holds the API) or null. */
  sb.findApi = function (win, name) {
    var found = searchUp(win, name);
    if (found) { return found; }
    var opener = null;
    try { opener = win.opener || null; } catch (e) { opener = null; }
    return opener ? searchUp(opener, name) : null;
  };

  /* ---------------------------------------------------------------- checked calls */

  function Connection(api, adapter) {
    this.api = api;
    this.apiName = adapter.apiName;
    this.calls = adapter.calls;
    this.overCodes = adapter.sessionOverCodes || [];
    this.open = false;
    this.over = false;       // the LMS ended the session on its side (a time-out): nothing more is recorded
    this.host = null;        // the window that holds the API (ScormBuild.startShell sets it)
    this.hostClosed = false; // that window was closed (a new-window launch): over for good
    this.hostKeepsApi = false; // that window hands back this API object (setHost)
    this.onError = null;
    this.lastFailure = null;
  }

  Connection.prototype.raw = function (call, args) {
    try {
      var fn = this.api[this.calls[call]];
      return {ok: true, value: String(fn.apply(this.api, args))};
    } catch (e) {
      return {ok: false, value: "", exception: String(e && e.message || e)};
    }
  };

  var CHECKED_TRUE = {setValue: true, commit: true};

  Connection.prototype.lastError = function () {
    var code = this.raw("getLastError", []).value || "0";
    return {code: code, text: code === "0" ? "" : this.raw("getErrorString", [code]).value,
            diagnostic: code === "0" ? "" : this.raw("getDiagnostic", [code]).value};
  };

  Connection.prototype.report = function (what, result, error) {
    var message = what + " failed: " + (result.exception ? "exception " + result.exception + "; " : "") +
      "LMS error " + error.code + (error.text ? " (" + error.text + ")" : "") +
      (error.diagnostic ? " – " + error.diagnostic : "");
    this.lastFailure = {what: what, code: error.code, text: error.text};
    if (this.overCodes.indexOf(error.code) >= 0) { this.over = true; }
    sb.note("warn", message);
    if (this.onError) { try { this.onError(message); } catch (e) { /* ignore */ } }
  };

  Connection.prototype.command = function (call, args, what) {
    var result = this.raw(call, args);
    if (result.ok && result.value === "true") {
      if (!CHECKED_TRUE[call]) { return true; }
      // a write or commit answered "true" with an error code was not kept (RTE 3.1: the
      // error code of every call); after Initialize and Terminate nothing more is asked
      var error = this.lastError();
      if (error.code === "0") { return true; }
      this.report(what, result, error);
      return false;
    }
    this.report(what, result, this.lastError());
    return false;
  };

  Connection.prototype.initialize = function () {
    this.open = this.command("initialize", [""], "Initialize");
    return this.open;
  };

  /* Continue a session this course opened before the page reloaded (see Session.adopt). */
  Connection.prototype.adopt = function () { this.open = true; };

  /* quietCode: an error code that only means "not set" here (logged as info). Returns
     {ok, value}: ok false when the LMS did not answer (a failure is never taken for "empty"). */
  Connection.prototype.read = function (element, quietCode) {
    if (!this.open) { return {ok: false, value: ""}; }
    var result = this.raw("getValue", [element]);
    var error = this.lastError();
    if (result.ok && error.code === "0") { return {ok: true, value: result.value}; }
    if (result.ok && error.code === quietCode) {
      sb.note("info", "GetValue " + element + ": not set (" + error.code + ")");
      return {ok: true, value: ""};
    }
    this.report("GetValue " + element, result, error);
    return {ok: false, value: ""};
  };

  /* A value the runtime must not guess (what the learner saved, whether to resume): asked up to
     READ_TRIES times; if the LMS never answers, its name goes into `failed` (readLaunch). */
  Connection.prototype.need = function (element, quietCode, failed) {
    for (var i = 0; i < READ_TRIES; i++) {
      var answer = this.read(element, quietCode);
      if (answer.ok) { return answer.value; }
      if (this.over || !this.open) { break; }
    }
    failed.push(element);
    return "";
  };

  /* A value where a failed read may be taken as empty (a name to show, a count to retry). */
  Connection.prototype.get = function (element, quietCode) { return this.read(element, quietCode).value; };

  Connection.prototype.set = function (element, value) {
    if (!this.open) { return false; }
    return this.command("setValue", [element, String(value)], "SetValue " + element);
  };

  Connection.prototype.commit = function () {
    return this.open && this.command("commit", [""], "Commit");
  };

  /* The page that held the API is gone: its window was closed (a new-window launch whose LMS
     window the learner closed), or went to another page (the course list, another site), which
     no longer holds this API object. Nothing sent to it reaches the LMS any more, though the
     orphaned object may still answer "true". (A window that holds no API page of the same
     origin any more cannot even be asked: gone too.) */
  Connection.prototype.hostGone = function () {
    if (!this.host || this.host === w) { return false; }
    try {
      return !!this.host.closed || (this.hostKeepsApi && this.host[this.apiName] !== this.api);
    } catch (e) { return true; }
  };

  /* The window that holds the API (ScormBuild.startShell). Whether it hands back the very same
     object when asked again is checked now: an LMS whose API is a getter making a new object
     each time must not be taken for gone at every save. */
  Connection.prototype.setHost = function (win) {
    this.host = win;
    try { this.hostKeepsApi = win[this.apiName] === this.api; } catch (e) { this.hostKeepsApi = false; }
  };

  Connection.prototype.terminate = function () {
    if (!this.open) { return false; }
    this.open = false;  // never call again, whatever the result
    return this.command("terminate", [""], "Terminate");
  };

  sb.Connection = Connection;

  /* ---------------------------------------------------------------- the write queue */

  /* Values are kept per group (the latest wins) and written when they differ from what the
     LMS last accepted; a refused value stays wanted and is written again at the next flush. */
  function Recorder(lms, adapter) {
    this.lms = lms;
    this.adapter = adapter;
    this.wanted = {};     // group -> [[element, value], …]
    this.accepted = {};   // element -> value the LMS accepted
    this.queue = [];      // interaction jobs, in the order the learner answered
    this.onSlot = null;   // onSlot(job, index): the LMS accepted a new record's id at index
    this.taken = {};      // index -> "quiz key" of the record whose id the LMS accepted there, this page
  }

  function owner(job) { return job.quiz + " " + job.key; }

  Recorder.prototype.want = function (group, pairs) { this.wanted[group] = pairs; };

  /* job: plain data, so that a reloaded page can take it over (pendingJobs):
     {slot: index this question used before or null, pairs: [[field, value], …] in the order
     they must be written, quiz and key: whose record it is (for onSlot)}. */
  Recorder.prototype.interaction = function (job) {
    job.index = null;
    job.done = 0;
    job.again = [];       // places in pairs of fields the LMS refused, written again first
    job.fresh = false;
    // the same question answered again (a retake) before its last record was written: one
    // record per question, so the new job replaces the old one, at the old one's index when
    // the LMS already accepted its id there
    for (var i = this.queue.length - 1; i >= 0; i--) {
      var old = this.queue[i];
      if (old.quiz === job.quiz && old.key === job.key && job.key !== undefined) {
        if (old.index !== null) { job.slot = old.index; }
        this.queue.splice(i, 1);
      }
    }
    this.queue.push(job);
  };

  /* The jobs not yet written, as text (a reloaded page continues them: ScormBuild.startShell),
     and back: a job whose id the LMS accepted keeps its index and what it wrote. */
  Recorder.prototype.pendingJobs = function () { return JSON.stringify(this.queue); };

  Recorder.prototype.adoptJobs = function (text) {
    var jobs = [];
    try { jobs = JSON.parse(text || "[]"); } catch (e) { jobs = []; }
    for (var i = 0; i < jobs.length; i++) {
      var job = jobs[i];
      if (job && job.pairs && job.pairs.length && typeof job.done === "number") {
        job.again = validPlaces(job.again, Math.min(job.done, job.pairs.length));
        this.queue.push(job);
      }
    }
  };

  /* Which question's record the LMS accepted at each index from this page, as text, and back
     (a reloaded page continues the same LMS session, so a count that lags there still lags). */
  Recorder.prototype.filledIndexes = function () { return JSON.stringify(this.taken); };

  Recorder.prototype.adoptFilled = function (text) {
    var filled = {};
    try { filled = JSON.parse(text || "{}"); } catch (e) { filled = {}; }
    if (!filled || typeof filled !== "object") { return; }
    for (var index in filled) {
      if (filled.hasOwnProperty(index) && /^\d+$/.test(index) && +index < MAX_INTERACTIONS &&
          typeof filled[index] === "string") {
        this.taken[index] = filled[index];
      }
    }
  };

  /* The refused fields a reloaded job names, as places among those already tried (an older
     runtime's job has none). */
  function validPlaces(list, tried) {
    var out = [];
    if (!(list instanceof Array)) { return out; }
    for (var i = 0; i < list.length; i++) {
      var k = list[i];
      if (typeof k === "number" && k % 1 === 0 && k >= 1 && k < tried && out.indexOf(k) < 0) { out.push(k); }
    }
    return out;
  }

  Recorder.prototype.pending = function () {
    if (this.queue.length) { return true; }
    for (var g = 0; g < GROUPS.length; g++) {
      if (this.changed(this.wanted[GROUPS[g]] || [])) { return true; }
    }
    return false;
  };

  /* Whether any of these [element, value] pairs differs from what the LMS last accepted. */
  Recorder.prototype.changed = function (pairs) {
    for (var i = 0; i < pairs.length; i++) { if (this.accepted[pairs[i][0]] !== pairs[i][1]) { return true; } }
    return false;
  };

  /* The LMS just refused an optional element it does not implement (1.2 error 401 for
     score.min/max and interactions, adapter.optional): it will never keep it, so it is not
     wanted; retrying it for good would tell the learner "not saved" for good, and a refused
     field would hold back every later field of its interaction record. */
  Recorder.prototype.unimplemented = function (element) {
    var failure = this.lms.lastFailure;
    return !!(this.adapter.optional && failure && failure.code === this.adapter.notImplementedCode &&
              this.adapter.optional(element));
  };

  /* The index the LMS will give the next new interaction: its own _count. */
  Recorder.prototype.count = function () {
    var text = this.lms.get(this.adapter.interactionCount);
    return /^\d+$/.test(text) ? parseInt(text, 10) : -1;
  };

  /* Whether a job can be written over the record at index: the LMS cannot remove entries, so
     an older record of this question that holds more correct patterns or objectives than the
     new one (a course update changed the question before a retake) would keep the extra ones
     and report a correct answer or an objective the question no longer has. Such a job gets a
     record of its own. A count the LMS does not give is taken as fitting (nothing to compare). */
  Recorder.prototype.fits = function (job, index) {
    var collections = this.adapter.recordCollections || {};
    for (var name in collections) {
      if (!collections.hasOwnProperty(name)) { continue; }
      var text = this.lms.get(this.adapter.interactionPrefix(index) + collections[name], "401");
      var entries = {};
      var length = 0;
      for (var i = 0; i < job.pairs.length; i++) {
        var field = job.pairs[i][0];
        if (field.indexOf(name + ".") === 0) {
          var n = field.slice(name.length + 1).split(".")[0];
          if (!entries[n]) { entries[n] = true; length++; }
        }
      }
      if (/^\d+$/.test(text) && parseInt(text, 10) > length) {
        sb.note("info", job.pairs[0][1] + ": the record at " + index + " holds more " + name +
                " than the question has now; written as a new record");
        return false;
      }
    }
    return true;
  };

  Recorder.prototype.place = function (job) {
    var count = this.count();
    if (count < 0 && this.unimplemented(this.adapter.interactionCount)) {
      sb.note("info", "the LMS records no interactions; " + job.pairs[0][1] + " not recorded");
      job.done = job.pairs.length;
      return true;
    }
    if (count < 0) { return false; }
    if (job.slot !== null && job.slot !== undefined && job.slot < count && !this.othersAt(job, job.slot) &&
        this.fits(job, job.slot)) {
      job.index = job.slot;          // this question's own record: overwrite it (RTE 4.2.9)
      return true;
    }
    // an LMS whose _count lags behind the ids it accepted on this page would give a second
    // record the index of the first: the next index this page has not filled is taken instead
    var index = count;
    while (this.othersAt(job, index)) { index++; }
    if (index !== count) {
      sb.note("warn", "the LMS's interaction count (" + count + ") lags behind the records it accepted " +
              "from this page; " + job.pairs[0][1] + " goes at " + index);
    }
    if (index >= MAX_INTERACTIONS) {
      sb.note("info", "interaction limit reached; " + job.pairs[0][1] + " not recorded");
      job.done = job.pairs.length;
      return true;
    }
    job.index = index;
    job.fresh = true;
    return true;
  };

  /* Whether the LMS accepted another question's record at index from this page. */
  Recorder.prototype.othersAt = function (job, index) {
    return this.taken.hasOwnProperty(index) && this.taken[index] !== owner(job);
  };

  /* Write one job: its id first (the index is ours only once the LMS took it), then every
     other field. A field the LMS refuses does not hold back the fields after it: it is kept in
     job.again and written again, first, at the next flush (a type refused for a while makes the
     responses after it refused too, and they are written again after it, in order). So a
     refused timestamp or objective can no longer keep the learner's response and its result out
     of the LMS. A field that only describes the answer (adapter.describing: when, how long, the
     question's text) refused for its value (adapter.valueRefusedCodes: the LMS will refuse the
     same value every time) is given up with a note, as an element the LMS does not implement
     is: the record holds the answer, and retrying would tell the learner "not saved" for good.
     True when nothing of the job is left to write. */
  Recorder.prototype.writeJob = function (job) {
    if (job.index === null && !this.place(job)) { return false; }
    var again = job.again || [];
    job.again = [];
    if (job.done === 0) {
      var id = job.pairs[0];
      if (!this.lms.set(this.adapter.interactionPrefix(job.index) + id[0], id[1])) {
        if (this.unimplemented(this.adapter.interactionPrefix(job.index) + id[0])) {
          job.done = job.pairs.length;  // no interactions at all
          return true;
        }
        job.index = null;  // the id was refused: the index is not ours yet
        job.again = again;
        return false;
      }
      this.taken[job.index] = owner(job);  // a later record of another question never goes here
      if (job.fresh && this.onSlot) { this.onSlot(job, job.index); }
      job.done = 1;
    }
    for (var a = 0; a < again.length; a++) { this.writeField(job, again[a]); }
    for (; job.done < job.pairs.length; job.done++) { this.writeField(job, job.done); }
    return job.again.length === 0;
  };

  /* One field (by its place in job.pairs) of a job whose id the LMS holds. */
  Recorder.prototype.writeField = function (job, k) {
    var pair = job.pairs[k];
    var element = this.adapter.interactionPrefix(job.index) + pair[0];
    if (this.lms.set(element, pair[1]) || this.unimplemented(element)) { return; }
    var failure = this.lms.lastFailure;
    if (failure && (this.adapter.valueRefusedCodes || []).indexOf(failure.code) >= 0 &&
        this.adapter.describing && this.adapter.describing[pair[0]]) {
      sb.note("info", job.pairs[0][1] + ": the LMS refuses its " + pair[0] + " (error " + failure.code +
              "); the answer is recorded without it");
      return;
    }
    job.again.push(k);
  };

  /* Write everything not yet accepted; true when nothing is left over. A job the LMS refuses
     stays queued and the next one is still tried: one value the LMS will never take cannot
     hold back every answer after it (a job refused before its id keeps no index, so the
     others never skip past _count). */
  Recorder.prototype.flush = function () {
    var ok = true;
    var left = [];
    while (this.queue.length) {
      var job = this.queue.shift();
      if (!this.writeJob(job)) { ok = false; left.push(job); }
    }
    this.queue = left;
    var held = {};  // group -> one of its essential values was refused in this flush
    for (var g = 0; g < GROUPS.length; g++) {
      var group = GROUPS[g];
      var pairs = this.wanted[group] || [];
      var waits = WAITS_FOR[group] || [];
      var waiting = false;
      for (var h = 0; h < waits.length; h++) { if (held[waits[h]]) { waiting = true; } }
      if (waiting) {
        if (this.changed(pairs)) { ok = false; }
        continue;
      }
      if (group === "exit" && left.length) { pairs = this.adapter.exit(false); }
      for (var i = 0; i < pairs.length; i++) {
        var element = pairs[i][0];
        var value = pairs[i][1];
        if (this.accepted[element] === value) { continue; }
        if (this.lms.set(element, value)) { this.accepted[element] = value; } else if (this.unimplemented(element)) {
          this.accepted[element] = value;  // never kept by this LMS: nothing to retry
        } else {
          ok = false;
          if (this.adapter.essential[element]) { held[group] = true; }
        }
      }
    }
    return ok;
  };

  sb.Recorder = Recorder;
}(window));
