// The article form's preview beside the Markdown body: after a pause in typing, the server
// renders the body through the same sanitiser as saving, and the panel shows what it returns.
(function () {
  "use strict";
  var DELAY_MS = 400;

  function start() {
    var panel = document.getElementById("article-preview");
    var body = document.getElementById("id_body");
    if (!panel || !body || !window.fetch) {
      return;
    }
    var form = body.form;
    var token = form && form.querySelector("input[name=csrfmiddlewaretoken]");
    var output = panel.querySelector(".article-preview__body");
    var status = panel.querySelector(".article-preview__status");
    var row = body.closest(".form-row") || body.parentNode;
    var timer = null;
    var latest = 0;

    row.classList.add("with-preview");
    row.appendChild(panel);
    panel.hidden = false;

    function refresh() {
      var asked = ++latest;
      var data = new FormData();
      data.append("body", body.value);
      fetch(panel.dataset.previewUrl, {
        method: "POST",
        body: data,
        credentials: "same-origin",
        headers: { "X-CSRFToken": token ? token.value : "" },
      })
        .then(function (response) {
          if (!response.ok) {
            throw new Error(response.status);
          }
          return response.json();
        })
        .then(function (answer) {
          if (asked !== latest) {
            return; // a newer request is on its way
          }
          // Sanitised on the server by articles/rendering.py, as the public page is.
          output.innerHTML = answer.html;
          status.textContent =
            "Preview updated: " + answer.reading_minutes + " min read.";
        })
        .catch(function () {
          if (asked === latest) {
            status.textContent =
              "The preview could not be updated. Your text is safe; save to see the page.";
          }
        });
    }

    body.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(refresh, DELAY_MS);
    });
    refresh();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
