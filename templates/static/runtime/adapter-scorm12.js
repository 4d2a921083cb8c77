/* scormbuild runtime adapter: SCORM 1.2. The only runtime file (with its 2004 twin) that names
   data-model elements; the rest of the runtime calls it through ScormBuild.adapter. Every write
   is returned as [element, value] pairs for the write queue (runtime/lms.js). ES5. */
(function (w) {
  "use strict";
  var sb = w.ScormBuild = w.ScormBuild || {};
  var TOKENS = "abcdefghijklmnopqrstuvwxyz";
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

  function tokens(indexes) { return indexes.map(token).join(","); }

  /* CMIString255, and never half a character (ScormBuild.cut). */
  function text255(value) { return sb.cut(String(value || "").replace(/\s+/g, " "), 255); }

  /* CMIIdentifier: printable, no white space, at most 255 characters. */
  function identifier(text) { return String(text).replace(/[^\x21-\x7e]/g, "_").slice(0, 255); }

  /* Responses as CMIFeedback (also the correct_responses pattern form), by response kind. */
  var FORMAT = {
    "choice": function (r) { return tokens(r.indexes); },
    "true-false": function (r) { return r.value ? "t" : "f"; },
    "numeric": function (r) { return sb.decimal(r.value); },
    /* 1.2 has no numeric range: the middle of the accepted range stands for it. */
    "numeric-range": function (r) { return sb.decimal((r.min + r.max) / 2); },
    "matching": function (r) {
      return r.pairs.map(function (p) { return token(p.source) + "." + token(p.target); }).join(",");
    },
    "sequencing": function (r) { return tokens(r.indexes); },
    "likert": function (r) { return token(r.index); },
    "fill-in": function (r) { return text255(r.text); },
    "text": function (r) { return text255(r.text); }
  };

  function single(r) { return r ? [FORMAT[r.kind](r)] : []; }

  function lessonStatus(s) {
    var words = STATUS[s.statusMode] || STATUS["passed-incomplete"];
    if (s.completed && s.passed !== false) { return s.passed === true ? words[0] : "completed"; }
    return s.passed === false ? words[1] : "incomplete";
  }

  function texts(r) { return r ? r.texts.slice(0, 5).map(function (t) { return sb.cut(t, 255); }) : []; }

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
    "text": {type: "fill-in", patterns: single}
  };

  sb.adapter = {
    label: "SCORM 1.2",
    apiName: "API",
    // the SCO's lesson_status stands (RTE 1.2 3.4.4): a pass under an earlier mark is kept
    lmsJudgesPass: false,
    calls: {initialize: "LMSInitialize", terminate: "LMSFinish", getValue: "LMSGetValue",
            setValue: "LMSSetValue", commit: "LMSCommit", getLastError: "LMSGetLastError",
            getErrorString: "LMSGetErrorString", getDiagnostic: "LMSGetDiagnostic"},
    // suspendDataLimit and locationLimit: appended by the build from the edition (editions.py)
    interactionCount: "cmi.interactions._count",
    // the LMS answers these once it has ended the session itself (1.2 RTE "Not initialized",
    // as Moodle's 1.2 player answers after LMSFinish): retrying cannot help
    sessionOverCodes: ["301"],
    questionTypes: QUESTION_TYPES,
    // the longest learner text a response keeps (CMIString255, RTE 3.4.2): the page lowers a
    // comment box's maxlength to it, so the learner never sends more than is recorded
    textLimit: 255,
    // the collections inside an interaction record, by the field that counts them: a record
    // written again over an older one that holds more entries would keep the extra ones
    recordCollections: {"correct_responses": "correct_responses._count", "objectives": "objectives._count"},

    /* What the LMS knows at launch; lms.get never throws. What decides what is written (entry,
       status, pass mark, bookmark, progress) is read with lms.need, so a failed read is never
       taken for "nothing saved": unreadable lists what the LMS did not give back. adopted:
       {alreadyDone, ...} when this course opened the session before the page reloaded, so the
       bookmark is this session's own and the launch's facts are that page's. */
    readLaunch: function (lms, adopted, rules) {
      var failed = [];
      // a mode that reports a course failed for good as "failed" ends its attempt there (exit
      // ""), as "passed" does: a later visit without resume must not write over it either
      var failedEnds = (STATUS[(rules || {}).scorm12Status] || STATUS["passed-incomplete"])[1] === "failed";
      var resume = !!adopted || lms.need("cmi.core.entry", null, failed) === "resume";
      // optional for a 1.2 LMS: "not implemented" (401) means it has none
      var mastery = lms.need("cmi.student_data.mastery_score", "401", failed);
      var status = lms.need("cmi.core.lesson_status", null, failed);
      // a session taken over after a reload keeps its mode: the LMS cannot have changed it
      var mode = adopted ? adopted.mode || "normal" :
        (lms.need("cmi.core.lesson_mode", "401", failed) || "normal").toLowerCase();
      var saved = resume || sb.launchMode(mode).readsSaved;
      return {
        alreadyDone: adopted ? !!adopted.alreadyDone :
          !resume && (status === "passed" || status === "completed" || (failedEnds && status === "failed")),
        learnerName: lms.get("cmi.core.student_name"),
        learnerId: lms.get("cmi.core.student_id"),  // whose attempt this window records (Session.claimWindow)
        // the LMS will not credit this attempt (RTE 3.4.2, cmi.core.credit): recorded as
        // always, told as such
        noCredit: lms.get("cmi.core.credit", "401").toLowerCase() === "no-credit",
        resume: resume,
        mode: mode,
        lmsDone: status === "passed" || status === "completed",
        // what the LMS holds of an attempt opened again without resume (the results page)
        lmsPassed: status === "passed",
        lmsFailed: status === "failed",
        lmsScore: lms.get("cmi.core.score.raw"),
        location: saved ? lms.need("cmi.core.lesson_location", null, failed) : "",
        suspendData: saved ? lms.need("cmi.suspend_data", null, failed) : "",
        passingScore: mastery !== "" && !isNaN(+mastery) ? +mastery : null,
        totalTimeMs: parseTimespan(lms.get("cmi.core.total_time")),
        unreadable: failed
      };
    },

    bookmark: function (location, suspendData) {
      return [["cmi.core.lesson_location", location], ["cmi.suspend_data", suspendData]];
    },

    /* s: {completed, passed (true|false|null), progress (0..1), statusMode} */
    status: function (s) { return [["cmi.core.lesson_status", lessonStatus(s)]]; },

    /* The attempt is over for the LMS: complete, and a status that says so. A mode that
       reports a failed course as "incomplete" keeps it suspended, so its saved attempts count
       at the next launch instead of starting afresh. */
    finished: function (s) { return s.completed && lessonStatus(s) !== "incomplete"; },

    /* The values whose refusal holds back what waits for their group (lms.js WAITS_FOR): the
       raw score (status and exit wait for it) and the status (the exit waits for it). min and
       max are optional for a 1.2 LMS (it may answer 401, not implemented). */
    essential: {"cmi.core.score.raw": true, "cmi.core.lesson_status": true},

    /* Optional for a 1.2 LMS (1.2 RTE: "LMS Mandatory: No"); one that lacks them answers 401,
       "not implemented", and such a value is not wanted (lms.js Recorder.unimplemented). */
    notImplementedCode: "401",
    // an interaction field refused with one of these is refused for its value: the same value
    // is refused every time (1.2's 405 incorrect data type; scorm-again answers 407, value out
    // of range, in 1.2 too)
    valueRefusedCodes: ["405", "407"],
    // the interaction fields that only describe an answer (when, how long): one refused for its
    // value is given up, the answer recorded without it (lms.js Recorder.writeField)
    describing: {"time": true, "latency": true},
    optional: function (element) { return /^cmi\.core\.score\.(min|max)$|^cmi\.interactions\./.test(element); },

    /* score: {percent 0..100} */
    score: function (score) {
      return [["cmi.core.score.raw", String(score.percent)], ["cmi.core.score.min", "0"],
              ["cmi.core.score.max", "100"]];
    },

    interactionPrefix: function (index) { return "cmi.interactions." + index + "."; },

    /* One answered question as [field, value] pairs, id first; q: {id, type, response,
       correct, result (correct|incorrect|null), weight, latencyMs, when, description, objective}.
       Only elements that carry information are written (docs/tracking.md). */
    interaction: function (q) {
      var unit = QUESTION_TYPES[q.type];
      var out = [["id", identifier(q.id)]];
      if (q.objective) { out.push(["objectives.0.id", identifier(q.objective)]); }
      out.push(["time", clock(q.when)], ["type", unit.type]);
      // always written: a record written again over an older one must not keep its weighting
      out.push(["weighting", sb.decimal(q.weight)]);
      var list = unit.patterns(q.correct);
      for (var i = 0; i < list.length; i++) { out.push(["correct_responses." + i + ".pattern", list[i]]); }
      out.push(["student_response", FORMAT[q.response.kind](q.response)]);
      if (q.result) { out.push(["result", q.result === "incorrect" ? "wrong" : q.result]); }
      out.push(["latency", timespan(q.latencyMs)]);
      return out;
    },

    sessionTime: function (ms) { return [["cmi.core.session_time", timespan(ms)]]; },

    exit: function (finished) { return [["cmi.core.exit", finished ? "" : "suspend"]]; }
  };
}(window));
