// Remembers the reader's language for the site root, and keeps the section when switching language.
(function () {
  var lang = document.documentElement.getAttribute("lang");
  try { localStorage.setItem("jh-lang", lang); } catch (e) { /* storage may be off: nothing to remember */ }
  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a.jh-lang-link") : null;
    if (link && location.hash) { link.setAttribute("href", link.getAttribute("href").split("#")[0] + location.hash); }
  });
})();
