// "Print this checklist": shown only when this script runs (the button is hidden without
// JavaScript, where the browser's own Print command still works). An external file, as the
// Content-Security-Policy allows no inline script.
(function () {
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      window.print();
    });
  });
})();
