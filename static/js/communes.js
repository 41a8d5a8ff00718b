/* Commune suggestions from /api/communes/ as an ARIA 1.2 combobox with a listbox, shared by
   the directory search and the diagnostic. Without JavaScript, the field is a plain text input
   that the server resolves. Plain ES5 for old phones; no inline script.
   Usage: window.Aiguillage.communeCombobox(box, input, {prefix, statusClass, onChoose, onEdit})
   where box carries data-suggestions (the API URL), onChoose(code_insee) runs when a commune
   is picked and onEdit() when the text is typed again. */
(function () {
  "use strict";

  function communeCombobox(box, input, settings) {
    var url = box.getAttribute("data-suggestions");
    var list = document.createElement("ul");
    var status = document.createElement("p");
    var options = [];
    var active = -1;
    var timer = null;
    var sequence = 0;

    list.id = "communes-suggestions";
    list.className = settings.prefix + "__liste";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", "Communes proposées");
    list.hidden = true;
    status.className = settings.statusClass;
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
      settings.onChoose(options[index].getAttribute("data-code"));
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
        option.className = settings.prefix + "__option";
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        option.setAttribute("data-value", value);
        option.setAttribute("data-code", commune.code_insee);
        option.textContent =
          value + (commune.codes_postaux.length ? " – " + commune.codes_postaux.slice(0, 3).join(", ") : "");
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
        status.textContent =
          options.length +
          (options.length > 1 ? " communes proposées" : " commune proposée") +
          ". Flèche vers le bas pour choisir.";
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
      settings.onEdit();
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
  window.Aiguillage = window.Aiguillage || {};
  window.Aiguillage.communeCombobox = communeCombobox;
})();
