/* Test LMS: scorm-again is the API; this file records every call with its return value and
   error code, snapshots the data model on every successful commit (no HTTP: lmsCommitUrl is
   false) and checks what scorm-again accepts but the specifications forbid. */
(function () {
  "use strict";

  var EDITIONS = {
    "1.2": {
      global: "API", make: function (s) { return new window.Scorm12API(s); },
      calls: ["LMSInitialize", "LMSFinish", "LMSGetValue", "LMSSetValue", "LMSCommit",
              "LMSGetLastError", "LMSGetErrorString", "LMSGetDiagnostic"],
      initialize: "LMSInitialize", finish: "LMSFinish", commit: "LMSCommit", set: "LMSSetValue", get: "LMSGetValue",
      lastError: "LMSGetLastError", quiet: ["LMSGetLastError", "LMSGetErrorString", "LMSGetDiagnostic"],
      check: check12
    },
    "2004": {
      global: "API_1484_11", make: function (s) { return new window.Scorm2004API(s); },
      calls: ["Initialize", "Terminate", "GetValue", "SetValue", "Commit",
              "GetLastError", "GetErrorString", "GetDiagnostic"],
      initialize: "Initialize", finish: "Terminate", commit: "Commit", set: "SetValue", get: "GetValue",
      lastError: "GetLastError", quiet: ["GetLastError", "GetErrorString", "GetDiagnostic"],
      check: check2004
    }
  };

  var lms = window.lms = {calls: [], violations: [], commits: [], log: [], values: {},
                          types: {}, written: {}, finished: false, initialized: 0,
                          faults: {}, persist: true, injectedError: null};

  /* Fault injection. fault: {call: "set"|"commit"|"get"|"initialize"|"finish", mode: "false"|
     "throw", count: how many matching calls fail (-1: until cleared), match: element prefix}. */
  lms.fail = function (fault) {
    lms.faults[fault.call] = {mode: fault.mode, count: fault.count === undefined ? -1 : fault.count,
                              match: fault.match || ""};
  };
  lms.recover = function (call) { if (call) { delete lms.faults[call]; } else { lms.faults = {}; } };

  /* The LMS ends the session on its side, as after a time-out: later calls by the content fail
     with the API's own after-termination errors (not violations: the content cannot know). */
  lms.endSession = function () {
    lms.endedByLms = true;
    lms.api[EDITIONS[lms.edition].finish]("");
  };

  function faultFor(ed, name, args) {
    var logical = {};
    logical[ed.set] = "set"; logical[ed.commit] = "commit"; logical[ed.get] = "get";
    logical[ed.initialize] = "initialize"; logical[ed.finish] = "finish";
    var fault = lms.faults[logical[name]];
    if (!fault || fault.count === 0) { return null; }
    if (fault.match && String(args[0]).indexOf(fault.match) !== 0) { return null; }
    if (fault.count > 0) { fault.count--; }
    return fault;
  }

  function violation(text) { lms.violations.push(text); }

  var TIMESPAN12 = /^\d{2,4}:\d{2}:\d{2}(\.\d{1,2})?$/;
  var TIME12 = /^([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,2})?$/;
  var RESULT12 = /^(correct|wrong|unanticipated|neutral|-?\d+(\.\d+)?)$/;
  var FORMATS12 = {
    "choice": /^[0-9a-z](,[0-9a-z])*$/, "true-false": /^[01tf]$/, "likert": /^[0-9a-z]?$/,
    "sequencing": /^[0-9a-z](,[0-9a-z])*$/, "matching": /^[0-9a-z]\.[0-9a-z](,[0-9a-z]\.[0-9a-z])*$/,
    "numeric": /^-?\d+(\.\d+)?$/, "fill-in": /^[\s\S]{0,255}$/
  };
  var DURATION = /^P(?!$)(\d+Y)?(\d+M)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d{1,2})?S)?)?$/;
  var RESULT2004 = /^(correct|incorrect|unanticipated|neutral|-?\d+(\.\d+)?)$/;

  function interaction(element) {
    var m = /^cmi\.interactions\.(\d+)\.(.+)$/.exec(element);
    return m ? {index: m[1], field: m[2]} : null;
  }

  function check12(element, value) {
    var it = interaction(element);
    if (element === "cmi.core.session_time" && !TIMESPAN12.test(value)) { violation("1.2 CMITimespan: " + element + "=" + value); }
    if (element === "cmi.suspend_data" && value.length > 4096) { violation("1.2 suspend_data over 4096: " + value.length); }
    if (element === "cmi.core.lesson_location" && value.length > 255) { violation("1.2 lesson_location over 255"); }
    if (element === "cmi.core.exit" && ["", "suspend", "logout", "time-out"].indexOf(value) < 0) { violation("1.2 exit: " + value); }
    if (!it) { return; }
    if (it.field === "latency" && !TIMESPAN12.test(value)) { violation("1.2 CMITimespan: " + element + "=" + value); }
    if (it.field === "time" && !TIME12.test(value)) { violation("1.2 CMITime: " + element + "=" + value); }
    if (it.field === "result" && !RESULT12.test(value)) { violation("1.2 result vocabulary: " + element + "=" + value); }
    if (it.field === "id" && !/^[\x21-\x7e]{1,255}$/.test(value)) { violation("1.2 CMIIdentifier: " + element + "=" + value); }
    if (it.field === "type") { lms.types[it.index] = value; }
    if (/^(student_response|correct_responses\.\d+\.pattern)$/.test(it.field)) {
      var format = FORMATS12[lms.types[it.index]];
      if (!format) { violation("1.2 response before type: " + element); } else if (!format.test(value)) { violation("1.2 format: " + element + "=" + value); }
    }
  }

  function check2004(element, value) {
    var it = interaction(element);
    if (element === "cmi.session_time" && !DURATION.test(value)) { violation("2004 duration: " + element + "=" + value); }
    if (element === "cmi.suspend_data" && value.length > 64000) { violation("2004 suspend_data over 64000"); }
    if (element === "cmi.location" && value.length > 1000) { violation("2004 location over 1000"); }
    if (element === "cmi.exit" && ["", "suspend", "logout", "time-out", "normal"].indexOf(value) < 0) { violation("2004 exit: " + value); }
    if (!it) { return; }
    var seen = lms.written[it.index] = lms.written[it.index] || {};
    if (it.field !== "id" && !seen.id) { violation("2004 interaction field before id: " + element); }
    if (/^(learner_response|correct_responses\.\d+\.pattern)$/.test(it.field) && !seen.type) { violation("2004 response before type: " + element); }
    seen[it.field.split(".")[0]] = true;
    if (it.field === "latency" && !DURATION.test(value)) { violation("2004 duration: " + element + "=" + value); }
    if (it.field === "result" && !RESULT2004.test(value)) { violation("2004 result vocabulary: " + element + "=" + value); }
    if (it.field === "type") { lms.types[it.index] = value; }
    if (/^(learner_response|correct_responses\.\d+\.pattern)$/.test(it.field) &&
        ["choice", "sequencing", "matching"].indexOf(lms.types[it.index]) >= 0 && /,/.test(value.replace(/\[,\]/g, ""))) {
      violation("2004 list without [,] delimiter: " + element + "=" + value);
    }
  }

  function snapshot(api) {
    try { return JSON.parse(JSON.stringify(api.renderCMIToJSONObject())); } catch (e) { return {error: String(e)}; }
  }

  function wrap(api, ed) {
    var lastError = api[ed.lastError].bind(api);
    ed.calls.forEach(function (name) {
      var original = api[name].bind(api);
      api[name] = function () {
        var args = Array.prototype.slice.call(arguments);
        if (lms.finished && !lms.endedByLms && ed.quiet.indexOf(name) < 0) { violation("call after " + ed.finish + ": " + name + " " + args.join(" ")); }
        if (name === ed.lastError && lms.injectedError) { return lms.injectedError; }
        if (ed.quiet.indexOf(name) < 0) { lms.injectedError = null; }
        var fault = ed.quiet.indexOf(name) < 0 ? faultFor(ed, name, args) : null;
        if (fault) {
          lms.calls.push({fn: name, args: args.map(String), ret: fault.mode === "throw" ? "exception" : "false",
                          error: "101", injected: true});
          lms.injectedError = "101";
          if (fault.mode === "throw") { throw new Error("injected fault in " + name); }
          return "false";
        }
        if (name === ed.initialize) { lms.initialized++; }
        if (name === ed.set) { ed.check(String(args[0]), String(args[1])); }
        var result = original.apply(null, args);
        var code = ed.quiet.indexOf(name) < 0 ? String(lastError()) : "0";
        lms.calls.push({fn: name, args: args.map(String), ret: String(result), error: code});
        if (name === ed.set && String(result) === "true") { lms.values[args[0]] = String(args[1]); }
        if ((name === ed.commit || name === ed.finish) && String(result) === "true" && lms.persist) { lms.commits.push(snapshot(api)); }
        if (name === ed.finish) { lms.finished = true; }
        return result;
      };
    });
  }

  /* config: {edition, url, mode: "frame"|"window", cmi: initial data model (JSON)} */
  lms.start = function (config) {
    var ed = EDITIONS[config.edition];
    var settings = {lmsCommitUrl: false, autocommit: false, logLevel: 5,
                    onLogMessage: function (level, message) { lms.log.push([level, String(message)]); }};
    if (config.edition === "1.2") { settings.mastery_override = false; }  // 3.x turns it on otherwise
    var api = ed.make(settings);
    if (config.cmi) { api.loadFromJSON(config.cmi); }
    wrap(api, ed);
    if (config.faults) { lms.fail(config.faults); }
    lms.api = api;
    lms.edition = config.edition;
    window[ed.global] = api;
    if (config.mode === "window") {
      lms.window = window.open(config.url, "sco");
    } else {
      var frame = document.createElement("iframe");
      frame.id = "sco";
      frame.title = "Course";
      frame.src = config.url;
      document.body.appendChild(frame);
    }
  };

  /* The learner leaves: unload the course (pagehide), as closing the LMS player does. */
  lms.close = function () {
    if (lms.window) { lms.window.close(); return; }
    var frame = document.getElementById("sco");
    if (frame) { frame.parentNode.removeChild(frame); }
  };

  /* The LMS goes on to its next page after closing the player, as most do (Moodle's player is
     a page of its own): the window's pagehide, without leaving, so the report stays readable.
     A session the course left open for a reload (shell.js RELOAD_GRACE_MS) ends at once. */
  lms.moveOn = function () {
    window.dispatchEvent(new PageTransitionEvent("pagehide", {persisted: false}));
  };

  lms.report = function () {
    return {calls: lms.calls, violations: lms.violations, values: lms.values, finished: lms.finished,
            initialized: lms.initialized, commits: lms.commits.length,
            data: lms.commits.length ? lms.commits[lms.commits.length - 1] : null};
  };
}());
