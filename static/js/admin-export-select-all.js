// The export page's "select all" box (templates/admin/import_export/export.html) ticks or clears
// every column, with django-import-export's own handler: its inline onchange is blocked by the CSP.
document.addEventListener("DOMContentLoaded", () => {
  const toggle = document.getElementById("select-all-toggle");
  if (toggle && typeof onSelectToggleChange === "function") {
    toggle.addEventListener("change", onSelectToggleChange);
  }
});
