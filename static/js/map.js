// Maps of results and of a profile's branches, drawn with Leaflet when it has loaded.
// Each [data-map] element names a JSON data block (json_script) of markers:
// [{lat, lng, name, branch, url?}]. Tile URL and attribution come from data- attributes,
// so the site's settings choose the tile server. Without JavaScript the list is the page.
(function () {
  "use strict";

  function escapeHtml(text) {
    var div = document.createElement("div");
    div.textContent = text == null ? "" : String(text);
    return div.innerHTML;
  }

  function popup(marker) {
    var title = escapeHtml(marker.name);
    if (marker.url) {
      title = '<a href="' + escapeHtml(marker.url) + '">' + title + "</a>";
    }
    return "<strong>" + title + "</strong><br>" + escapeHtml(marker.branch);
  }

  function draw(element) {
    var source = document.getElementById(element.dataset.mapMarkers);
    if (!source || !window.L) return;
    var markers = JSON.parse(source.textContent);
    if (!markers.length) return;
    var map = window.L.map(element, { scrollWheelZoom: false });
    window.L.tileLayer(element.dataset.tileUrl, {
      attribution: element.dataset.attribution,
      maxZoom: 19,
    }).addTo(map);
    var bounds = [];
    markers.forEach(function (marker) {
      var point = [marker.lat, marker.lng];
      bounds.push(point);
      window.L.marker(point, { title: marker.name + " – " + marker.branch, alt: marker.name })
        .addTo(map)
        .bindPopup(popup(marker));
    });
    map.fitBounds(bounds, { padding: [24, 24], maxZoom: 15 });
    element.classList.add("is-drawn");
  }

  function init() {
    document.querySelectorAll("[data-map]").forEach(draw);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
