// Moves an import's progress bar while the task queue works through the file, and shows the
// outcome (by reloading the page) once it is done. Without this script, the page's refresh
// link does the same.
(function () {
  var section = document.querySelector("[data-progress-url]");
  if (!section || !window.fetch) {
    return;
  }
  var bar = section.querySelector("progress");
  var done = section.querySelector("[data-rows-done]");
  var state = null;

  function poll() {
    fetch(section.dataset.progressUrl, { headers: { Accept: "application/json" } })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (progress) {
        if (!progress) {
          return;
        }
        state = state || progress.state;
        if (progress.state !== state) {
          window.location.reload();
          return;
        }
        bar.value = progress.done;
        done.textContent = progress.done;
        window.setTimeout(poll, 1000);
      })
      .catch(function () {
        window.setTimeout(poll, 5000);
      });
  }
  window.setTimeout(poll, 1000);
})();
