/* scormbuild runtime adapter: SCORM 2004 4th Edition. The only file (with its 1.2 twin) that
   names data-model elements; the core calls it through ScormBuild.adapter. ES5. */
(function (w) {
  "use strict";
  var sb = w.ScormBuild = w.ScormBuild || {};
  var TYPES = {"single-choice": "choice", "multiple-response": "choice", "true-false": "true-false",
               "fill-in": "fill-in", "numeric": "numeric", "matching": "matching",
               "sequencing": "sequencing", "likert": "likert", "text": "long-fill-in"};

  function pad(n, width) {
    var s = String(n);
    while (s.length < width) { s = "0" + s; }
    return s;
  }

  /* ISO 8601 duration with at most 2 decimals on the seconds, never a bare "PT". */
  function duration(ms) {
    var cs = Math.max(0, Math.round(ms / 10));
    var h = Math.floor(cs / 360000);
    var m = Math.floor(cs / 6000) % 60;
    var s = (cs % 6000) / 100;
    return "PT" + (h ? h + "H" : "") + (m ? m + "M" : "") + String(s) + "S";
  }

  function timestamp(d) {
    return d.getFullYear() + "-" + pad(d.getMonth() + 1, 2) + "-" + pad(d.getDate(), 2) + "T" +
      pad(d.getHours(), 2) + ":" + pad(d.getMinutes(), 2) + ":" + pad(d.getSeconds(), 2);
  }

  function parseDuration(text) {
    var m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(text || "");
    if (!m) { return 0; }
    return ((((+m[1] || 0) * 24 + (+m[2] || 0)) * 60 + (+m[3] || 0)) * 60 + (+m[4] || 0)) * 1000;
  }

  /* The reserved delimiters must not appear inside a value. */
  function clean(text, limit) {
    return String(text || "").replace(/\[[,.:]\]/g, " ").replace(/^\{/, "(").slice(0, limit);
  }

  function format(r) {
    switch (r.kind) {
      case "choice": return r.ids.join("[,]");
      case "true-false": return r.value ? "true" : "false";
      case "numeric": return String(r.value);
      case "numeric-range": return r.min + "[:]" + r.max;
      case "matching":
        var pairs = [];
        for (var i = 0; i < r.pairs.length; i++) { pairs.push(r.pairs[i].sourceId + "[.]" + r.pairs[i].targetId); }
        return pairs.join("[,]");
      case "sequencing": return r.ids.join("[,]");
      case "likert": return String(r.index + 1);
      case "long-text": return clean(r.text, 4000);
      default: return clean(r.text, 250);
    }
  }

  function patterns(q) {
    if (!q.correct) { return []; }
    if (q.correct.kind === "fill-in") {
      var out = [];
      var prefix = q.correct.caseSensitive ? "{case_matters=true}" : "";
      for (var i = 0; i < q.correct.texts.length && i < 5; i++) { out.push(prefix + clean(q.correct.texts[i], 250)); }
      return out;
    }
    return [format(q.correct)];
  }

  sb.adapter = {
    label: "SCORM 2004",
    apiName: "API_1484_11",
    calls: {initialize: "Initialize", terminate: "Terminate", getValue: "GetValue",
            setValue: "SetValue", commit: "Commit", getLastError: "GetLastError",
            getErrorString: "GetErrorString", getDiagnostic: "GetDiagnostic"},
    suspendDataLimit: 64000,
    locationLimit: 1000,

    /* What the LMS knows at launch; lms.get never throws. Reading an element the LMS has
       not set is error 403, so the bookmark is read only on resume, and the passing score
       only where the LMS tells us it knows one. */
    readLaunch: function (lms) {
      var resume = lms.get("cmi.entry") === "resume";
      var scaled = lms.get("cmi.scaled_passing_score", "403");
      return {
        alreadyDone: false,  // after exit "normal" the LMS starts a new attempt: nothing to protect
        learnerName: lms.get("cmi.learner_name"),
        resume: resume,
        location: resume ? lms.get("cmi.location", "403") : "",
        suspendData: resume ? lms.get("cmi.suspend_data", "403") : "",
        passingScore: scaled !== "" && !isNaN(+scaled) ? Math.round(+scaled * 10000) / 100 : null,
        totalTimeMs: parseDuration(lms.get("cmi.total_time")),
        interactionCount: +lms.get("cmi.interactions._count") || 0
      };
    },

    writeBookmark: function (lms, location, suspendData) {
      lms.set("cmi.location", location);
      lms.set("cmi.suspend_data", suspendData);
    },

    /* s: {completed, passed (true|false|null), progress (0..1), statusMode (1.2 only)} */
    writeStatus: function (lms, s) {
      lms.set("cmi.progress_measure", String(Math.round(s.progress * 100) / 100));
      lms.set("cmi.completion_status", s.completed ? "completed" : "incomplete");
      if (s.passed !== null) { lms.set("cmi.success_status", s.passed ? "passed" : "failed"); }
    },

    writeScore: function (lms, score) {
      lms.set("cmi.score.min", "0");
      lms.set("cmi.score.max", "100");
      lms.set("cmi.score.raw", String(score.percent));
      lms.set("cmi.score.scaled", String(Math.round(score.percent * 100) / 10000));
    },

    /* id first, then type before the responses whose format depends on it (else 408). */
    writeInteraction: function (lms, q) {
      var base = "cmi.interactions." + q.index + ".";
      var list = patterns(q);
      lms.set(base + "id", String(q.id).replace(/\s/g, "_").slice(0, 4000));
      lms.set(base + "type", TYPES[q.type] || "other");
      if (q.objective) { lms.set(base + "objectives.0.id", q.objective); }
      lms.set(base + "timestamp", timestamp(q.when));
      lms.set(base + "weighting", String(q.weight));
      for (var i = 0; i < list.length; i++) { lms.set(base + "correct_responses." + i + ".pattern", list[i]); }
      lms.set(base + "learner_response", format(q.type === "text" ? {kind: "long-text", text: q.response.text} : q.response));
      lms.set(base + "result", q.result);
      lms.set(base + "latency", duration(q.latencyMs));
      if (q.description) { lms.set(base + "description", clean(q.description, 250)); }
    },

    writeSessionTime: function (lms, ms) { lms.set("cmi.session_time", duration(ms)); },

    writeExit: function (lms, finished) { lms.set("cmi.exit", finished ? "normal" : "suspend"); },

    formatTimespan: duration
  };
}(window));
