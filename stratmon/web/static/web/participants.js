// The participants table: an "Add row" button that copies the last row, emptied, with the
// next index; without JavaScript the "More rows" button does the same through the server.
(function () {
  "use strict";
  var table = document.getElementById("participant-rows");
  var more = document.getElementById("more-rows");
  if (!table || !more) { return; }
  var body = table.tBodies[0];
  var add = document.createElement("button");
  add.type = "button";
  add.id = "add-row";
  add.textContent = "Add row";
  more.parentNode.insertBefore(add, more);

  function nextIndex() {
    var highest = -1;
    body.querySelectorAll("input[name^='p-'], select[name^='p-']").forEach(function (input) {
      var n = parseInt(input.name.split("-")[1], 10);
      if (n > highest) { highest = n; }
    });
    return highest + 1;
  }

  add.addEventListener("click", function () {
    var last = body.rows[body.rows.length - 1];
    if (!last) { return; }
    var index = nextIndex();
    var row = last.cloneNode(true);
    row.id = "participant-" + index;
    row.classList.remove("invalid");
    row.querySelectorAll("input, select").forEach(function (input) {
      var parts = input.name.split("-");
      parts[1] = String(index);
      input.name = parts.join("-");
      if (input.tagName === "SELECT") { input.selectedIndex = 0; } else { input.value = ""; }
    });
    row.querySelectorAll(".row-errors").forEach(function (cell) { cell.textContent = ""; });
    row.cells[0].firstChild.nodeValue = String(body.rows.length + 1);
    body.appendChild(row);
    var name = row.querySelector("input[name$='-person']");
    if (name) { name.focus(); }
  });
}());
