/* Preview LMS simulator: the SCORM 1.2 unit. Everything edition-specific the simulator core
   (lms-core.js) needs: API names, element names, first values, error codes. */
(function (w) {
  "use strict";
  var P = w.PreviewLMS = w.PreviewLMS || {editions: {}};
  P.editions.scorm12 = {
    apiName: "API",
    calls: {initialize: "LMSInitialize", terminate: "LMSFinish", getValue: "LMSGetValue",
            setValue: "LMSSetValue", commit: "LMSCommit", getLastError: "LMSGetLastError",
            getErrorString: "LMSGetErrorString", getDiagnostic: "LMSGetDiagnostic"},
    elements: {learnerId: "cmi.core.student_id",
               entry: "cmi.core.entry", exit: "cmi.core.exit", location: "cmi.core.lesson_location",
               suspendData: "cmi.suspend_data", interactions: "cmi.interactions.",
               response: "student_response", totalTime: "cmi.core.total_time"},
    readOnly: ["cmi.core.student_id", "cmi.core.student_name", "cmi.core.credit", "cmi.core.entry",
               "cmi.core.total_time", "cmi.core.lesson_mode", "cmi.launch_data",
               "cmi.student_data.mastery_score", "cmi.interactions._count", "cmi._version"],
    writeOnly: ["cmi.core.exit", "cmi.core.session_time"],
    entryValues: {first: "ab-initio", resume: "resume", other: ""},
    first: function () {
      return {"cmi._version": "3.4", "cmi.core.student_id": "preview-learner",
              "cmi.core.student_name": "Learner, Preview", "cmi.core.lesson_status": "not attempted",
              "cmi.core.credit": "credit", "cmi.core.lesson_mode": "normal",
              "cmi.core.total_time": "0000:00:00", "cmi.launch_data": ""};
    },
    errors: {none: "0", general: "101", alreadyInitialized: "101", notInitialized: "301",
             getBeforeInit: "301", getAfterTerm: "301", setBeforeInit: "301", setAfterTerm: "301",
             commitBeforeInit: "301", commitAfterTerm: "301", commitFailed: "101",
             unknown: "401", unset: "0", readOnly: "403", writeOnly: "404"},
    errorStrings: {"0": "No error", "101": "General exception", "301": "Not initialized",
                   "401": "Not implemented error", "403": "Element is read only",
                   "404": "Element is write only"},
    /* What the panel shows: status, score and the bookmark, read from the data model. */
    summary: function (d) {
      return {status: d["cmi.core.lesson_status"] || "",
              score: d["cmi.core.score.raw"] !== undefined ? d["cmi.core.score.raw"] + " (raw, 0-100)" : "",
              location: d["cmi.core.lesson_location"] || ""};
    }
  };
}(window));
