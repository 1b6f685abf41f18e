// A live count under a text box that needs a minimum number of characters (data-min-characters),
// counted as the server counts them: whitespace left out.
"use strict";
// Loaded in the admin's <head>, before the form: start once the page is read.
document.addEventListener("DOMContentLoaded", () => document.querySelectorAll("textarea[data-min-characters]").forEach((box) => {
  const minimum = Number(box.dataset.minCharacters);
  const counter = document.createElement("p");
  counter.className = "character-count";
  counter.id = `${box.id}-count`;
  counter.setAttribute("aria-live", "polite");
  box.setAttribute("aria-describedby", `${box.getAttribute("aria-describedby") || ""} ${counter.id}`.trim());
  box.after(counter);
  const show = () => {
    const count = box.value.replace(/\s+/g, "").length;
    const template = count >= minimum ? box.dataset.countEnough : box.dataset.countShort;
    counter.textContent = template
      .replace("{count}", String(count))
      .replace("{missing}", String(minimum - count));
    counter.classList.toggle("character-count-short", count < minimum);
  };
  box.addEventListener("input", show);
  show();
}));
