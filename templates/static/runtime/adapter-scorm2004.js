/* scormbuild runtime adapter: SCORM 2004 (3rd and 4th Edition: it writes no element that only
   4th Edition defines). The only runtime file (with its 1.2 twin) that names data-model
   elements; the rest of the runtime calls it through ScormBuild.adapter. Every write is returned
   as [element, value] pairs for the write queue (runtime/lms.js). ES5. */
(function (w) {
  "use strict";
  var sb = w.ScormBuild = w.ScormBuild || {};

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

  /* The reserved delimiters must not appear inside a value, nor a line break, the Unicode line
     and paragraph separators included (a characterstring of the data model is one line:
     scorm-again refuses them in a long-fill-in response, and a refused value would be written
     again for good); never half a character (ScormBuild.cut). */
  function clean(text, limit) {
    return sb.cut(String(text || "").replace(/\[[,.:]\]/g, " ").replace(/\s*[\r\n\u2028\u2029]+\s*/g, " ")
      .replace(/^\{/, "("), limit);
  }

  /* Responses and patterns, by response kind (RTE 4.2.9.1). */
  var FORMAT = {
    "choice": function (r) { return r.ids.join("[,]"); },
    "true-false": function (r) { return r.value ? "true" : "false"; },
    "numeric": function (r) { return sb.decimal(r.value); },
    "numeric-range": function (r) { return sb.decimal(r.min) + "[:]" + sb.decimal(r.max); },
    "matching": function (r) {
      return r.pairs.map(function (p) { return p.sourceId + "[.]" + p.targetId; }).join("[,]");
    },
    "sequencing": function (r) { return r.ids.join("[,]"); },
    "likert": function (r) { return String(r.index + 1); },
    "fill-in": function (r) { return clean(r.text, 250); },
    "text": function (r) { return clean(r.text, 4000); }
  };

  function single(r) { return r ? [FORMAT[r.kind](r)] : []; }

  function texts(r) {
    if (!r) { return []; }
    var prefix = r.caseSensitive ? "{case_matters=true}" : "";
    return r.texts.slice(0, 5).map(function (t) { return prefix + clean(t, 250); });
  }

  /* One unit per question type: its interaction type and its correct-response patterns. */
  var QUESTION_TYPES = {
    "single-choice": {type: "choice", patterns: single},
    "multiple-response": {type: "choice", patterns: single},
    "true-false": {type: "true-false", patterns: single},
    "fill-in": {type: "fill-in", patterns: texts},
    "numeric": {type: "numeric", patterns: single},
    "matching": {type: "matching", patterns: single},
    "sequencing": {type: "sequencing", patterns: single},
    "likert": {type: "likert", patterns: single},
    "text": {type: "long-fill-in", patterns: single}
  };

  sb.adapter = {
    label: "SCORM 2004",
    apiName: "API_1484_11",
    calls: {initialize: "Initialize", terminate: "Terminate", getValue: "GetValue",
            setValue: "SetValue", commit: "Commit", getLastError: "GetLastError",
            getErrorString: "GetErrorString", getDiagnostic: "GetDiagnostic"},
    // suspendDataLimit and locationLimit: appended by the build from the edition (editions.py)
    interactionCount: "cmi.interactions._count",
    // the LMS answers these once it has ended the session itself (retrieve, store and
    // commit after termination): retrying cannot help
    sessionOverCodes: ["123", "133", "143"],
    questionTypes: QUESTION_TYPES,
    // the longest learner text a response keeps (long-fill-in, RTE 4.2.9.1: 4000 characters)
    textLimit: 4000,
    // the collections inside an interaction record, by the field that counts them: a record
    // written again over an older one that holds more entries would keep the extra ones
    recordCollections: {"correct_responses": "correct_responses._count", "objectives": "objectives._count"},
    // an interaction field refused with one of these (RTE 3.1.7: 406 type mismatch, 407 value
    // out of range) is refused for its value: the same value is refused every time
    valueRefusedCodes: ["406", "407"],
    // the interaction fields that only describe an answer (when, how long, the question's
    // text): one refused for its value is given up, the answer recorded without it (lms.js)
    describing: {"timestamp": true, "latency": true, "description": true},
    // with a pass mark of its own (cmi.scaled_passing_score), the LMS judges success_status from
    // score.scaled whatever the SCO writes (RTE 4.2.22): a pass under an earlier mark is not kept
    lmsJudgesPass: true,
    /* Whether a score (a percentage, in hundredths) reaches the LMS's pass mark as the LMS
       judges it: the score.scaled written (score(), 4 decimals) against scaled_passing_score
       as given (RTE 4.2.22), so a mark finer than the percentage shown is not rounded away. */
    reachesMark: function (percent, launch) {
      return Math.round(percent * 100) / 10000 >= launch.passingScaled;
    },

    /* What the LMS knows at launch; lms.get never throws. Reading an element the LMS has not
       set is error 403, so the bookmark is read only on resume (or when this course opened the
       session before the page reloaded: adopted), and the passing score only where the LMS
       tells us it knows one. What decides what is written is read with lms.need, so a failed
       read is never taken for "nothing saved": unreadable lists what the LMS did not give back. */
    readLaunch: function (lms, adopted) {
      var failed = [];
      var resume = !!adopted || lms.need("cmi.entry", null, failed) === "resume";
      var scaled = lms.need("cmi.scaled_passing_score", "403", failed);
      var threshold = lms.get("cmi.completion_threshold", "403");
      // a session taken over after a reload keeps its mode: the LMS cannot have changed it
      var mode = adopted ? adopted.mode || "normal" :
        (lms.need("cmi.mode", null, failed) || "normal").toLowerCase();
      var saved = resume || sb.launchMode(mode).readsSaved;
      return {
        alreadyDone: false,  // after exit "normal" the LMS starts a new attempt: nothing to protect
        learnerName: lms.get("cmi.learner_name"),
        learnerId: lms.get("cmi.learner_id"),  // whose attempt this window records (Session.claimWindow)
        // the LMS will not credit this attempt (RTE 4.2.5): recorded as always, told as such
        noCredit: lms.get("cmi.credit", "401").toLowerCase() === "no-credit",
        resume: resume,
        mode: mode,
        // a pass the LMS holds for this attempt is never taken back (the pass mark may have
        // been raised by a course update since)
        lmsPassed: resume && lms.get("cmi.success_status") === "passed",
        // a review only records an attempt the LMS does not hold as completed either
        lmsDone: !adopted && mode === "review" && lms.need("cmi.completion_status", null, failed) === "completed",
        location: saved ? lms.need("cmi.location", "403", failed) : "",
        suspendData: saved ? lms.need("cmi.suspend_data", "403", failed) : "",
        // the LMS's pass mark as a percentage for the pages (to 4 decimals: 0.50001 is 50.001 %,
        // not 50 %), and as the LMS holds it for the judgement (reachesMark)
        passingScore: scaled !== "" && !isNaN(+scaled) ? Math.round(+scaled * 1000000) / 10000 : null,
        passingScaled: scaled !== "" && !isNaN(+scaled) ? +scaled : null,
        // with a threshold the LMS judges completion_status from progress_measure (RTE 4.2.4)
        completionThreshold: threshold !== "" && !isNaN(+threshold) ? +threshold : null,
        totalTimeMs: parseDuration(lms.get("cmi.total_time")),
        unreadable: failed
      };
    },

    bookmark: function (location, suspendData) {
      return [["cmi.location", location], ["cmi.suspend_data", suspendData]];
    },

    /* s: {completed, passed (true|false|null), progress (0..1), statusMode (1.2 only)};
       launch: readLaunch's. Where the LMS has a completion_threshold it judges completion_status
       from progress_measure (RTE 4.2.4, table 4.2.4.1a), so the progress of an unfinished course
       stays below the threshold (and is not written where the threshold is 0). */
    status: function (s, launch) {
      var progress = sb.hundredths(s.progress) / 100;
      var threshold = launch ? launch.completionThreshold : null;
      if (threshold !== null && threshold !== undefined && !s.completed && progress >= threshold) {
        // the largest hundredth below the threshold, or 0 below 0.01 (so that a progress the
        // LMS held from before is replaced); none where the threshold is 0 (0 would complete)
        progress = threshold > 0 ? Math.max(0, Math.floor(threshold * 100 - 1) / 100) : -1;
      }
      var out = progress >= 0 ? [["cmi.progress_measure", String(progress)]] : [];
      out.push(["cmi.completion_status", s.completed ? "completed" : "incomplete"]);
      if (s.passed !== null) { out.push(["cmi.success_status", s.passed ? "passed" : "failed"]); }
      return out;
    },

    /* The attempt is over for the LMS: completion_status is "completed". */
    finished: function (s) { return !!s.completed; },

    /* The values whose refusal holds back what waits for their group (lms.js WAITS_FOR): the
       raw and the scaled score, which LMSs report (status and exit wait for them), and the
       completion and success status (the exit waits for them). */
    essential: {"cmi.score.raw": true, "cmi.score.scaled": true, "cmi.completion_status": true,
                "cmi.success_status": true},

    score: function (score) {
      return [["cmi.score.min", "0"], ["cmi.score.max", "100"], ["cmi.score.raw", String(score.percent)],
              ["cmi.score.scaled", String(Math.round(score.percent * 100) / 10000)]];
    },

    interactionPrefix: function (index) { return "cmi.interactions." + index + "."; },

    /* id first, then type before the responses whose format depends on it (else 408). Only
       elements that carry information are written (docs/tracking.md). */
    interaction: function (q) {
      var unit = QUESTION_TYPES[q.type];
      var out = [["id", String(q.id).replace(/\s/g, "_").slice(0, 4000)], ["type", unit.type]];
      if (q.objective) { out.push(["objectives.0.id", q.objective]); }
      out.push(["timestamp", timestamp(q.when)]);
      // always written: a record written again over an older one must not keep its weighting
      out.push(["weighting", sb.decimal(q.weight)]);
      var list = unit.patterns(q.correct);
      for (var i = 0; i < list.length; i++) { out.push(["correct_responses." + i + ".pattern", list[i]]); }
      out.push(["learner_response", FORMAT[q.response.kind](q.response)]);
      if (q.result) { out.push(["result", q.result]); }
      out.push(["latency", duration(q.latencyMs)]);
      if (q.description) { out.push(["description", clean(q.description, 250)]); }
      return out;
    },

    sessionTime: function (ms) { return [["cmi.session_time", duration(ms)]]; },

    exit: function (finished) { return [["cmi.exit", finished ? "normal" : "suspend"]]; }
  };
}(window));
