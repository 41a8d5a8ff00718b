/* Search page enhancements. The page works without them:
   - commune suggestions from /api/communes/ (ARIA 1.2 combobox with a listbox),
   - "Chercher autour de moi" with the browser's geolocation (fills lat/lon),
   - a shorter URL: empty fields are not sent.
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

  function setupCombobox(box, input) {
    var url = box.getAttribute("data-suggestions");
    var list = document.createElement("ul");
    var status = document.createElement("p");
    var options = [];
    var active = -1;
    var timer = null;
    var sequence = 0;

    list.id = "communes-suggestions";
    list.className = "combobox__liste";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", "Communes proposées");
    list.hidden = true;
    status.className = "aide combobox__statut";
    status.setAttribute("role", "status");
    box.appendChild(list);
    box.parentNode.appendChild(status);

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", list.id);
    input.setAttribute("autocomplete", "off");

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function highlight(index) {
      for (var i = 0; i < options.length; i++) {
        options[i].setAttribute("aria-selected", i === index ? "true" : "false");
      }
      active = index;
      if (index >= 0) {
        input.setAttribute("aria-activedescendant", options[index].id);
        if (options[index].scrollIntoView) {
          options[index].scrollIntoView({ block: "nearest" });
        }
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function choose(index) {
      input.value = options[index].getAttribute("data-value");
      removePosition();
      close();
      status.textContent = "Commune choisie : " + input.value + ".";
    }

    function show(communes) {
      list.innerHTML = "";
      options = [];
      communes.forEach(function (commune, index) {
        var option = document.createElement("li");
        var value = commune.nom + " (" + commune.departement + ")";
        option.id = "commune-suggestion-" + index;
        option.className = "combobox__option";
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        option.setAttribute("data-value", value);
        option.textContent = value + (commune.codes_postaux.length ? " – " + commune.codes_postaux.slice(0, 3).join(", ") : "");
        option.addEventListener("mousedown", function (event) {
          event.preventDefault(); // keep the focus in the field
          choose(index);
        });
        list.appendChild(option);
        options.push(option);
      });
      if (options.length) {
        list.hidden = false;
        input.setAttribute("aria-expanded", "true");
        status.textContent = options.length + (options.length > 1 ? " communes proposées" : " commune proposée") + ". Flèche vers le bas pour choisir.";
      } else {
        close();
        status.textContent = "Aucune commune trouvée.";
      }
      active = -1;
    }

    function suggest() {
      var text = input.value.trim();
      var mine = ++sequence;
      if (text.length < 2 || /^\d{1,4}$/.test(text)) {
        close();
        return;
      }
      fetch(url + "?limit=8&q=" + encodeURIComponent(text), { headers: { Accept: "application/json" } })
        .then(function (response) {
          return response.ok ? response.json() : { results: [] };
        })
        .then(function (data) {
          if (mine === sequence && document.activeElement === input) {
            show(data.results || []);
          }
        })
        .catch(function () {
          close();
        });
    }

    input.addEventListener("input", function () {
      removePosition();
      clearTimeout(timer);
      timer = setTimeout(suggest, 200);
    });

    input.addEventListener("keydown", function (event) {
      var open = !list.hidden && options.length;
      if (event.key === "ArrowDown" || event.key === "Down") {
        if (open) {
          highlight(active + 1 < options.length ? active + 1 : 0);
          event.preventDefault();
        }
      } else if (event.key === "ArrowUp" || event.key === "Up") {
        if (open) {
          highlight(active > 0 ? active - 1 : options.length - 1);
          event.preventDefault();
        }
      } else if (event.key === "Enter") {
        if (open && active >= 0) {
          choose(active);
          event.preventDefault();
        }
      } else if (event.key === "Escape" || event.key === "Esc") {
        if (open) {
          close();
          event.preventDefault();
        }
      } else if (event.key === "Tab") {
        close();
      }
    });

    input.addEventListener("blur", function () {
      setTimeout(close, 150);
    });
  }

  var box = communeInput && communeInput.parentNode;
  if (box && box.getAttribute("data-suggestions") && window.fetch) {
    setupCombobox(box, communeInput);
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
          form.submit();
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

  form.addEventListener("submit", function () {
    if (communeInput.value.trim() || adresseInput.value.trim()) {
      removePosition();
    }
    var fields = form.querySelectorAll("input[name], select[name]");
    for (var i = 0; i < fields.length; i++) {
      var field = fields[i];
      var empty = field.value === "" && field.type !== "checkbox";
      if (empty && (field.type !== "radio" || field.checked)) {
        field.disabled = true; // not sent; enabled again if the page comes back from cache
      }
    }
  });

  window.addEventListener("pageshow", function () {
    var fields = form.querySelectorAll("[disabled][name]");
    for (var i = 0; i < fields.length; i++) {
      fields[i].disabled = false;
    }
  });
})();
