/* scormbuild: can this browser run the course? Tests features, never the browser's name.
   Plain ECMAScript 3, so that it runs (and can warn) where the runtime cannot. */
(function (win, doc) {
  function has(owner, name) {
    return !!owner && typeof owner[name] !== "undefined" && owner[name] !== null;
  }
  var runs = has(doc, "querySelector") && has(win, "JSON") && has(win, "addEventListener") &&
    has(Array.prototype, "forEach") && has(Object, "keys") && has(Function.prototype, "bind") &&
    has(doc.documentElement, "classList");
  var css = win.CSS;
  var styled = !!(css && css.supports && css.supports("(--sb: 0)") && css.supports("display", "grid"));
  var id = !runs ? "sb-support-missing" : (!styled ? "sb-support-basic" : "");
  var notice = id ? doc.getElementById(id) : null;
  if (notice) {
    notice.removeAttribute("hidden");
  }
})(window, document);
