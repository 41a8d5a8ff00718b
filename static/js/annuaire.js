/* Search page enhancements. The page works without them:
   - commune suggestions from /api/communes/ (ARIA 1.2 combobox with a listbox),
   - "Chercher autour de moi" with the browser's geolocation (fills lat/lon),
   - a shorter URL: empty fields are not sent,
   - live updates: a changed filter (box, choice, list, date) or the submitted form fetches the
     same page and replaces its results, messages and map (no page load; focus stays where it
     is; the new count is announced; the URL follows, and Back restores the previous search).
   Plain ES5 for old phones; no inline script (Content-Security-Policy friendly). */
(function () {
  "use strict";

  var form = document.getElementById("recherche");
  if (!form) {
    return;
  }
  var communeInput = document.getElementById("id_commune");
  var adresseInput = document.getElementById("id_adresse");

  function removePosition() {
    var inputs = form.querySelectorAll('input[type="hidden"][name="lat"], input[type="hidden"][name="lon"]');
    for (var i = 0; i < inputs.length; i++) {
      inputs[i].parentNode.removeChild(inputs[i]);
    }
    var note = document.getElementById("position-choisie");
    if (note) {
      note.parentNode.removeChild(note);
    }
  }

  /* --- Commune suggestions ------------------------------------------------------------ */

  var box = communeInput && communeInput.parentNode;
  if (box && box.getAttribute("data-suggestions") && window.fetch && window.Aiguillage) {
    window.Aiguillage.communeCombobox(box, communeInput, {
      prefix: "combobox",
      statusClass: "aide combobox__statut",
      onChoose: removePosition,
      onEdit: removePosition
    });
  }

  /* --- Around me ---------------------------------------------------------------------- */

  var aroundMe = document.getElementById("autour-de-moi");
  var positionStatus = document.getElementById("position-statut");
  if (aroundMe && navigator.geolocation) {
    aroundMe.parentNode.hidden = false;
    aroundMe.addEventListener("click", function () {
      positionStatus.textContent = "Recherche de votre position…";
      aroundMe.disabled = true;
      navigator.geolocation.getCurrentPosition(
        function (position) {
          removePosition();
          [
            ["lat", position.coords.latitude],
            ["lon", position.coords.longitude]
          ].forEach(function (pair) {
            var hidden = document.createElement("input");
            hidden.type = "hidden";
            hidden.name = pair[0];
            hidden.value = pair[1].toFixed(5);
            form.appendChild(hidden);
          });
          communeInput.value = "";
          adresseInput.value = "";
          positionStatus.textContent = "Position trouvée : recherche des lieux proches…";
          submitNormally();
        },
        function (error) {
          aroundMe.disabled = false;
          positionStatus.textContent =
            error.code === 1
              ? "Vous n'avez pas autorisé la localisation. Écrivez plutôt votre commune."
              : "Votre position n'a pas pu être trouvée. Écrivez plutôt votre commune.";
        },
        { enableHighAccuracy: false, timeout: 15000, maximumAge: 600000 }
      );
    });
  }

  /* --- Shorter URLs ------------------------------------------------------------------- */

  function disableEmptyFields() {
    var fields = form.querySelectorAll("input[name], select[name]");
    for (var i = 0; i < fields.length; i++) {
      var field = fields[i];
      var empty = field.value === "" && field.type !== "checkbox";
      if (empty && (field.type !== "radio" || field.checked)) {
        field.disabled = true; // not sent; enabled again if the page comes back from cache
      }
    }
  }

  function submitNormally() {
    disableEmptyFields();
    form.submit(); // no submit event: a plain page load
  }

  window.addEventListener("pageshow", function () {
    var fields = form.querySelectorAll("[disabled][name]");
    for (var i = 0; i < fields.length; i++) {
      fields[i].disabled = false;
    }
  });

  /* --- Live updates ------------------------------------------------------------------- */

  var live = Boolean(
    window.fetch && window.DOMParser && window.AbortController && window.URLSearchParams &&
    window.history && history.pushState && window.Promise
  );
  var ZONES = ["zone-messages", "zone-resultats", "zone-compris"]; // replaced as a whole
  var DELAY = 300; // ms: rapid changes make one request
  var timer = null;
  var controller = null;
  var sequence = 0;
  var shown = location.pathname + location.search; // the search on screen
  var announcer = null;

  form.addEventListener("submit", function (event) {
    if (communeInput.value.trim() || adresseInput.value.trim()) {
      removePosition();
    }
    if (live) {
      event.preventDefault();
      update(null);
    } else {
      disableEmptyFields();
    }
  });

  if (!live) {
    return;
  }

  announcer = document.createElement("p");
  announcer.id = "annonce-resultats";
  announcer.className = "visuellement-cache";
  announcer.setAttribute("role", "status");
  announcer.setAttribute("aria-live", "polite");
  form.parentNode.insertBefore(announcer, form.nextSibling);
  history.replaceState({ annuaire: true }, "");

  /* The query the form sends, empty fields left out (as disableEmptyFields does). */
  function searchUrl() {
    var params = new URLSearchParams();
    var fields = form.elements;
    for (var i = 0; i < fields.length; i++) {
      var field = fields[i];
      var type = field.type;
      if (!field.name || field.disabled || /^(submit|button|reset|file)$/.test(type)) {
        continue;
      }
      if ((type === "checkbox" || type === "radio") && !field.checked) {
        continue;
      }
      if (field.value === "" && type !== "checkbox") {
        continue;
      }
      params.append(field.name, field.value);
    }
    var query = params.toString();
    return form.action.split("?")[0] + (query ? "?" + query : "");
  }

  form.addEventListener("change", function (event) {
    var field = event.target;
    var type = field.type;
    if (!/^(checkbox|radio|select-one|date|time)$/.test(type)) {
      return; // text fields: only when the form is submitted
    }
    var day = form.querySelector('input[name="quand"][value="jour"]');
    if (day && day.checked && !form.elements.jour.value) {
      clearTimeout(timer); // "on a given day": wait for the day rather than show an error
      return;
    }
    clearTimeout(timer);
    timer = setTimeout(function () {
      update(null);
    }, DELAY);
  });

  window.addEventListener("popstate", function () {
    var wanted = location.pathname + location.search;
    if (wanted !== shown) { // not a mere #anchor
      update(location.href);
    }
  });

  /* Fetch the page of a search and show it. fromHistory: the URL of a Back/Forward step (the
     form then takes its values); null: the form's own search (a new history entry). */
  function update(fromHistory) {
    clearTimeout(timer);
    var url = fromHistory || searchUrl();
    if (controller) {
      controller.abort(); // stale: only the last request counts
    }
    controller = new AbortController();
    var mine = ++sequence;
    var zone = document.getElementById("zone-resultats");
    zone.setAttribute("aria-busy", "true");
    zone.classList.add("est-en-cours");
    fetch(url, { signal: controller.signal, credentials: "same-origin", headers: { Accept: "text/html" } })
      .then(function (response) {
        if (!response.ok && response.status !== 400) { // 400: the page explains the errors
          throw new Error("HTTP " + response.status);
        }
        return response.text();
      })
      .then(function (html) {
        if (mine !== sequence) {
          return;
        }
        var page = new DOMParser().parseFromString(html, "text/html");
        show(page, Boolean(fromHistory));
        if (!fromHistory && url !== location.href) {
          history.pushState({ annuaire: true }, "", url);
        }
        shown = location.pathname + location.search;
      })
      .catch(function (error) {
        if (mine !== sequence || (error && error.name === "AbortError")) {
          return;
        }
        if (fromHistory) {
          location.reload();
        } else {
          submitNormally();
        }
      });
  }

  function show(page, fromHistory) {
    var newForm = page.getElementById("recherche");
    ZONES.forEach(function (id) {
      if (!page.getElementById(id) || !document.getElementById(id)) {
        throw new Error("not a search page");
      }
    });
    removeMap();
    ZONES.forEach(function (id) {
      var old = document.getElementById(id);
      old.parentNode.replaceChild(document.importNode(page.getElementById(id), true), old);
    });
    syncErrors(newForm);
    if (fromHistory) {
      syncValues(newForm);
    }
    document.title = page.title;
    var alert = document.querySelector("#zone-messages [role=alert]");
    if (alert) {
      alert.removeAttribute("role"); // announced below, once
    }
    announce(alert);
    if (document.getElementById("carte-donnees")) {
      startMap();
    }
  }

  function announce(alert) {
    var text = "";
    var heading = document.getElementById("resultats-titre");
    if (alert) {
      var items = alert.querySelectorAll("li");
      text = "La recherche n'a pas pu se faire : " + Array.prototype.map.call(items, function (item) {
        return item.textContent.trim();
      }).join(" ");
    } else if (heading) {
      text = heading.textContent.replace(/\s+/g, " ").trim() + ".";
    }
    announcer.textContent = "";
    setTimeout(function () { // a change, even to the same words, is read again
      announcer.textContent = text;
    }, 50);
  }

  /* Error messages and states of the fields, as the server drew them (the fields themselves,
     and the focus, stay). Containers are matched by their order, which never changes. */
  function syncErrors(newForm) {
    var selector = ".champ, fieldset";
    var olds = form.querySelectorAll(selector);
    var news = newForm.querySelectorAll(selector);
    if (olds.length !== news.length) {
      return;
    }
    for (var i = 0; i < olds.length; i++) {
      syncMessages(olds[i], news[i]);
      olds[i].className = news[i].className;
    }
    var controls = newForm.querySelectorAll("input[id], select[id]");
    for (var j = 0; j < controls.length; j++) {
      var control = document.getElementById(controls[j].id);
      if (control) {
        ["aria-invalid", "aria-describedby"].forEach(function (name) {
          var value = controls[j].getAttribute(name);
          if (value === null) {
            control.removeAttribute(name);
          } else {
            control.setAttribute(name, value);
          }
        });
      }
    }
  }

  function isMessage(node) {
    return node.nodeType === 1 && node.tagName === "P" && node.classList.contains("erreur");
  }

  function syncMessages(old, fresh) {
    var kept = [];
    Array.prototype.slice.call(old.children).forEach(function (child) {
      if (isMessage(child)) {
        old.removeChild(child);
      } else {
        kept.push(child);
      }
    });
    var k = 0;
    Array.prototype.forEach.call(fresh.children, function (child) {
      if (isMessage(child)) {
        old.insertBefore(document.importNode(child, true), kept[k] || null);
      } else {
        k++;
      }
    });
  }

  /* Back/Forward: the fields show the search of that step. */
  function syncValues(newForm) {
    var fields = newForm.querySelectorAll("input[id], select[id]");
    for (var i = 0; i < fields.length; i++) {
      var fresh = fields[i];
      var field = document.getElementById(fresh.id);
      if (!field || field.form !== form || fresh.type === "hidden") {
        continue;
      }
      if (fresh.type === "checkbox" || fresh.type === "radio") {
        field.checked = fresh.hasAttribute("checked");
      } else if (fresh.tagName === "SELECT") {
        var selected = fresh.querySelector("option[selected]") || fresh.options[0];
        field.value = selected ? selected.value : "";
      } else {
        field.value = fresh.getAttribute("value") || "";
      }
    }
  }

  /* --- The map, again (carte.js draws it from the data island) ------------------------ */

  var currentMap = null;
  var mapScriptPending = false;
  var leafletLoading = null;

  function watchMaps() {
    if (window.L && L.Map && L.Map.addInitHook && !L.Map.__annuaire) {
      L.Map.__annuaire = true;
      L.Map.addInitHook(function () {
        currentMap = this;
      });
    }
  }
  watchMaps(); // before carte.js draws the first map (see the order of the scripts)

  function removeMap() {
    if (currentMap) {
      try {
        currentMap.remove();
      } catch (error) {
        /* already gone with its container */
      }
      currentMap = null;
    }
  }

  function loadScript(src) {
    return new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = src;
      script.onload = function () {
        script.parentNode.removeChild(script); // it has run; the next update adds it again
        resolve();
      };
      script.onerror = function () {
        script.parentNode.removeChild(script);
        reject(new Error("not loaded: " + src));
      };
      document.body.appendChild(script);
    });
  }

  function loadLeaflet() {
    if (window.L) {
      return Promise.resolve();
    }
    if (!leafletLoading) {
      var css = form.getAttribute("data-leaflet-css");
      if (css && !document.querySelector('link[href="' + css + '"]')) {
        var link = document.createElement("link");
        link.rel = "stylesheet";
        link.href = css;
        document.head.appendChild(link);
      }
      leafletLoading = loadScript(form.getAttribute("data-leaflet-js"));
    }
    return leafletLoading;
  }

  function startMap() {
    loadLeaflet()
      .then(function () {
        watchMaps();
        if (mapScriptPending || currentMap || !document.getElementById("carte-donnees")) {
          return; // a run is on its way: it reads the newest data island
        }
        mapScriptPending = true;
        var done = function () {
          mapScriptPending = false;
        };
        loadScript(form.getAttribute("data-carte-js")).then(done, done);
      })
      .catch(function () {
        /* no map: the list is its equivalent */
      });
  }
})();
