// The import review: "Accept all" / "Accept none" tick or untick every suggested measure.
// Without JavaScript the buttons stay hidden and each box is ticked by hand.
(function () {
  "use strict";
  var controls = document.getElementById("accept-controls");
  if (!controls) { return; }
  controls.hidden = false;
  controls.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-accept]");
    if (!button) { return; }
    var tick = button.getAttribute("data-accept") === "all";
    document.querySelectorAll("input[type=checkbox][name=accept]").forEach(function (box) {
      box.checked = tick;
    });
  });
})();
