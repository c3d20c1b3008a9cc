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
  document.querySelectorAll("figure.chart[data-spec]").forEach(function (figure) {
    var view = figure.querySelector(".chart-view");
    vegaEmbed(view, JSON.parse(figure.dataset.spec), options).catch(function (error) {
      // The table beside it still holds the numbers.
      console.error("StratMon chart:", error);
    });
  });
})();
