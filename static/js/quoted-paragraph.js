// The reflection form: the chosen learning point's paragraph first in "paragraph quoted", so an
// organiser picks among the paragraphs of the point the reflection is on before the others.
(function () {
  "use strict";
  function reorder() {
    var point = document.getElementById("id_point");
    var quoted = document.getElementById("id_quoted_paragraph");
    if (!point || !quoted || point.selectedIndex < 0) return;
    var name = point.options[point.selectedIndex].text;
    var group = Array.prototype.find.call(quoted.querySelectorAll("optgroup"), function (g) {
      return g.label === name;
    });
    if (group) quoted.insertBefore(group, quoted.querySelector("optgroup"));
  }
  document.addEventListener("DOMContentLoaded", function () {
    var point = document.getElementById("id_point");
    if (point) point.addEventListener("change", reorder);
    reorder();
  });
})();
