/* Suggestions as one types, for every search box with data-suggest-url: a list of titles from
   /search/suggest/ (JSON) offered through a <datalist>. Without JavaScript the forms work as
   they are; choosing a suggestion fills the box, and the form searches for it. */
(function () {
  "use strict";
  var boxes = document.querySelectorAll("input[data-suggest-url]");
  Array.prototype.forEach.call(boxes, function (box, index) {
    var list = document.createElement("datalist");
    var timer = null;
    var last = "";
    list.id = "search-suggestions-" + index;
    box.setAttribute("list", list.id);
    box.parentNode.appendChild(list);
    box.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var value = box.value.trim();
        if (value.length < 2 || value === last) { return; }
        last = value;
        fetch(box.dataset.suggestUrl + "?q=" + encodeURIComponent(value), {
          headers: { Accept: "application/json" },
          credentials: "same-origin"
        })
          .then(function (response) { return response.ok ? response.json() : { suggestions: [] }; })
          .then(function (data) {
            list.textContent = "";
            data.suggestions.forEach(function (item) {
              var option = document.createElement("option");
              option.value = item.title;
              list.appendChild(option);
            });
          })
          .catch(function () { /* suggestions are optional */ });
      }, 200);
    });
  });
})();
