/* Preview LMS simulator: the SCORM 2004 unit (3rd and 4th Edition share it). Everything
   edition-specific the simulator core (lms-core.js) needs. */
(function (w) {
  "use strict";
  var P = w.PreviewLMS = w.PreviewLMS || {editions: {}};
  P.editions.scorm2004 = {
    apiName: "API_1484_11",
    calls: {initialize: "Initialize", terminate: "Terminate", getValue: "GetValue",
            setValue: "SetValue", commit: "Commit", getLastError: "GetLastError",
            getErrorString: "GetErrorString", getDiagnostic: "GetDiagnostic"},
    elements: {learnerId: "cmi.learner_id", entry: "cmi.entry", exit: "cmi.exit", location: "cmi.location",
               suspendData: "cmi.suspend_data", interactions: "cmi.interactions.",
               response: "learner_response", totalTime: "cmi.total_time"},
    readOnly: ["cmi.learner_id", "cmi.learner_name", "cmi.credit", "cmi.entry", "cmi.total_time",
               "cmi.mode", "cmi.launch_data", "cmi.scaled_passing_score", "cmi.completion_threshold",
               "cmi.interactions._count", "cmi._version"],
    writeOnly: ["cmi.exit", "cmi.session_time"],
    entryValues: {first: "ab-initio", resume: "resume", other: ""},
    first: function () {
      return {"cmi._version": "1.0", "cmi.learner_id": "preview-learner",
              "cmi.learner_name": "Learner, Preview", "cmi.completion_status": "unknown",
              "cmi.success_status": "unknown", "cmi.credit": "credit", "cmi.mode": "normal",
              "cmi.total_time": "PT0S", "cmi.launch_data": ""};
    },
    errors: {none: "0", general: "101", alreadyInitialized: "103", notInitialized: "122",
             getBeforeInit: "122", getAfterTerm: "123", setBeforeInit: "132", setAfterTerm: "133",
             commitBeforeInit: "142", commitAfterTerm: "143", commitFailed: "391",
             unknown: "401", unset: "403", readOnly: "404", writeOnly: "405"},
    errorStrings: {"0": "No Error", "101": "General Exception", "103": "Already Initialized",
                   "122": "Retrieve Data Before Initialization",
                   "123": "Retrieve Data After Termination",
                   "132": "Store Data Before Initialization", "133": "Store Data After Termination",
                   "142": "Commit Before Initialization", "143": "Commit After Termination",
                   "391": "General Commit Failure", "401": "Undefined Data Model Element",
                   "403": "Data Model Element Value Not Initialized",
                   "404": "Data Model Element Is Read Only", "405": "Data Model Element Is Write Only"},
    summary: function (d) {
      var scaled = d["cmi.score.scaled"];
      return {status: (d["cmi.completion_status"] || "") + " / " + (d["cmi.success_status"] || ""),
              score: scaled !== undefined ? scaled + " (scaled, 0-1)" : "",
              location: d["cmi.location"] || ""};
    }
  };
}(window));
