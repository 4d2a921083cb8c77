/* scormbuild runtime: the namespace, the log and small helpers shared by every other runtime
   file. ES5, no dependencies, one global (ScormBuild). Loaded first on every page. */
(function (w) {
  "use strict";
  var sb = w.ScormBuild = w.ScormBuild || {};

  sb.log = sb.log || [];

  /* Bounds the runtime keeps, in one place: the build's budgets (render/suspend_budget.py,
     render/lms_record.py) use the same figures. */
  sb.LIMITS = {
    attemptsStored: 9999,       // the attempt counter stops here when attempts are unlimited
    seedModulus: 2147483647,    // layout seeds are 1 .. modulus - 1 (questions.js, Park-Miller)
    interactions: 250           // interaction records at most (SPM of the 2004 collection, RTE 4.2.9)
  };

  /* level: "info" | "warn" | "error"; logging never breaks the page. */
  sb.note = function (level, message) {
    sb.log.push({level: level, message: message, at: new Date().getTime()});
    try {
      if (w.console && w.console[level]) { w.console[level]("[scormbuild] " + message); }
    } catch (e) { /* ignore */ }
  };

  sb.now = function () { return new Date().getTime(); };

  /* A deep copy of plain data (what crosses between the shell and its pages). */
  sb.copy = function (value) { return value === undefined ? null : JSON.parse(JSON.stringify(value)); };

  sb.round2 = function (x) { return Math.round(x * 100) / 100; };

  function pad2(n) { return (n < 10 ? "0" : "") + n; }

  sb.isoDate = function (d) {
    return d.getFullYear() + "-" + pad2(d.getMonth() + 1) + "-" + pad2(d.getDate());
  };

  sb.humanDuration = function (ms) {
    var minutes = Math.round(ms / 60000);
    if (minutes < 1) { return "less than a minute"; }
    var h = Math.floor(minutes / 60);
    var m = minutes % 60;
    return (h ? h + " h " : "") + (m || !h ? m + " min" : "").replace(/\s$/, "");
  };

  sb.contains = function (list, value) { return list.indexOf(value) >= 0; };

  sb.sortedKeys = function (obj) { return Object.keys(obj).sort(); };
}(window));
