/* First-party attribution on product pages (no cookies, nothing about the visitor):
   tell the server which page of this site led here, and let the add-to-cart forms
   carry that page as their source, so "Guides that sell" can credit the guide. */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !window.fetch) return;
  var productId = script.getAttribute("data-product-page");
  var endpoint = script.getAttribute("data-endpoint");
  var storageKey = "unknot-source-" + productId;

  function fillForms(sourceId) {
    if (!sourceId) return;
    document.querySelectorAll("form[data-buy-box], form.product-card__buy").forEach(function (form) {
      var input = form.querySelector("input[name=source_page]");
      if (!input) {
        input = document.createElement("input");
        input.type = "hidden";
        input.name = "source_page";
        form.appendChild(input);
      }
      input.value = sourceId;
    });
  }

  var remembered = null;
  try { remembered = window.sessionStorage.getItem(storageKey); } catch (e) { /* private mode */ }
  if (remembered) fillForms(remembered);

  var referrer = document.referrer;
  if (!referrer) return;
  try {
    if (new URL(referrer).origin !== window.location.origin) return;
  } catch (e) { return; }

  fetch(endpoint, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    credentials: "same-origin",
    body: JSON.stringify({ product: productId, from: referrer })
  }).then(function (response) {
    return response.ok ? response.json() : null;
  }).then(function (data) {
    if (!data || !data.source_page) return;
    try { window.sessionStorage.setItem(storageKey, String(data.source_page)); } catch (e) { /* ignore */ }
    fillForms(String(data.source_page));
  }).catch(function () { /* attribution is a nicety */ });
})();
