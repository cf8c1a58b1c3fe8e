/**
 * The HTML report's one script (allowed by its hash in the CSP). It only enhances: it shows the
 * filter and sort controls (hidden without JavaScript, where they could do nothing), filters the
 * domain rows by outcome and text, sorts them, and opens every domain before printing. It reads
 * the page's JSON data block (never HTML) and writes only text and the `hidden` property, so no
 * string from the report is ever parsed as markup.
 */
export const PAGE_SCRIPT = `
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('report-data').textContent);
  var table = document.getElementById('domains');
  var controls = document.getElementById('domain-controls');
  if (!table || !controls) return;
  var bodies = Array.prototype.slice.call(table.tBodies);
  var text = document.getElementById('filter-text');
  var outcome = document.getElementById('filter-outcome');
  var sortBy = document.getElementById('sort-by');
  var shown = document.getElementById('shown-count');
  function row(body) { return data.domains[Number(body.getAttribute('data-index'))]; }
  var order = {
    input: function (a, b) { return a.index - b.index; },
    name: function (a, b) { return a.name < b.name ? -1 : a.name > b.name ? 1 : a.index - b.index; },
    recipients: function (a, b) { return b.recipients - a.recipients || a.index - b.index; },
    messages: function (a, b) { return b.messages - a.messages || a.index - b.index; },
    outcome: function (a, b) { return a.rank - b.rank || a.index - b.index; }
  };
  function apply() {
    var query = text.value.trim().toLowerCase();
    var wanted = outcome.value;
    var compare = order[sortBy.value] || order.input;
    var sorted = bodies.slice().sort(function (a, b) { return compare(row(a), row(b)); });
    var count = 0;
    sorted.forEach(function (body) {
      var entry = row(body);
      var visible = (wanted === '' || entry.outcome === wanted) && (query === '' || entry.search.indexOf(query) !== -1);
      body.hidden = !visible;
      if (visible) count += 1;
      table.appendChild(body);
    });
    shown.textContent = count + ' of ' + bodies.length + ' domains shown';
  }
  controls.hidden = false;
  text.addEventListener('input', apply);
  outcome.addEventListener('change', apply);
  sortBy.addEventListener('change', apply);
  var closed = [];
  window.addEventListener('beforeprint', function () {
    closed = Array.prototype.filter.call(document.querySelectorAll('details'), function (d) { return !d.open; });
    closed.forEach(function (d) { d.open = true; });
  });
  window.addEventListener('afterprint', function () {
    closed.forEach(function (d) { d.open = false; });
    closed = [];
  });
  apply();
})();
`;
