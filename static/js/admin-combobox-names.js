// The admin's autocomplete fields (select2) as comboboxes with a name: select2 labels its
// combobox by the chosen value alone, so a screen reader says "黄浦单位一", not what is chosen.
// Each gets its field's <label> too, whenever select2 sets one up (inline rows added later too).
(function () {
  "use strict";

  function name() {
    document.querySelectorAll("select.admin-autocomplete").forEach((select) => {
      const container = select.nextElementSibling;
      const combobox = container && container.querySelector(".select2-selection[role=combobox]");
      const shown = container && container.querySelector(".select2-selection__rendered");
      const label = select.id && document.querySelector(`label[for="${select.id}"]`);
      if (!combobox || !label || combobox.dataset.named) {
        return;
      }
      label.id = label.id || `${select.id}-label`;
      combobox.setAttribute("aria-labelledby", shown ? `${label.id} ${shown.id}` : label.id);
      if (shown) {
        shown.setAttribute("aria-labelledby", label.id);
      }
      combobox.dataset.named = "yes";
    });
  }

  // select2 is set up by Django's autocomplete.js after the page has loaded (jQuery's ready runs
  // late), and again for each inline row added: watch for it rather than guess when.
  document.addEventListener("DOMContentLoaded", () => {
    name();
    new MutationObserver(name).observe(document.body, { childList: true, subtree: true });
  });
})();
