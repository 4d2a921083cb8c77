/* The preview page: launches the course in the frame over the simulator, shows the panel,
   and follows the server's rebuilds (reload on success, diagnostics on failure). */
(function (w, d) {
  "use strict";
  var config = w.PREVIEW_CONFIG;
  var unit = w.PreviewLMS.editions[config.edition.family];
  var frame = d.getElementById("course");
  var generation = null;
  var sim = new w.PreviewLMS.Simulator(unit, "scormbuild-preview:" + config.edition.key, render);

  function text(id, value) { d.getElementById(id).textContent = value; }

  function cell(row, value) {
    var td = d.createElement("td");
    td.textContent = value === undefined ? "" : value;
    row.appendChild(td);
  }

  function render() {
    var data = sim.data(), summary = unit.summary(data);
    var session = sim.session ? sim.session.state : "not launched";
    text("pv-session", session + " (launch " + sim.record.launches + ", entry \"" +
         (sim.session ? sim.session.data[unit.elements.entry] : "") + "\")");
    text("pv-status", summary.status || "(not set)");
    text("pv-score", summary.score || "(not set)");
    text("pv-location", summary.location || "(not set)");
    text("pv-committed", sim.record.committedAt || "never");
    var size = (data[unit.elements.suspendData] || "").length, limit = config.edition.suspendLimit;
    text("pv-suspend", size + " of " + limit + " characters (" + Math.round(size * 100 / limit) + "%)");
    d.getElementById("pv-suspend").className = size > limit ? "over" : (size > limit * 0.8 ? "near" : "");
    showRecord(data);
    var rows = sim.interactions(), body = d.getElementById("pv-interactions");
    body.innerHTML = "";
    for (var i = 0; i < rows.length; i++) {
      var tr = d.createElement("tr"), r = rows[i] || {};
      cell(tr, i); cell(tr, r.id); cell(tr, r.type); cell(tr, r[unit.elements.response]); cell(tr, r.result);
      body.appendChild(tr);
    }
    text("pv-interaction-count", String(rows.length));
    var log = d.getElementById("pv-log");
    log.innerHTML = "";
    for (var j = 0; j < sim.log.length && j < 100; j++) {
      var e = sim.log[j], li = d.createElement("li");
      li.textContent = e.time + "  " + e.call + "(" + (e.args.length ? JSON.stringify(e.args).slice(1, -1) : "") +
        ")" + (e.result !== "" ? " -> " + JSON.stringify(e.result) : "") + (e.error !== "0" ? "  error " + e.error : "");
      if (e.error !== "0") { li.className = "error"; }
      log.appendChild(li);
    }
  }

  function utf8Length(value) { return unescape(encodeURIComponent(value)).length; }

  /* What Moodle's SCORM 2004 player would send on each save: every element the learner's record
     holds (read-only ones aside), one multipart field each, "." written "__"; a browser refuses
     more than 64 KiB while the page unloads (docs/tracking.md, "The learner record in the LMS"). */
  function showRecord(data) {
    var record = config.edition.record, el = d.getElementById("pv-record");
    if (!record) {
      text("pv-record", "not measured: Moodle's SCORM 1.2 player sends only what changed");
      el.className = "";
      return;
    }
    var bytes = record.closing;
    for (var name in data) {
      if (Object.prototype.hasOwnProperty.call(data, name) && unit.readOnly.indexOf(name) < 0) {
        bytes += record.perField + utf8Length(name.replace(/\./g, "__")) + utf8Length(String(data[name]));
      }
    }
    text("pv-record", bytes + " of " + record.limit + " bytes as Moodle's 2004 player sends it (" +
         Math.round(bytes * 100 / record.limit) + "%)");
    el.className = bytes > record.limit ? "over" : (bytes > record.limit * 0.8 ? "near" : "");
  }

  /* Relaunch: the old page leaves first (its pagehide ends its session), then a new session. */
  function relaunch() {
    frame.onload = function () {
      frame.onload = null;
      sim.launch();
      frame.src = config.courseUrl;
    };
    frame.src = "about:blank";
  }

  function showBuild(status) {
    var box = d.getElementById("pv-problems");
    d.getElementById("pv-problem-lines").textContent = status.report.join("\n");
    box.hidden = !status.failed;
    frame.hidden = status.failed;
    text("pv-build", status.failed ? "build failed (see the course area)" : "built (generation " + status.generation + ")");
  }

  function poll() {
    var xhr = new XMLHttpRequest();
    xhr.open("GET", "/__preview/status" + (generation === null ? "" : "?since=" + generation), true);
    xhr.onload = function () {
      var status = JSON.parse(xhr.responseText);
      if (status.generation !== generation) {
        var first = generation === null;
        generation = status.generation;
        showBuild(status);
        if (!status.failed) {
          if (first) { sim.launch(); frame.src = config.courseUrl; } else { relaunch(); }
        }
      }
      w.setTimeout(poll, 50);  // the server holds the request until the next build
    };
    xhr.onerror = function () {
      text("pv-build", "preview server stopped");
      w.setTimeout(poll, 2000);
    };
    xhr.send();
  }

  d.getElementById("pv-reset").onclick = function () { sim.reset(); relaunch(); };
  d.getElementById("pv-relaunch").onclick = relaunch;
  d.getElementById("pv-end").onclick = function () { if (sim.session) { sim.session.endFromLms(); } };
  d.getElementById("pv-commit-fails").onchange = function () {
    sim.faults.commitFails = this.checked;
    sim.note(this.checked ? "fault on: commit fails" : "fault off: commit works", []);
  };
  var select = d.getElementById("pv-edition");
  for (var k = 0; k < config.editions.length; k++) {
    var option = d.createElement("option");
    option.value = config.editions[k].name;
    option.textContent = config.editions[k].label;
    option.selected = config.editions[k].name === config.edition.name;
    select.appendChild(option);
  }
  select.onchange = function () { w.location.href = "/?edition=" + encodeURIComponent(select.value); };
  render();
  poll();
}(window, document));
