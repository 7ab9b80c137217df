// Starts GOV.UK Frontend and MOJ Frontend components, and starts them again inside content
// that htmx swaps in. Loaded as an ES module: <script type="module" src=".../init.js">.
// Every page works without this script; it only adds enhancements.
import { initAll as initGovUK } from "./govuk-frontend.min.js";
import { initAll as initMoJ } from "./moj-frontend.min.js";

function ignoreAlreadyStarted(error) {
  // A component that is already running refuses to start twice: that is expected after a swap.
  if (error && error.name === "InitError") {
    return;
  }
  console.error(error);
}

function start(scope) {
  initGovUK({ scope, onError: ignoreAlreadyStarted });
  initMoJ({ scope, onError: ignoreAlreadyStarted });
}

start(document.body);

// htmx 2 fires htmx:afterSwap on each element it swapped in. Components are looked for inside
// the scope, so start from the parent in case the swapped element is itself a component.
document.body.addEventListener("htmx:afterSwap", (event) => {
  const swapped = event.detail && event.detail.elt;
  if (!(swapped instanceof Element) || !swapped.isConnected) {
    return;
  }
  start(swapped.parentElement || swapped);
});
