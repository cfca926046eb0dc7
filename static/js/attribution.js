/* First-party attribution (no cookies, nothing about the visitor, nothing written
   on the server while a page is read, so pages stay cacheable).

   The reader's path lives in this tab's sessionStorage: guide and relief-method pages
   record themselves (the first guide once, the last content page each time); product
   pages never do. Every add-to-cart form on the page carries the first guide and the
   last content page, and product pages report one product view to the beacon. */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script) return;
  var KEY = "unknot-journey";
  var journey = {};
  try { journey = JSON.parse(window.sessionStorage.getItem(KEY) || "{}") || {}; } catch (e) { journey = {}; }

  var contentPage = script.getAttribute("data-content-page");
  if (contentPage) {
    if (script.getAttribute("data-content-kind") === "guide" && !journey.firstGuide) {
      journey.firstGuide = contentPage;
    }
    journey.lastContent = contentPage;
    try { window.sessionStorage.setItem(KEY, JSON.stringify(journey)); } catch (e) { /* private mode */ }
  }

  function setField(form, name, value) {
    if (!value) return;
    var input = form.querySelector("input[name=" + name + "]");
    if (!input) {
      input = document.createElement("input");
      input.type = "hidden";
      input.name = name;
      form.appendChild(input);
    }
    input.value = value;
  }

  document.querySelectorAll("form[data-buy-box], form.product-card__buy").forEach(function (form) {
    setField(form, "source_page", journey.lastContent);
    setField(form, "first_guide", journey.firstGuide);
  });

  var productId = script.getAttribute("data-product-page");
  var endpoint = script.getAttribute("data-endpoint");
  if (!productId || !endpoint || !window.fetch) return;
  var referrer = document.referrer;
  try {
    if (referrer && new URL(referrer).origin !== window.location.origin) referrer = "";
  } catch (e) { referrer = ""; }
  if (!referrer && !journey.lastContent) return;
  fetch(endpoint, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    credentials: "same-origin",
    body: JSON.stringify({ product: productId, from: referrer, last_content: journey.lastContent || null })
  }).catch(function () { /* attribution is a nicety */ });
})();
