// The "copy link" button of the WeChat download page: shown only where the clipboard can be
// written; the link stays selectable by a long press everywhere.
(function () {
  "use strict";
  var button = document.querySelector("[data-copy]");
  if (!button || !navigator.clipboard) return;
  var field = document.getElementById(button.getAttribute("data-copy"));
  var done = document.querySelector(".copy-done");
  button.hidden = false;
  field.addEventListener("focus", function () { field.select(); });
  button.addEventListener("click", function () {
    navigator.clipboard.writeText(field.value).then(function () { done.hidden = false; });
  });
})();
