// Load every runtime script in a sandbox whose browser objects accept anything, then print
// what the runtime registered: the keys of ScormBuild.questionTypes (null when absent).
var vm = require("vm"), fs = require("fs"), path = require("path");
function anything() {
  var f = function () { return anything(); };
  return new Proxy(f, {get: function (t, k) {
    if (k === Symbol.toPrimitive) { return function () { return ""; }; }
    if (k === "length") { return 0; }
    return anything();
  }, apply: function () { return anything(); }, construct: function () { return anything(); }});
}
var sandbox = {document: anything(), navigator: anything(), location: anything(),
               setTimeout: function () {}, setInterval: function () {}, console: console};
sandbox.window = sandbox; sandbox.self = sandbox; sandbox.parent = sandbox; sandbox.top = sandbox;
vm.createContext(sandbox);
var dir = process.argv[2], errors = [];
fs.readdirSync(dir).filter(function (n) { return /\.js$/.test(n); }).sort().forEach(function (n) {
  try { vm.runInContext(fs.readFileSync(path.join(dir, n), "utf8"), sandbox, {filename: n}); }
  catch (e) { errors.push(n + ": " + e.message); }
});
var sb = sandbox.ScormBuild;
console.log(JSON.stringify({errors: errors, namespace: !!sb,
  questionTypes: sb && sb.questionTypes ? Object.keys(sb.questionTypes).sort() : null}));
