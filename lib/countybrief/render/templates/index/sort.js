// Click a column header to sort the table; click again to reverse. No dependencies.
(function () {
  var table = document.getElementById("briefings");
  if (!table) return;
  var headers = table.tHead.rows[0].cells;
  Array.prototype.forEach.call(headers, function (th, col) {
    var type = th.getAttribute("data-type");
    if (!type || type === "none") return;
    th.tabIndex = 0;
    function sort() {
      var asc = th.getAttribute("aria-sort") !== "ascending";
      Array.prototype.forEach.call(headers, function (h) { h.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", asc ? "ascending" : "descending");
      var body = table.tBodies[0];
      var rows = Array.prototype.slice.call(body.rows);
      rows.sort(function (a, b) {
        var x = a.cells[col].getAttribute("data-sort") || "";
        var y = b.cells[col].getAttribute("data-sort") || "";
        if (type === "number") {
          if (x === "" && y === "") return 0;
          if (x === "") return 1;   // blanks last, whatever the direction
          if (y === "") return -1;
          return asc ? parseFloat(x) - parseFloat(y) : parseFloat(y) - parseFloat(x);
        }
        return asc ? x.localeCompare(y, "zh-CN") : y.localeCompare(x, "zh-CN");
      });
      rows.forEach(function (r) { body.appendChild(r); });
    }
    th.addEventListener("click", sort);
    th.addEventListener("keydown", function (e) { if (e.key === "Enter") sort(); });
  });
})();
