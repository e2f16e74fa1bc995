// Maps of results and of a profile's branches, drawn with Leaflet when it has loaded.
// Each [data-map] element names a JSON data block (json_script) of markers:
// [{lat, lng, name, branch, url?}]. Tile URL, attribution and marker images come from data-
// attributes, so the site's settings and static files choose them (Leaflet's own guess of its
// image path breaks under collectstatic's hashed names). A map is drawn once its box is shown
// (Leaflet fits the markers to the box's size, which a hidden box does not have) and near the
// screen: Leaflet (its script and stylesheet, from the box's data- attributes) and the tiles are
// fetched then, not with the page, since a phone shows the directory's map on request and a
// profile's map lies below the first screen. Without JavaScript the list is the page.
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

  function icon(element) {
    // Leaflet's default marker, with the addresses of our copies of its images.
    return window.L.icon({
      iconUrl: element.dataset.iconUrl,
      iconRetinaUrl: element.dataset.iconRetinaUrl,
      shadowUrl: element.dataset.shadowUrl,
      iconSize: [25, 41],
      iconAnchor: [12, 41],
      popupAnchor: [1, -34],
      tooltipAnchor: [16, -28],
      shadowSize: [41, 41],
    });
  }

  // Leaflet's script and stylesheet, added to the page once: a promise of both loaded.
  var leaflet = null;

  function loadLeaflet(element) {
    if (!leaflet) {
      leaflet = new Promise(function (resolve, reject) {
        var style = document.createElement("link");
        var script = document.createElement("script");
        var waiting = 2;
        style.rel = "stylesheet";
        style.href = element.dataset.leafletCss;
        script.src = element.dataset.leafletJs;
        style.onload = script.onload = function () {
          waiting -= 1;
          if (!waiting) resolve();
        };
        style.onerror = script.onerror = reject;
        document.head.append(style, script);
      });
    }
    return leaflet;
  }

  function drawSoon(element) {
    loadLeaflet(element).then(function () {
      if (!element.classList.contains("is-drawn")) draw(element);
    });
  }

  function draw(element) {
    var source = document.getElementById(element.dataset.mapMarkers);
    if (!source || !window.L) return null;
    var markers = JSON.parse(source.textContent);
    if (!markers.length) return null;
    // Out of the keyboard's way: every marker repeats a result the list already links to, and
    // twenty of them stood between the skip link and the first result.
    var map = window.L.map(element, { scrollWheelZoom: false, keyboard: false });
    window.L.tileLayer(element.dataset.tileUrl, {
      attribution: element.dataset.attribution,
      maxZoom: 19,
    }).addTo(map);
    var bounds = [];
    var markerIcon = icon(element);
    markers.forEach(function (marker) {
      var point = [marker.lat, marker.lng];
      bounds.push(point);
      window.L.marker(point, {
        icon: markerIcon,
        keyboard: false,
        title: marker.name + " – " + marker.branch,
        alt: marker.name,
      })
        .addTo(map)
        .bindPopup(popup(marker));
    });
    map.fitBounds(bounds, { padding: [24, 24], maxZoom: 15 });
    element.classList.add("is-drawn");
    return map;
  }

  function shown(element) {
    return element.offsetWidth > 0 && element.offsetHeight > 0;
  }

  // On a phone, "Show the map" opens the box below the button, and draws the map the first
  // time it is shown.
  function connectSwitch(button) {
    var box = document.getElementById(button.getAttribute("aria-controls"));
    if (!box) return;
    button.addEventListener("click", function () {
      var open = !box.classList.contains("is-open");
      box.classList.toggle("is-open", open);
      button.setAttribute("aria-expanded", open ? "true" : "false");
      button.textContent = open
        ? button.getAttribute("data-hide-label") || "Hide the map"
        : button.getAttribute("data-show-label") || "Show the map";
      if (open) drawSoon(box);
    });
  }

  // A box that is shown and comes within 300 px of the screen is drawn: at load, on scrolling,
  // and when a phone turns to a width that shows the map without its switch.
  function watch(element) {
    if (!("IntersectionObserver" in window)) {
      if (shown(element)) drawSoon(element);
      return;
    }
    var observer = new IntersectionObserver(
      function (entries) {
        if (entries.some(function (entry) { return entry.isIntersecting && shown(element); })) {
          observer.disconnect();
          drawSoon(element);
        }
      },
      { rootMargin: "300px" },
    );
    observer.observe(element);
  }

  function init() {
    document.querySelectorAll("[data-map-switch]").forEach(connectSwitch);
    document.querySelectorAll("[data-map]").forEach(watch);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
