/* Relief finder usage counts (no cookies, nothing about the visitor): tell the server
   which step this page showed, by its query string alone. The pages are cached, so
   the server cannot count them while rendering. */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !window.fetch) return;
  fetch(script.getAttribute("data-endpoint"), {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    credentials: "same-origin",
    keepalive: true,
    body: JSON.stringify({ query: window.location.search })
  }).catch(function () { /* counting is a nicety */ });
})();
