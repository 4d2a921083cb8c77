/* scormbuild runtime: one unit per question type, and the layout of a quiz attempt.
   A unit holds everything the runtime knows about its type:
     scored -> counts towards the score (false: likert, free text)
     read(q, fieldset) -> the answer on the page (null when none)
     restore(q, fieldset, answer) -> puts a stored answer back on the page
     isAnswered(q, answer) -> complete enough to submit
     grade(q, answer) -> {response, correct, ok: true|false|null}
     store(q, answer) -> what suspend_data keeps (null: nothing)
     valid(q, stored) -> a stored answer has the shape store() gives (a saved record may be
                         corrupt or from another version: anything else is dropped on resume)
     unanswered -> the end of the "Please answer Question n…" message
   The edition adapters hold the matching per-type unit that formats responses for the LMS.
   The Python side (scormbuild/) declares the same set of types; a test checks they agree. ES5. */
(function (w) {
  "use strict";
  var sb = w.ScormBuild = w.ScormBuild || {};
  var SEED_MODULUS = sb.LIMITS.seedModulus;  // Park-Miller: exact in doubles, no Math.imul (ES5)

  /* ---------------------------------------------------------------- helpers */

  function generator(seed) {
    var s = seed % SEED_MODULUS;
    if (s <= 0) { s += SEED_MODULUS - 1; }
    return function () { s = s * 16807 % SEED_MODULUS; return (s - 1) / (SEED_MODULUS - 1); };
  }

  function shuffledIndexes(n, random) {
    var order = [];
    for (var i = 0; i < n; i++) { order.push(i); }
    for (var j = n - 1; j > 0; j--) {
      var k = Math.floor(random() * (j + 1));
      var t = order[j]; order[j] = order[k]; order[k] = t;
    }
    return order;
  }

  /* A shuffled order that is never the author's (for n > 1): the author's order may be the answer. */
  function reordered(n, random) {
    var order = shuffledIndexes(n, random);
    for (var i = 0; i < n; i++) { if (order[i] !== i) { return order; } }
    order.push(order.shift());
    return order;
  }

  function checkedValues(fs) {
    var out = [];
    var inputs = fs.querySelectorAll("input:checked");
    for (var i = 0; i < inputs.length; i++) { out.push(inputs[i].value); }
    return out;
  }

  function check(fs, values) {
    var inputs = fs.querySelectorAll("input[type=radio], input[type=checkbox]");
    for (var i = 0; i < inputs.length; i++) { inputs[i].checked = sb.contains(values, inputs[i].value); }
  }

  function field(q, id) { return w.document.getElementById("q-" + q.id + "-" + id); }

  function selectValues(q, ids) { return ids.map(function (id) { var el = field(q, id); return el ? el.value : ""; }); }

  function setSelects(q, ids, values) {
    for (var i = 0; i < ids.length; i++) { var el = field(q, ids[i]); if (el) { el.value = values[i]; } }
  }

  function textInput(fs) { return fs.querySelector("input[type=text], textarea"); }

  function sameSet(a, b) {
    if (a.length !== b.length) { return false; }
    for (var i = 0; i < a.length; i++) { if (b.indexOf(a[i]) < 0) { return false; } }
    return true;
  }

  /* Characters keyboards type two ways, folded to one: typographic apostrophes and quotes as
     the keyboard's (a phone types ’ where a desktop types '), and the micro sign µ (macOS,
     Windows) as the Greek μ (a Greek keyboard), which looks the same. The build folds the
     accepted answers with the same table: questions/fill_in.py TYPED. */
  var TYPED = {"\u2018": "'", "\u2019": "'", "\u02bc": "'", "\u201c": "\"", "\u201d": "\"",
               "\u00b5": "\u03bc"};
  var TYPED_ANY = new RegExp("[" + Object.keys(TYPED).join("") + "]", "g");

  /* What a typed answer is compared as: spaces collapsed, TYPED folded, and accents composed
     (NFC) where the browser can. */
  function normalText(text, caseSensitive) {
    var t = String(text).replace(/\s+/g, " ").replace(/^ | $/g, "")
      .replace(TYPED_ANY, function (c) { return TYPED[c]; });
    if (t.normalize) { t = t.normalize("NFC"); }  // not in ES5 browsers: there, as typed
    return caseSensitive ? t : t.toLowerCase();
  }

  /* A typed number; null when it is none, or when its reading depends on the learner's
     country: "5,000" and "1.000" are a thousand in one and a decimal in another, and a number
     with two separators ("1,000.5") is grouped. Never guessed (a dose graded against the
     wrong reading): the learner is asked to write it without grouping. A comma alone is a
     decimal point ("2,5"); spaces and apostrophes group digits ("5 000", "5'000"). */
  function parseNumber(text) {
    var t = String(text).replace(/[\s\u00a0\u202f']/g, "");
    if (/[.,].*[.,]/.test(t) || /^-?[1-9]\d{0,2}[.,]\d{3}$/.test(t)) { return null; }
    t = t.replace(",", ".");
    return /^-?(\d+\.?\d*|\.\d+)$/.test(t) ? parseFloat(t) : null;
  }

  function choiceResponse(q, indexes) {
    return {kind: "choice", indexes: indexes, ids: indexes.map(function (i) { return q.choices[i]; })};
  }

  function choiceIndexes(q, ids) { return ids.map(function (id) { return q.choices.indexOf(id); }); }

  function matchingPairs(q, targets) {
    var pairs = [];
    for (var i = 0; i < targets.length; i++) {
      if (targets[i] >= 0) {
        pairs.push({source: i, target: targets[i], sourceId: q.sources[i], targetId: q.targets[targets[i]]});
      }
    }
    return pairs;
  }

  function matchingKey(q) {
    return q.sources.map(function (s) { var t = q.correct[s]; return t === undefined ? -1 : q.targets.indexOf(t); });
  }

  function sequenceOrder(positions) {
    var order = positions.map(function (p, i) { return i; });
    order.sort(function (a, b) { return positions[a] - positions[b]; });
    return order;
  }

  function keep(q, a) { return a === undefined || a === "" ? null : sb.copy(a); }

  function keepText(q, a) {
    return typeof a === "string" && a !== "" ? sb.cut(a, q.maxLength) : null;  // bounds suspend_data
  }

  function isIndex(v, below) { return typeof v === "number" && Math.floor(v) === v && v >= 0 && v < below; }
  function isText(q, a) { return typeof a === "string"; }
  function everyIndex(a, length, below, unset) {
    if (!(a instanceof Array) || (length !== null && a.length !== length)) { return false; }
    for (var i = 0; i < a.length; i++) { if (a[i] !== unset && !isIndex(a[i], below)) { return false; } }
    return true;
  }

  function nothing() { return null; }
  function noRestore() { /* free text is never stored */ }
  function present(q, a) { return a !== null && a !== undefined && a !== ""; }

  /* ---------------------------------------------------------------- the units */

  var T = sb.questionTypes = {};

  T["single-choice"] = {
    scored: true,
    read: function (q, fs) { var v = checkedValues(fs); return v.length ? q.choices.indexOf(v[0]) : null; },
    restore: function (q, fs, a) { check(fs, [q.choices[a]]); },
    isAnswered: present,
    grade: function (q, a) {
      return {response: choiceResponse(q, [a]), correct: choiceResponse(q, choiceIndexes(q, q.correct)),
              ok: q.correct.indexOf(q.choices[a]) >= 0};
    },
    valid: function (q, a) { return isIndex(a, q.choices.length); },
    store: keep,
    unanswered: " before submitting."
  };

  T["multiple-response"] = {
    scored: true,
    read: function (q, fs) {
      var out = checkedValues(fs).map(function (v) { return q.choices.indexOf(v); });
      return out.length ? out.sort(function (a, b) { return a - b; }) : null;
    },
    restore: function (q, fs, a) { check(fs, a.map(function (i) { return q.choices[i]; })); },
    isAnswered: function (q, a) { return present(q, a) && a.length > 0; },
    grade: function (q, a) {
      var key = choiceIndexes(q, q.correct);
      return {response: choiceResponse(q, a), correct: choiceResponse(q, key), ok: sameSet(a, key)};
    },
    valid: function (q, a) { return everyIndex(a, null, q.choices.length, null) && a.length > 0; },
    store: keep,
    unanswered: " before submitting."
  };

  T["true-false"] = {
    scored: true,
    read: function (q, fs) { var v = checkedValues(fs); return v.length ? (v[0] === "true" ? 1 : 0) : null; },
    restore: function (q, fs, a) { check(fs, [a === 1 ? "true" : "false"]); },
    isAnswered: present,
    grade: function (q, a) {
      return {response: {kind: "true-false", value: a === 1}, correct: {kind: "true-false", value: q.correct},
              ok: (a === 1) === q.correct};
    },
    valid: function (q, a) { return a === 0 || a === 1; },
    store: keep,
    unanswered: " before submitting."
  };

  T["fill-in"] = {
    scored: true,
    read: function (q, fs) { var el = textInput(fs); return el && el.value !== "" ? el.value : null; },
    restore: function (q, fs, a) { var el = textInput(fs); if (el) { el.value = a; } },
    isAnswered: present,
    grade: function (q, a) {
      var ok = false;
      for (var i = 0; i < q.correct.length; i++) {
        if (normalText(q.correct[i], q.caseSensitive) === normalText(a, q.caseSensitive)) { ok = true; }
      }
      return {response: {kind: "fill-in", text: normalText(a, true)},
              correct: {kind: "fill-in", texts: q.correct, caseSensitive: q.caseSensitive}, ok: ok};
    },
    valid: isText,
    store: keepText,
    unanswered: " before submitting."
  };

  T.numeric = {
    scored: true,
    read: T["fill-in"].read,
    restore: T["fill-in"].restore,
    // a number the LMS can store (sb.LIMITS.numberDigits): a larger one would be refused for
    // good; counted as the adapter writes it, rounded to 7 decimals
    isAnswered: function (q, a) {
      var v = present(q, a) ? parseNumber(a) : null;
      return v !== null && sb.decimal(Math.abs(v)).split(".")[0].length <= sb.LIMITS.numberDigits;
    },
    // graded as the LMS records it (7 decimals, sb.decimal): 0.50000001 typed for 0.5 would
    // otherwise be marked wrong while the LMS holds the response 0.5
    grade: function (q, a) {
      var v = parseNumber(a);
      if (v !== null) { v = +sb.decimal(v); }
      return {response: {kind: "numeric", value: v}, correct: {kind: "numeric-range", min: q.min, max: q.max},
              ok: v !== null && v >= q.min && v <= q.max};
    },
    valid: isText,
    store: keepText,
    unanswered: function () {
      return ": enter a number of at most " + sb.LIMITS.numberDigits + " digits before the decimal " +
        "point, without thousands separators (5000, not 5,000 or 5.000).";
    }
  };

  T.matching = {
    scored: true,
    read: function (q, fs) {
      return selectValues(q, q.sources).map(function (v) { return v === "" ? -1 : q.targets.indexOf(v); });
    },
    restore: function (q, fs, a) {
      setSelects(q, q.sources, a.map(function (t) { return t >= 0 ? q.targets[t] : ""; }));
    },
    isAnswered: function (q, a) { return present(q, a) && a.indexOf(-1) < 0; },
    grade: function (q, a) {
      var key = matchingKey(q);
      var ok = true;
      for (var i = 0; i < key.length; i++) { if (key[i] >= 0 && a[i] !== key[i]) { ok = false; } }
      return {response: {kind: "matching", pairs: matchingPairs(q, a)},
              correct: {kind: "matching", pairs: matchingPairs(q, key)}, ok: ok};
    },
    valid: function (q, a) { return everyIndex(a, q.sources.length, q.targets.length, -1); },
    store: keep,
    unanswered: ": choose a match for every item."
  };

  T.sequencing = {
    scored: true,
    read: function (q, fs) {
      return selectValues(q, q.items).map(function (v) { return v === "" ? 0 : parseInt(v, 10); });
    },
    restore: function (q, fs, a) { setSelects(q, q.items, a.map(function (p) { return p ? String(p) : ""; })); },
    isAnswered: function (q, a) {
      if (!present(q, a)) { return false; }
      for (var i = 0; i < a.length; i++) { if (!a[i] || a.indexOf(a[i]) !== i) { return false; } }
      return true;
    },
    grade: function (q, a) {
      var order = sequenceOrder(a);
      var key = q.items.map(function (id, i) { return i; });
      return {response: {kind: "sequencing", indexes: order, ids: order.map(function (i) { return q.items[i]; })},
              correct: {kind: "sequencing", indexes: key, ids: q.items}, ok: order.join() === key.join()};
    },
    valid: function (q, a) { return everyIndex(a, q.items.length, q.items.length + 1, null); },
    store: keep,
    unanswered: ": give each step a different position."
  };

  T.likert = {
    scored: false,
    read: function (q, fs) { var v = checkedValues(fs); return v.length ? parseInt(v[0], 10) : null; },
    restore: function (q, fs, a) { check(fs, [String(a)]); },
    isAnswered: present,
    grade: function (q, a) { return {response: {kind: "likert", index: a - 1}, correct: null, ok: null}; },
    valid: function (q, a) { return isIndex(a - 1, q.scale.length); },
    store: keep,
    unanswered: " before submitting."
  };

  T.text = {  // free text: optional, sent to the LMS, never stored (it would make suspend_data unbounded)
    scored: false,
    read: function (q, fs) { var el = textInput(fs); return el && el.value ? el.value : null; },
    restore: noRestore,
    isAnswered: function () { return true; },
    grade: function (q, a) { return {response: {kind: "text", text: String(a || "")}, correct: null, ok: null}; },
    valid: function () { return false; },
    store: nothing,
    unanswered: " before submitting."
  };

  /* ---------------------------------------------------------------- quiz layout */

  sb.newSeed = function () { return 1 + Math.floor(Math.random() * (SEED_MODULUS - 2)); };

  /* Which questions an attempt shows (author order), and for each question whose data names a
     list in `shuffle` (choices, targets, items: the Python question unit decides), the order in
     which that list appears (indexes). */
  sb.layout = function (quiz, seed) {
    var random = generator(seed);
    var count = quiz.questions.length;
    var drawn = shuffledIndexes(count, random);
    if (quiz.draw && quiz.draw < count) { drawn = drawn.slice(0, quiz.draw); }
    drawn.sort(function (a, b) { return a - b; });
    var orders = {};
    for (var i = 0; i < count; i++) {
      var q = quiz.questions[i];
      if (q.shuffle) { orders[q.id] = reordered(q[q.shuffle].length, random); }
    }
    return {questions: drawn, orders: orders};
  };

  /* Does this question count towards the score? */
  sb.isScored = function (q) { return T[q.type].scored; };

  sb.isAnswered = function (q, a) { return T[q.type].isAnswered(q, a); };
  sb.grade = function (q, a) { return T[q.type].grade(q, a); };
  sb.isValidAnswer = function (q, a) { return !!T[q.type].valid(q, a); };
  sb.storeAnswer = function (q, a) { return T[q.type].store(q, a === undefined ? null : a); };
}(window));
