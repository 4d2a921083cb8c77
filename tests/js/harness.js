/* Loads the runtime files into a node vm context with a minimal window, for unit tests of the
   parts that do not need a browser (layout, grading, state). Usage: node harness.js SCRIPT
   where SCRIPT is a test file that uses `sb` (the ScormBuild namespace) and `assert`. */
"use strict";
const fs = require("fs");
const path = require("path");
const vm = require("vm");
const assert = require("assert");

const runtime = path.join(__dirname, "..", "..", "templates", "static", "runtime");
const window = {console: {info() {}, warn() {}, error() {}}, document: null};
window.window = window;
const context = vm.createContext(window);
for (const name of ["core.js", "questions.js", "state.js"]) {
  vm.runInContext(fs.readFileSync(path.join(runtime, name), "utf8"), context, {filename: name});
}
const sb = window.ScormBuild;
const input = fs.readFileSync(0, "utf8");
const test = new Function("sb", "assert", "input", fs.readFileSync(process.argv[2], "utf8"));
const out = test(sb, assert, input ? JSON.parse(input) : null);
process.stdout.write(JSON.stringify(out === undefined ? null : out));
