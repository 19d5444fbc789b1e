/* A filter box over the "countries of work" checkboxes (templates/members/includes/region_choices.html).
   Without JavaScript the regions open and close as plain <details>; with it, typing part of a
   country's name shows only the matching countries and opens their regions. */
(function () {
  "use strict";

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().trim();
  }

  function enhance(box, index) {
    var groups = Array.prototype.slice.call(box.querySelectorAll("details"));
    var wasOpen = groups.map(function (group) { return group.open; });
    var field = document.createElement("div");
    field.className = "field region-choices__filter";
    var label = document.createElement("label");
    var input = document.createElement("input");
    var status = document.createElement("p");
    input.type = "search";
    input.id = "region-filter-" + index;
    input.autocomplete = "off";
    label.htmlFor = input.id;
    label.textContent = box.getAttribute("data-filter-label");
    status.className = "field__help";
    status.setAttribute("aria-live", "polite");
    field.appendChild(label);
    field.appendChild(input);
    field.appendChild(status);
    box.parentNode.insertBefore(field, box);

    input.addEventListener("input", function () {
      var query = fold(input.value);
      var matches = 0;
      groups.forEach(function (group, n) {
        var shown = 0;
        group.querySelectorAll("li").forEach(function (item) {
          var hit = !query || fold(item.textContent).indexOf(query) !== -1;
          item.hidden = !hit;
          if (hit) { shown += 1; }
        });
        group.hidden = query !== "" && shown === 0;
        group.open = query ? shown > 0 : wasOpen[n];
        matches += shown;
      });
      status.textContent = query && matches === 0 ? box.getAttribute("data-no-match") : "";
    });
  }

  document.querySelectorAll("[data-region-filter]").forEach(enhance);
})();
