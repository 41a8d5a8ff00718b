/* Place form of the hub workspace: a small map under the latitude and longitude inputs.
   An enhancement only: without JavaScript the two number inputs do the same job.
   - Leaflet (served from the django-leaflet package) is loaded only when the page has a point.
   - Dragging the marker writes the inputs; typing in the inputs moves the marker.
   - Tiles when the site has a tile server; otherwise the outlines of the communes around the
     point, drawn from the database (/annuaire/contours.geojson), as on the search page. */
(function () {
  "use strict";

  var block = document.getElementById("carte-lieu-bloc");
  var latInput = document.getElementById("id_latitude");
  var lonInput = document.getElementById("id_longitude");
  if (!block || !latInput || !lonInput || !window.fetch) {
    return;
  }

  function readPoint() {
    var lat = parseFloat(latInput.value.replace(",", "."));
    var lon = parseFloat(lonInput.value.replace(",", "."));
    if (!isFinite(lat) || !isFinite(lon) || Math.abs(lat) > 90 || Math.abs(lon) > 180) {
      return null;
    }
    return [lat, lon];
  }

  if (!readPoint()) {
    return; /* no point yet: saving will locate the place from its address */
  }

  function withLeaflet(callback) {
    if (window.L) {
      callback();
      return;
    }
    var script = document.createElement("script");
    script.src = block.getAttribute("data-leaflet-js");
    script.onload = callback;
    document.head.appendChild(script);
  }

  withLeaflet(function () {
    var L = window.L;
    block.hidden = false;
    var container = document.getElementById("carte-lieu");
    container.setAttribute("role", "region");
    container.setAttribute("aria-label", "Carte de la position du lieu");
    container.setAttribute("aria-describedby", "carte-lieu-aide");
    var tiles = block.getAttribute("data-tuiles");
    var map = L.map(container, { maxZoom: 19, attributionControl: Boolean(tiles) });
    if (tiles) {
      L.tileLayer(tiles, { attribution: block.getAttribute("data-attribution") || "", maxZoom: 19 }).addTo(map);
      if (map.attributionControl) {
        map.attributionControl.setPrefix(false);
      }
    } else {
      container.classList.add("carte--sans-fond");
    }
    var point = readPoint();
    map.setView(point, 14);
    var marker = L.marker(point, { draggable: true, keyboard: false, title: "Position du lieu" }).addTo(map);

    marker.on("dragend", function () {
      var position = marker.getLatLng();
      latInput.value = position.lat.toFixed(6);
      lonInput.value = position.lng.toFixed(6);
    });

    function follow() {
      var typed = readPoint();
      if (typed) {
        marker.setLatLng(typed);
        map.panTo(typed);
      }
    }
    latInput.addEventListener("change", follow);
    lonInput.addEventListener("change", follow);

    if (tiles) {
      return;
    }
    window.Aiguillage.communeOutlines(map, block.getAttribute("data-contours"));
  });
})();
