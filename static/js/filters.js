// The directory's filters: on a wide screen the drawer stays open as a column beside the
// results; as filters change, "Show 42 results" says how many the new choice would find.
(function () {
  "use strict";

  var WIDE = window.matchMedia("(min-width: 60rem)");

  function init() {
    var drawer = document.querySelector("[data-filters]");
    if (!drawer) return;
    // Browsers that cannot show a closed drawer's content beside the results (CSS
    // ::details-content) get it opened instead.
    function follow() {
      if (WIDE.matches) drawer.open = true;
    }
    follow();
    WIDE.addEventListener("change", follow);

    var form = drawer.querySelector("[data-search-form]");
    var button = form && form.querySelector("[data-show-results]");
    var status = form && form.querySelector("[data-count-status]");
    if (!form || !button || !window.fetch) return;
    var timer = null;
    var asking = null;

    function label(result) {
      return "Show " + result.label + " result" + (result.count === 1 ? "" : "s");
    }

    function ask() {
      if (asking) asking.abort();
      asking = new AbortController();
      var params = new URLSearchParams(new FormData(form));
      fetch(form.dataset.countUrl + "?" + params.toString(), {
        signal: asking.signal,
        headers: { Accept: "application/json" },
      })
        .then(function (response) {
          if (!response.ok) throw new Error(response.status);
          return response.json();
        })
        .then(function (result) {
          button.textContent = label(result);
          if (status) status.textContent = result.label + (result.count === 1 ? " provider matches." : " providers match.");
        })
        .catch(function () {
          button.textContent = "Show results";
        });
    }

    form.addEventListener("change", function () {
      clearTimeout(timer);
      timer = setTimeout(ask, 300);
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
