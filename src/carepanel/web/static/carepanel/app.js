// Starts GOV.UK Frontend's components (service navigation menu, error summary focus, ...).
// Loaded as a module from the page, so it runs only in browsers that GOV.UK Frontend supports;
// the inline script in base.html adds the `govuk-frontend-supported` class they need.
import { initAll } from "./govuk/govuk-frontend.min.js";

initAll();

// Reflow (WCAG 1.4.10): on a narrow screen app.css draws each table row as a block, each
// cell under its column's name. Copy the names from the header row into the cells'
// data-label, and state the table's roles, which a table drawn as blocks can lose.
for (const table of document.querySelectorAll("table.govuk-table")) {
  const names = [...table.querySelectorAll("thead th")].map((th) =>
    th.querySelector(".govuk-visually-hidden:only-child") ? "" : th.textContent.trim().replace(/\s+/g, " "));
  table.setAttribute("role", "table");
  for (const group of table.querySelectorAll("thead, tbody, tfoot")) {
    group.setAttribute("role", "rowgroup");
  }
  for (const row of table.querySelectorAll("tr")) {
    row.setAttribute("role", "row");
    let column = 0;
    for (const cell of row.children) {
      const head = cell.closest("thead") !== null;
      cell.setAttribute("role", head ? "columnheader" : cell.tagName === "TH" ? "rowheader" : "cell");
      if (!head && names[column]) {
        cell.dataset.label = names[column];
      }
      column += cell.colSpan || 1;
    }
  }
}
