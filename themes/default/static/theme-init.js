// wgsite: applies the saved colour scheme before the first paint (no flash of the wrong one).
try {
  var t = localStorage.getItem("wgsite-theme");
  if (t === "light" || t === "dark") document.documentElement.setAttribute("data-theme", t);
} catch (e) {}
