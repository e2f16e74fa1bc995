// Counts one view of this profile (a number per listing per day; nothing about the visitor).
(function () {
  var script = document.currentScript;
  if (script && navigator.sendBeacon) {
    navigator.sendBeacon(script.dataset.url);
  }
})();
