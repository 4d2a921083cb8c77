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
    interactions: 250,          // interaction records at most (SPM of the 2004 collection, RTE 4.2.9)
    numberDigits: 10            // a typed number's integer digits: 2004's real(10,7); an LMS
                                // may take fewer (the adapter's numberDigits, from the build)
  };

  /* level: "info" | "warn" | "error"; logging never breaks the page. */
  sb.note = function (level, message) {
    sb.log.push({level: level, message: message, at: new Date().getTime()});
    try {
      if (w.console && w.console[level]) { w.console[level]("[scormbuild] " + message); }
    } catch (e) { /* ignore */ }
  };

  sb.now = function () { return new Date().getTime(); };

  /* Milliseconds on a clock that never goes back (performance.now where the browser has it, the
     date elsewhere), for spans of time: the session time and idleness survive the computer's
     clock being set back (a time-server correction) while the course is open. */
  sb.ticks = w.performance && typeof w.performance.now === "function"
    ? function () { return w.performance.now(); } : sb.now;

  /* A deep copy of plain data (what crosses between the shell and its pages). */
  sb.copy = function (value) { return value === undefined ? null : JSON.parse(JSON.stringify(value)); };

  /* Text the LMS can take: at most `limit` UTF-16 code units, never ending on half of a
     character, and no lone surrogate (a character cut in two, or pasted broken): such a value
     is no Unicode text, and an LMS that sends its values as URL-encoded text fails on it
     (encodeURIComponent throws), so every later commit would fail too. */
  sb.cut = function (text, limit) {
    var s = String(text === undefined || text === null ? "" : text);
    if (limit !== undefined && s.length > limit) {
      var last = s.charCodeAt(limit - 1);
      s = s.slice(0, last >= 0xD800 && last <= 0xDBFF ? limit - 1 : limit);
    }
    return s.replace(/[\uD800-\uDBFF][\uDC00-\uDFFF]|[\uD800-\uDFFF]/g, function (c) {
      return c.length === 2 ? c : "\uFFFD";
    });
  };

  sb.round2 = function (x) { return Math.round(x * 100) / 100; };
  /* Whole hundredths of a share (0..1), rounded, but never up to 100 before the end: 199 of 200
     lessons is 99 %, not 100 % (and 0.99, not "1"), while 1 of 22 is 5 %. */
  sb.hundredths = function (share) {
    var h = Math.round(share * 100);
    return share < 1 && h >= 100 ? 99 : h;
  };

  /* A number as the data model writes one: plain digits, never JavaScript's exponent form
     (String(0.0000001) is "1e-7", which is neither a 1.2 CMIDecimal nor a 2004 real, and a
     value the LMS refuses is written again for good), rounded to 7 decimals (2004's
     real(10,7), RTE 4.2.9.1). */
  sb.decimal = function (x) {
    var n = +x;
    if (!isFinite(n)) { return "0"; }
    var text = n.toFixed(7);  // plain digits below 1e21
    var big = /^(-?)(\d)(?:\.(\d+))?e\+(\d+)$/.exec(String(n));
    if (big) {  // 1e21 and above: the exponent written out
      var digits = big[2] + (big[3] || "");
      text = big[1] + digits + new Array(+big[4] - (big[3] || "").length + 1).join("0");
    }
    text = text.indexOf(".") >= 0 ? text.replace(/0+$/, "").replace(/\.$/, "") : text;
    return text === "-0" ? "0" : text;
  };

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
