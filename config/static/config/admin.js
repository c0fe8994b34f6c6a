// Submits the header's language switch as soon as a language is picked (no inline script, so
// the Content-Security-Policy can forbid inline code).
document.addEventListener("DOMContentLoaded", () => {
  const select = document.querySelector("#language-switch select");
  if (select) {
    select.addEventListener("change", () => select.form.submit());
  }
});
