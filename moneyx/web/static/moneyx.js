// moneyx rates page: a tooltip for each point of the chart (date, value, place, kind, source).
(function () {
  "use strict";
  function init() {
    var figure = document.getElementById("chart");
    var tip = document.getElementById("tip");
    if (!figure || !tip) { return; }
    function show(pt) {
      var d = pt.dataset;
      tip.textContent = d.date + ": " + d.value + "\n" + d.place + ", " + d.kind + ", " +
        d.provider + "\nsource: " + d.source;
      tip.hidden = false;
      var box = figure.getBoundingClientRect();
      var r = pt.getBoundingClientRect();
      var left = r.left - box.left + 12;
      if (left > box.width - 300) { left = Math.max(0, left - 320); }
      tip.style.left = left + "px";
      tip.style.top = (r.top - box.top + 12) + "px";
    }
    function hide() { tip.hidden = true; }
    figure.querySelectorAll("circle.pt").forEach(function (pt) {
      pt.addEventListener("mouseenter", function () { show(pt); });
      pt.addEventListener("focus", function () { show(pt); });
      pt.addEventListener("mouseleave", hide);
      pt.addEventListener("blur", hide);
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
