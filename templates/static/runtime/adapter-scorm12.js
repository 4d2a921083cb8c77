/* scormbuild runtime adapter: SCORM 1.2. The only file (with its 2004 twin) that names
   data-model elements; the core calls it through ScormBuild.adapter. ES5. */
(function (w) {
  "use strict";
  var sb = w.ScormBuild = w.ScormBuild || {};
  var TOKENS = "abcdefghijklmnopqrstuvwxyz";
  var TYPES = {"single-choice": "choice", "multiple-response": "choice", "true-false": "true-false",
               "fill-in": "fill-in", "numeric": "numeric", "matching": "matching",
               "sequencing": "sequencing", "likert": "likert", "text": "fill-in"};
  var STATUS = {  // mode -> [when passed and complete, when the assessment failed]
    "passed-incomplete": ["passed", "incomplete"], "passed-failed": ["passed", "failed"],
    "completed-incomplete": ["completed", "incomplete"], "completed-failed": ["completed", "failed"]
  };

  function pad(n, width) {
    var s = String(n);
    while (s.length < width) { s = "0" + s; }
    return s;
  }

  /* CMITimespan HHHH:MM:SS.SS (2 to 4 hour digits). */
  function timespan(ms) {
    var cs = Math.max(0, Math.round(ms / 10));
    var h = Math.min(9999, Math.floor(cs / 360000));
    var rest = h === 9999 ? 359999 : cs % 360000;
    return pad(h, 2) + ":" + pad(Math.floor(rest / 6000), 2) + ":" +
      pad(Math.floor(rest / 100) % 60, 2) + "." + pad(rest % 100, 2);
  }

  /* CMITime HH:MM:SS (time of day). */
  function clock(date) {
    return pad(date.getHours(), 2) + ":" + pad(date.getMinutes(), 2) + ":" + pad(date.getSeconds(), 2);
  }

  function parseTimespan(text) {
    var m = /^(\d{2,4}):(\d{2}):(\d{2})(\.\d{1,2})?$/.exec(text || "");
    if (!m) { return 0; }
    return ((+m[1] * 60 + +m[2]) * 60 + +m[3] + (m[4] ? +m[4] : 0)) * 1000;
  }

  function token(index) { return TOKENS.charAt(index); }

  function tokens(indexes) {
    var out = [];
    for (var i = 0; i < indexes.length; i++) { out.push(token(indexes[i])); }
    return out.join(",");
  }

  /* A response in CMIFeedback form (also the correct_responses pattern form). */
  function format(r) {
    switch (r.kind) {
      case "choice": return tokens(r.indexes);
      case "true-false": return r.value ? "t" : "f";
      case "numeric": return String(r.value);
      case "matching":
        var pairs = [];
        for (var i = 0; i < r.pairs.length; i++) {
          pairs.push(token(r.pairs[i].source) + "." + token(r.pairs[i].target));
        }
        return pairs.join(",");
      case "sequencing": return tokens(r.indexes);
      case "likert": return token(r.index);
      default: return String(r.text || "").replace(/\s+/g, " ").slice(0, 255);
    }
  }

  /* 1.2 has no numeric range: the middle of the accepted range stands for it. */
  function patterns(q) {
    if (!q.correct) { return []; }
    if (q.correct.kind === "numeric-range") {
      return [String(Math.round((q.correct.min + q.correct.max) / 2 * 1e6) / 1e6)];
    }
    if (q.correct.kind === "fill-in") {
      var out = [];
      for (var i = 0; i < q.correct.texts.length && i < 5; i++) {
        out.push(String(q.correct.texts[i]).slice(0, 255));
      }
      return out;
    }
    return [format(q.correct)];
  }

  /* CMIIdentifier: printable, no white space, at most 255 characters. */
  function identifier(text) { return String(text).replace(/[^\x21-\x7e]/g, "_").slice(0, 255); }

  sb.adapter = {
    label: "SCORM 1.2",
    apiName: "API",
    calls: {initialize: "LMSInitialize", terminate: "LMSFinish", getValue: "LMSGetValue",
            setValue: "LMSSetValue", commit: "LMSCommit", getLastError: "LMSGetLastError",
            getErrorString: "LMSGetErrorString", getDiagnostic: "LMSGetDiagnostic"},
    suspendDataLimit: 4096,
    locationLimit: 255,

    /* What the LMS knows at launch; lms.get never throws. */
    readLaunch: function (lms) {
      var resume = lms.get("cmi.core.entry") === "resume";
      var mastery = lms.get("cmi.student_data.mastery_score");
      var status = lms.get("cmi.core.lesson_status");
      return {
        alreadyDone: !resume && (status === "passed" || status === "completed"),
        learnerName: lms.get("cmi.core.student_name"),
        resume: resume,
        location: resume ? lms.get("cmi.core.lesson_location") : "",
        suspendData: resume ? lms.get("cmi.suspend_data") : "",
        passingScore: mastery !== "" && !isNaN(+mastery) ? +mastery : null,
        totalTimeMs: parseTimespan(lms.get("cmi.core.total_time")),
        interactionCount: +lms.get("cmi.interactions._count") || 0
      };
    },

    writeBookmark: function (lms, location, suspendData) {
      lms.set("cmi.core.lesson_location", location);
      lms.set("cmi.suspend_data", suspendData);
    },

    /* s: {completed, passed (true|false|null), progress (0..1), statusMode} */
    writeStatus: function (lms, s) {
      var words = STATUS[s.statusMode] || STATUS["passed-incomplete"];
      var value = "incomplete";
      if (s.completed && s.passed !== false) {
        value = s.passed === true ? words[0] : "completed";
      } else if (s.passed === false) {
        value = words[1];
      }
      lms.set("cmi.core.lesson_status", value);
    },

    /* score: {percent 0..100} */
    writeScore: function (lms, score) {
      lms.set("cmi.core.score.raw", String(score.percent));
      lms.set("cmi.core.score.min", "0");
      lms.set("cmi.core.score.max", "100");
    },

    /* One answered question; q: {index, id, type, response, correct, result, weight,
       latencyMs, when, description, objective}. */
    writeInteraction: function (lms, q) {
      var base = "cmi.interactions." + q.index + ".";
      var list = patterns(q);
      lms.set(base + "id", identifier(q.id));
      lms.set(base + "type", TYPES[q.type] || "performance");
      if (q.objective) { lms.set(base + "objectives.0.id", identifier(q.objective)); }
      lms.set(base + "time", clock(q.when));
      lms.set(base + "weighting", String(q.weight));
      for (var i = 0; i < list.length; i++) { lms.set(base + "correct_responses." + i + ".pattern", list[i]); }
      lms.set(base + "student_response", format(q.response));
      lms.set(base + "result", q.result === "incorrect" ? "wrong" : q.result);
      lms.set(base + "latency", timespan(q.latencyMs));
    },

    writeSessionTime: function (lms, ms) { lms.set("cmi.core.session_time", timespan(ms)); },

    writeExit: function (lms, finished) { lms.set("cmi.core.exit", finished ? "" : "suspend"); },

    formatTimespan: timespan
  };
}(window));
