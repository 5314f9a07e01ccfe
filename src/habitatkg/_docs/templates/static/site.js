/* habitatkg documentation: offline search over every term and instance, diagram zoom, long answers. */
(function () {
  "use strict";
  var lang = document.documentElement.lang === "es" ? "es" : "en";
  function fold(s) {
    return (s || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  function page(stem) { return stem + (lang === "es" ? ".es.html" : ".html"); }

  var input = document.getElementById("q");
  var list = document.getElementById("q-results");
  var index = window.HK_SEARCH || [];
  var folded = index.map(function (e) { return fold(e[0] + " " + e[1] + " " + e[2]); });
  function search() {
    var words = fold(input.value).split(/\s+/).filter(Boolean);
    list.textContent = "";
    if (!words.length) { list.hidden = true; return; }
    var hits = [];
    for (var i = 0; i < index.length && hits.length < 30; i++) {
      var text = folded[i];
      if (words.every(function (w) { return text.indexOf(w) >= 0; })) { hits.push(index[i]); }
    }
    if (!hits.length) {
      var none = document.createElement("li");
      none.textContent = input.getAttribute("data-none");
      list.appendChild(none);
    }
    hits.forEach(function (e) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = page(e[3]);
      a.textContent = lang === "es" ? e[1] : e[0];
      li.appendChild(a);
      var small = document.createElement("small");
      small.textContent = " " + e[2];
      li.appendChild(small);
      list.appendChild(li);
    });
    list.hidden = false;
  }
  if (input && list) {
    input.addEventListener("input", search);
    input.addEventListener("keydown", function (ev) {
      if (ev.key === "Enter") {
        var first = list.querySelector("a");
        if (first) { window.location.href = first.href; }
      } else if (ev.key === "Escape") { list.hidden = true; }
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll("figure.diagram"), function (fig) {
    var list = fig.querySelector("details.diagram-list");
    if (list && window.innerWidth < 640) { list.open = true; }  /* a phone: the list view too */
    var svg = fig.querySelector("svg");
    if (!svg) { return; }
    var w = svg.width.baseVal.value, h = svg.height.baseVal.value, scale = 1;
    function apply() {
      svg.style.width = (w * scale) + "px";
      svg.style.height = (h * scale) + "px";
    }
    Array.prototype.forEach.call(fig.querySelectorAll("[data-zoom]"), function (b) {
      b.addEventListener("click", function () {
        var how = b.getAttribute("data-zoom");
        scale = how === "in" ? scale * 1.25 : how === "out" ? scale / 1.25 : 1;
        apply();
      });
    });
  });

  Array.prototype.forEach.call(document.querySelectorAll("button.show-all"), function (b) {
    b.addEventListener("click", function () {
      var table = b.parentNode.querySelector("table.answer");
      Array.prototype.forEach.call(table.querySelectorAll("tr.more"), function (tr) { tr.hidden = false; });
      b.hidden = true;
    });
  });
})();
