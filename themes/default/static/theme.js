// wgsite: the light/dark toggle. It remembers the choice in localStorage; without JavaScript
// the button stays hidden and the page follows the system's prefers-color-scheme.
(function () {
  var root = document.documentElement;
  var button = document.querySelector(".theme-toggle");
  if (!button) return;
  var media = window.matchMedia("(prefers-color-scheme: dark)");
  function current() {
    var t = root.getAttribute("data-theme");
    return t === "light" || t === "dark" ? t : media.matches ? "dark" : "light";
  }
  function show() {
    button.setAttribute("aria-pressed", current() === "dark" ? "true" : "false");
  }
  button.addEventListener("click", function () {
    var next = current() === "dark" ? "light" : "dark";
    root.setAttribute("data-theme", next);
    try {
      localStorage.setItem("wgsite-theme", next);
    } catch (e) {}
    show();
  });
  if (media.addEventListener) media.addEventListener("change", show);
  show();
  button.hidden = false;
})();
