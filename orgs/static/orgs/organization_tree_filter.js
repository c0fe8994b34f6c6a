// An organization picked in a list's autocomplete filter reloads the list filtered by it (no
// inline script, so the Content-Security-Policy can forbid inline code).
document.addEventListener("DOMContentLoaded", () => {
  const $ = window.django && window.django.jQuery;
  if (!$) {
    return;
  }
  $("select[data-filter-parameter]").on("change", function () {
    const query = new URLSearchParams(this.dataset.filterUrl);
    if (this.value) {
      query.set(this.dataset.filterParameter, this.value);
    }
    window.location.search = query.toString();
  });
});
