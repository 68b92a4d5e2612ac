// Starts GOV.UK Frontend's components (service navigation menu, error summary focus, ...).
// Loaded as a module from the page, so it runs only in browsers that GOV.UK Frontend supports;
// the inline script in base.html adds the `govuk-frontend-supported` class they need.
import { initAll } from "./govuk/govuk-frontend.min.js";

initAll();
