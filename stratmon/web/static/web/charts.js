// Draws every <figure class="chart" data-spec="…Vega-Lite JSON…"> with vega-embed.
// Our Content-Security-Policy forbids eval: Vega's expressions go through vega-interpreter
// (ast + expr) instead of `new Function`, and vega-embed's and the tooltip's inline styles are
// off (their rules are in stratmon.css).
(function () {
  "use strict";
  var options = {
    actions: false,
    renderer: "svg",
    ast: true,
    expr: vega.expressionInterpreter,
    defaultStyle: false,
    tooltip: { disableDefaultStyle: true },
  };
  var drawn = new WeakSet();
  function draw(root) {
    var figures = Array.prototype.slice.call(root.querySelectorAll("figure.chart[data-spec]"));
    if (root.matches && root.matches("figure.chart[data-spec]")) figures.push(root);
    figures.forEach(function (figure) {
      if (drawn.has(figure)) return;
      drawn.add(figure);
      var view = figure.querySelector(".chart-view");
      vegaEmbed(view, JSON.parse(figure.dataset.spec), options).catch(function (error) {
        // The table beside it still holds the numbers.
        console.error("StratMon chart:", error);
      });
    });
  }
  draw(document);
  // Content that htmx swaps in (a dashboard's filtered results) brings new figures.
  document.addEventListener("htmx:load", function (event) {
    draw(event.target);
  });
})();
