/* Commune outlines as the map's background when no tile server is set: the outlines of the
   visible area (padded, and rounded outwards to the 0.01 degree the server reads), fetched
   again only when the map moves beyond what is loaded.
   Usage: window.Aiguillage.communeOutlines(map, url, maxSpanDegrees) */
(function () {
  "use strict";

  var STYLE = { color: "#8a8a8a", weight: 1, fillColor: "#ffffff", fillOpacity: 1 };

  function communeOutlines(map, url, maxSpan) {
    var layer = null;
    var loaded = null; // the box whose outlines are on the map

    function load() {
      var view = map.getBounds();
      if (loaded && loaded.contains(view)) {
        return;
      }
      var wanted = view.pad(0.5);
      var span = Math.max(wanted.getEast() - wanted.getWest(), wanted.getNorth() - wanted.getSouth());
      if (maxSpan && span > maxSpan) {
        return; // too wide: the server refuses, and the map stays readable without
      }
      var box = [
        Math.floor(wanted.getWest() * 100) / 100,
        Math.floor(wanted.getSouth() * 100) / 100,
        Math.ceil(wanted.getEast() * 100) / 100,
        Math.ceil(wanted.getNorth() * 100) / 100
      ];
      var query = box.map(function (value) {
        return value.toFixed(2);
      });
      fetch(url + "?bbox=" + query.join(","))
        .then(function (response) {
          return response.ok ? response.json() : null;
        })
        .then(function (geojson) {
          if (!geojson) {
            return;
          }
          if (layer) {
            map.removeLayer(layer);
          }
          layer = L.geoJSON(geojson, { interactive: false, style: STYLE }).addTo(map);
          layer.bringToBack();
          loaded = L.latLngBounds([box[1], box[0]], [box[3], box[2]]);
        })
        .catch(function () {
          /* the map works without outlines */
        });
    }

    if (window.fetch) {
      load();
      map.on("moveend", load);
    }
  }

  window.Aiguillage = window.Aiguillage || {};
  window.Aiguillage.communeOutlines = communeOutlines;
})();
