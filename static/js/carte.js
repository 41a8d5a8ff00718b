/* Map of the search results (Leaflet, served from the django-leaflet package).
   An enhancement only: the list is the accessible equivalent and the page works without it.
   - Data from a JSON data island (#carte-donnees), no inline script.
   - Tiles when settings.MAP_TILE_URL is set; otherwise the outlines of the communes around
     the search, drawn from the database (/annuaire/contours.geojson).
   - Markers carry the numbers of the list; markers too close together at the current zoom
     are grouped (a simple distance clustering in screen pixels, re-done at each zoom).
   - List and map in sync: hovering or focusing a result highlights its marker, and back. */
(function () {
  "use strict";

  var island = document.getElementById("carte-donnees");
  var block = document.getElementById("carte-bloc");
  if (!island || !block || !window.L) {
    return;
  }
  var data = JSON.parse(island.textContent);
  var CELL = 44; // px: markers closer than this are grouped
  var MAX_ZOOM = 18;
  var MAX_OUTLINE_SPAN = 3; // degrees, as the server

  block.hidden = false;
  var mapLink = document.querySelector(".lien-carte");
  if (mapLink) {
    mapLink.hidden = false;
  }
  var container = document.getElementById("carte");
  var map = L.map(container, {
    maxZoom: MAX_ZOOM,
    zoomSnap: 0.5,
    attributionControl: Boolean(data.tuiles)
  });
  container.setAttribute("aria-describedby", "carte-aide");
  container.setAttribute("aria-label", "Carte des lieux");
  container.setAttribute("role", "region");

  if (data.tuiles) {
    L.tileLayer(data.tuiles, { attribution: data.attribution || "", maxZoom: MAX_ZOOM }).addTo(map);
    if (map.attributionControl) {
      map.attributionControl.setPrefix(false);
    }
  } else {
    container.classList.add("carte--sans-fond");
  }

  var centre = L.latLng(data.centre[0], data.centre[1]);
  L.circle(centre, {
    radius: data.rayon_km * 1000,
    color: "#000091",
    weight: 1.5,
    dashArray: "6 6",
    fill: false,
    interactive: false
  }).addTo(map);
  L.circleMarker(centre, { radius: 5, color: "#000", weight: 2, fillColor: "#fff", fillOpacity: 1, interactive: false }).addTo(map);

  var lieux = data.lieux;
  var bounds = L.latLngBounds([centre]);
  lieux.forEach(function (lieu) {
    bounds.extend([lieu.lat, lieu.lon]);
  });
  map.fitBounds(bounds, { padding: [32, 32], maxZoom: 15 });

  /* --- Commune outlines (no tile server) ---------------------------------------------- */

  if (!data.tuiles) {
    window.Aiguillage.communeOutlines(map, data.contours, MAX_OUTLINE_SPAN);
  }

  /* --- Markers, grouped on a grid ----------------------------------------------------- */

  var markers = L.layerGroup().addTo(map);
  var markerOf = {}; // lieu id → marker (single or group) showing it
  var items = {}; // lieu id → list item
  lieux.forEach(function (lieu) {
    items[lieu.id] = document.getElementById("lieu-" + lieu.id);
  });

  function icon(text, group) {
    var size = group ? [64, 28] : [30, 30];
    return L.divIcon({
      className: "carte-marqueur",
      html: '<span class="marqueur' + (group ? " marqueur--groupe" : "") + '">' + text + "</span>",
      iconSize: size,
      iconAnchor: [size[0] / 2, size[1] / 2],
      popupAnchor: [0, -size[1] / 2]
    });
  }

  function escapeHtml(text) {
    var span = document.createElement("span");
    span.textContent = text;
    return span.innerHTML;
  }

  function linkTo(lieu) {
    return '<a href="' + lieu.url + '">' + lieu.n + ". " + escapeHtml(lieu.nom) + "</a>";
  }

  function highlightItems(members, on) {
    members.forEach(function (lieu) {
      if (items[lieu.id]) {
        items[lieu.id].classList.toggle("est-actif", on);
      }
    });
  }

  function addMarker(members) {
    var group = members.length > 1;
    var latlng = group
      ? L.latLngBounds(members.map(function (lieu) {
          return [lieu.lat, lieu.lon];
        })).getCenter()
      : L.latLng(members[0].lat, members[0].lon);
    var label = group
      ? members.length + " lieux : " + members.map(function (lieu) {
          return lieu.n;
        }).join(", ")
      : members[0].n + ". " + members[0].nom;
    var marker = L.marker(latlng, {
      icon: icon(group ? members.length + " lieux" : members[0].n, group),
      title: label,
      keyboard: true,
      riseOnHover: true
    });
    marker.on("add", function () {
      var element = marker.getElement();
      element.setAttribute("aria-label", label + (group ? ". Entrée pour zoomer." : ". Entrée pour voir le lien."));
      element.addEventListener("focus", function () {
        highlightItems(members, true);
      });
      element.addEventListener("blur", function () {
        highlightItems(members, false);
      });
    });
    marker.on("mouseover", function () {
      highlightItems(members, true);
    });
    marker.on("mouseout", function () {
      highlightItems(members, false);
    });
    var memberBounds = L.latLngBounds(members.map(function (lieu) {
      return [lieu.lat, lieu.lon];
    }));
    var samePlace = memberBounds.getNorthEast().distanceTo(memberBounds.getSouthWest()) < 5;
    if (!group || samePlace || map.getZoom() >= MAX_ZOOM) {
      marker.bindPopup(
        group ? "<ul>" + members.map(function (lieu) {
          return "<li>" + linkTo(lieu) + "</li>";
        }).join("") + "</ul>" : linkTo(members[0])
      );
    } else {
      marker.on("click", function () {
        map.fitBounds(memberBounds, { padding: [48, 48], maxZoom: MAX_ZOOM });
      });
    }
    members.forEach(function (lieu) {
      markerOf[lieu.id] = marker;
    });
    markers.addLayer(marker);
  }

  function cluster() {
    markers.clearLayers();
    markerOf = {};
    var zoom = map.getZoom();
    var groups = []; // greedy: a place joins the first group whose first place is near
    lieux.forEach(function (lieu) {
      var point = map.project([lieu.lat, lieu.lon], zoom);
      for (var i = 0; i < groups.length; i++) {
        if (groups[i].point.distanceTo(point) < CELL) {
          groups[i].members.push(lieu);
          return;
        }
      }
      groups.push({ point: point, members: [lieu] });
    });
    groups.forEach(function (group) {
      addMarker(group.members);
    });
  }

  map.on("zoomend", cluster);
  cluster();

  /* --- List → map --------------------------------------------------------------------- */

  function markMarker(id, on) {
    var marker = markerOf[id];
    var element = marker && marker.getElement();
    if (element) {
      element.classList.toggle("est-actif", on);
      marker.setZIndexOffset(on ? 1000 : 0);
    }
  }

  lieux.forEach(function (lieu) {
    var item = items[lieu.id];
    if (!item) {
      return;
    }
    item.addEventListener("mouseenter", function () {
      item.classList.add("est-actif");
      markMarker(lieu.id, true);
    });
    item.addEventListener("mouseleave", function () {
      item.classList.remove("est-actif");
      markMarker(lieu.id, false);
    });
    item.addEventListener("focusin", function () {
      item.classList.add("est-actif");
      markMarker(lieu.id, true);
    });
    item.addEventListener("focusout", function () {
      item.classList.remove("est-actif");
      markMarker(lieu.id, false);
    });
  });
})();
