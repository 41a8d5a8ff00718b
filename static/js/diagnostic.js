/* Diagnostic enhancements. Every page works without them:
   - commune suggestions from /api/communes/ on the last screen (ARIA 1.2 combobox); choosing
     one fills the hidden code_insee field, so the server has nothing to guess;
   - "Imprimer" on the orientation sheet (the browser's own print works anyway);
   - "Copier le lien" next to the shareable link.
   Plain ES5 for old phones; no inline script (Content-Security-Policy friendly). */
(function () {
  "use strict";

  /* --- Commune suggestions ------------------------------------------------------------ */

  var communeInput = document.getElementById("id_commune");
  var codeInput = document.getElementById("id_code_insee");
  var box = communeInput && communeInput.parentNode;
  if (box && codeInput && box.getAttribute("data-suggestions") && window.fetch && window.Aiguillage) {
    window.Aiguillage.communeCombobox(box, communeInput, {
      prefix: "diag-combobox",
      statusClass: "diag-aide",
      onChoose: function (code) {
        codeInput.value = code;
      },
      onEdit: function () {
        codeInput.value = ""; // the text changed: the server will read it again
      }
    });
  }

  /* --- Print and copy buttons ---------------------------------------------------------- */

  var printButtons = document.querySelectorAll(".js-imprimer");
  for (var i = 0; i < printButtons.length; i++) {
    if (window.print) {
      printButtons[i].hidden = false;
      printButtons[i].addEventListener("click", function () {
        window.print();
      });
    }
  }

  var copyButtons = document.querySelectorAll(".js-copier");
  for (var j = 0; j < copyButtons.length; j++) {
    (function (button) {
      var target = document.getElementById(button.getAttribute("data-cible"));
      var status = button.parentNode.querySelector(".js-copie-statut");
      if (!target || !navigator.clipboard) {
        return;
      }
      button.hidden = false;
      button.addEventListener("click", function () {
        navigator.clipboard.writeText(target.value).then(
          function () {
            status.textContent = "Lien copié. Vous pouvez le coller dans un message.";
          },
          function () {
            target.select();
            status.textContent = "Sélectionnez le lien, puis copiez-le.";
          }
        );
      });
    })(copyButtons[j]);
  }
})();
