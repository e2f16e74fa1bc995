// "Use my location": fills the search's "Where" box with the browser's position as
// "lat,lng" and runs the search. The button stays hidden without JavaScript or geolocation.
(function () {
  "use strict";

  function init() {
    var holder = document.querySelector("[data-locate]");
    if (!holder || !("geolocation" in navigator)) return;
    var form = holder.closest("form");
    var input = form && form.querySelector("input[name=near]");
    var button = holder.querySelector("[data-locate-button]");
    var status = holder.querySelector("[data-locate-status]");
    if (!input || !button) return;
    holder.hidden = false;

    button.addEventListener("click", function () {
      button.disabled = true;
      status.textContent = "Finding where you are…";
      navigator.geolocation.getCurrentPosition(
        function (position) {
          var lat = position.coords.latitude.toFixed(5);
          var lng = position.coords.longitude.toFixed(5);
          input.value = lat + "," + lng;
          status.textContent = "Showing providers near you.";
          var sort = form.querySelector("[name=sort]");
          if (sort) sort.value = "";
          if (form.requestSubmit) form.requestSubmit();
          else form.submit();
        },
        function (error) {
          button.disabled = false;
          status.textContent =
            error.code === error.PERMISSION_DENIED
              ? "Your browser did not share your location. Type a postal code or an area instead."
              : "Your location could not be found. Type a postal code or an area instead.";
        },
        { enableHighAccuracy: false, timeout: 10000, maximumAge: 300000 }
      );
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
