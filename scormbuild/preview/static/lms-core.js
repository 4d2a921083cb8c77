/* Preview LMS simulator core: one learner record per edition, sessions over it, the SCORM API
   object a course finds in its parent window, and a log of every call. Edition differences
   come from the edition unit (lms-*.js beside this file). An authoring aid, not a conformance
   test: it keeps what a course stores and answers as an LMS would, without checking types. */
(function (w) {
  "use strict";
  var P = w.PreviewLMS = w.PreviewLMS || {editions: {}};
  var LOG_SIZE = 300;

  function copy(obj) {
    var out = {};
    for (var k in obj) { if (Object.prototype.hasOwnProperty.call(obj, k)) { out[k] = obj[k]; } }
    return out;
  }

  function contains(list, value) {
    for (var i = 0; i < list.length; i++) { if (list[i] === value) { return true; } }
    return false;
  }

  /* The simulated LMS for one edition: what it keeps between launches, and the live session. */
  function Simulator(unit, storageKey, onChange) {
    this.unit = unit;
    this.key = storageKey;
    this.onChange = onChange || function () {};
    this.faults = {commitFails: false};
    this.log = [];
    this.session = null;
    this.record = this.load() || this.fresh();
  }

  /* Each record is a learner of its own (each tab and edition keeps one): its own id, so the
     course in two preview tabs does not take as one attempt (the runtime's one window per
     attempt). */
  Simulator.prototype.fresh = function () {
    var data = this.unit.first();
    data[this.unit.elements.learnerId] = "preview-learner-" + Math.floor(Math.random() * 1e9).toString(36);
    return {data: data, launches: 0, lastExit: "", committedAt: ""};
  };

  Simulator.prototype.load = function () {
    try { return JSON.parse(w.sessionStorage.getItem(this.key) || "null"); } catch (e) { return null; }
  };

  Simulator.prototype.save = function () {
    try { w.sessionStorage.setItem(this.key, JSON.stringify(this.record)); } catch (e) { /* private mode */ }
  };

  /* Forget the learner: the next launch is a first attempt. */
  Simulator.prototype.reset = function () {
    this.record = this.fresh();
    this.save();
    this.note("reset learner", "");
  };

  /* A new launch: a new session (and API object) over what the LMS kept. */
  Simulator.prototype.launch = function () {
    var u = this.unit, r = this.record;
    if (this.session && this.session.state === "running") {
      // The content went away without Terminate (a scormbuild course waits a moment in case
      // its page reloads): end that session with what it stored, as an LMS does.
      this.session.state = "ended";
      this.keep(this.session.data, true);
      this.note("session left open by the content: ended by the LMS", "");
    }
    var data = copy(r.data);
    data[u.elements.entry] = r.launches === 0 ? u.entryValues.first
      : (r.lastExit === "suspend" ? u.entryValues.resume : u.entryValues.other);
    r.launches += 1;
    this.save();
    this.session = new Session(this, data);
    w[u.apiName] = this.session.api;
    this.note("launch", "entry=" + JSON.stringify(data[u.elements.entry]));
    return this.session;
  };

  /* What the LMS keeps when a session commits or ends (write-only elements are not kept). */
  Simulator.prototype.keep = function (data, ending) {
    var u = this.unit, kept = copy(data);
    for (var i = 0; i < u.writeOnly.length; i++) { delete kept[u.writeOnly[i]]; }
    delete kept[u.elements.entry];
    this.record.data = kept;
    if (ending) { this.record.lastExit = data[u.elements.exit] || ""; }
    this.record.committedAt = new Date().toLocaleTimeString();
    this.save();
  };

  Simulator.prototype.note = function (call, args, result, error) {
    this.log.unshift({time: new Date().toLocaleTimeString(), call: call, args: args,
                      result: result === undefined ? "" : result, error: error || "0"});
    if (this.log.length > LOG_SIZE) { this.log.length = LOG_SIZE; }
    this.onChange(this);
  };

  /* The learner's data as the panel shows it: the live session's, else what was kept. */
  Simulator.prototype.data = function () {
    return this.session ? this.session.data : this.record.data;
  };

  Simulator.prototype.interactions = function () {
    var u = this.unit, data = this.data(), rows = [], prefix = u.elements.interactions;
    for (var key in data) {
      if (!Object.prototype.hasOwnProperty.call(data, key) || key.indexOf(prefix) !== 0) { continue; }
      var m = /^(\d+)\.(.+)$/.exec(key.slice(prefix.length));
      if (!m) { continue; }
      var row = rows[+m[1]] = rows[+m[1]] || {};
      row[m[2]] = data[key];
    }
    return rows;
  };

  /* One session: "new" until initialized, then "running", then "ended". */
  function Session(sim, data) {
    var self = this, calls = sim.unit.calls;
    this.sim = sim;
    this.data = data;
    this.state = "new";
    this.lastError = "0";
    this.api = {};
    var methods = ["initialize", "terminate", "getValue", "setValue", "commit", "getLastError",
                   "getErrorString", "getDiagnostic"];
    for (var i = 0; i < methods.length; i++) {
      (function (name) {
        self.api[calls[name]] = function (a, b) {
          var result = self[name](a === undefined ? "" : String(a), b === undefined ? "" : String(b));
          if (name !== "getLastError" && name !== "getErrorString" && name !== "getDiagnostic") {
            sim.note(calls[name], name === "setValue" ? [a, b] : (a ? [a] : []), result, self.lastError);
          }
          return result;
        };
      }(methods[i]));
    }
  }

  Session.prototype.fail = function (code) { this.lastError = code; return "false"; };

  Session.prototype.initialize = function () {
    var e = this.sim.unit.errors;
    if (this.state !== "new") { return this.fail(this.state === "running" ? e.alreadyInitialized : e.general); }
    this.state = "running";
    this.lastError = e.none;
    return "true";
  };

  Session.prototype.terminate = function () {
    var e = this.sim.unit.errors;
    if (this.state !== "running") { return this.fail(this.state === "new" ? e.notInitialized : e.general); }
    this.state = "ended";
    this.sim.keep(this.data, true);
    this.lastError = e.none;
    return "true";
  };

  Session.prototype.getValue = function (name) {
    var u = this.sim.unit, e = u.errors;
    if (this.state !== "running") { this.lastError = this.state === "new" ? e.getBeforeInit : e.getAfterTerm; return ""; }
    if (contains(u.writeOnly, name)) { this.lastError = e.writeOnly; return ""; }
    if (name === u.elements.interactions + "_count") {
      this.lastError = e.none;
      return String(this.sim.interactions().length);
    }
    if (name.indexOf("cmi.") !== 0) { this.lastError = e.unknown; return ""; }
    if (!Object.prototype.hasOwnProperty.call(this.data, name)) { this.lastError = e.unset; return ""; }
    this.lastError = e.none;
    return this.data[name];
  };

  Session.prototype.setValue = function (name, value) {
    var u = this.sim.unit, e = u.errors;
    if (this.state !== "running") { return this.fail(this.state === "new" ? e.setBeforeInit : e.setAfterTerm); }
    if (contains(u.readOnly, name)) { return this.fail(e.readOnly); }
    if (name.indexOf("cmi.") !== 0) { return this.fail(e.unknown); }
    this.data[name] = value;
    this.lastError = e.none;
    return "true";
  };

  Session.prototype.commit = function () {
    var e = this.sim.unit.errors;
    if (this.state !== "running") { return this.fail(this.state === "new" ? e.commitBeforeInit : e.commitAfterTerm); }
    if (this.sim.faults.commitFails) { return this.fail(e.commitFailed); }
    this.sim.keep(this.data, false);
    this.lastError = e.none;
    return "true";
  };

  Session.prototype.getLastError = function () { return this.lastError; };

  Session.prototype.getErrorString = function (code) {
    return this.sim.unit.errorStrings[code] || "";
  };

  Session.prototype.getDiagnostic = function (code) {
    return this.sim.unit.errorStrings[code || this.lastError] || "";
  };

  /* The LMS ends the session on its side (a time-out, another window): later calls fail. */
  Session.prototype.endFromLms = function () {
    this.state = "ended";
    this.sim.note("session ended by the LMS", "");
  };

  P.Simulator = Simulator;
}(window));
