// Progressive enhancement for the shop. Everything works without it: the filter
// form has an "Apply" button, the variant selector is a plain radio group.
(function () {
  "use strict";

  function enhanceFilters() {
    var details = document.querySelector("[data-filters]");
    if (details && window.matchMedia("(min-width: 60em)").matches) details.open = true;
    var form = document.querySelector("[data-filter-form]");
    if (!form) return;
    // Sort and the selects apply at once; price boxes wait for Enter or "Apply".
    document.querySelectorAll("select[form='product-filters'], [data-filter-form] select, [data-filter-form] input[type=checkbox]")
      .forEach(function (control) {
        control.addEventListener("change", function () { form.requestSubmit ? form.requestSubmit() : form.submit(); });
      });
  }

  function enhanceVariantPicker() {
    var box = document.querySelector("[data-buy-box]");
    if (!box) return;
    var price = document.querySelector("[data-price-value]");
    var compare = document.querySelector("[data-price-compare]");
    var badge = document.querySelector("[data-stock-badge]");
    var button = box.querySelector("[data-add-to-cart]");
    box.querySelectorAll("input[name=variant][type=radio]").forEach(function (radio) {
      radio.addEventListener("change", function () {
        if (!radio.checked) return;
        if (price) price.textContent = radio.dataset.price;
        if (compare) {
          compare.textContent = radio.dataset.compare || "";
          compare.hidden = !radio.dataset.compare;
        }
        if (badge) {
          badge.textContent = radio.dataset.stockLabel;
          badge.className = "badge " + radio.dataset.stockClass;
        }
        var quantity = box.querySelector("input[name=quantity]");
        if (quantity) quantity.disabled = false;
        if (button) {
          button.disabled = false;
          button.textContent = "Add to cart";
          button.classList.add("button--accent");
        }
        if (window.history && history.replaceState) {
          var url = new URL(window.location.href);
          url.searchParams.set("variant", radio.value);
          history.replaceState(null, "", url);
        }
      });
    });
  }

  function enhanceGallery() {
    var thumbs = document.querySelectorAll("[data-gallery-thumb]");
    thumbs.forEach(function (thumb, index) {
      if (index === 0) thumb.setAttribute("aria-current", "true");
      thumb.addEventListener("click", function (event) {
        var target = document.querySelector(thumb.getAttribute("href"));
        if (!target) return;
        event.preventDefault();
        target.parentElement.scrollTo({ left: target.offsetLeft - target.parentElement.offsetLeft, behavior: "smooth" });
        thumbs.forEach(function (other) { other.removeAttribute("aria-current"); });
        thumb.setAttribute("aria-current", "true");
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    enhanceFilters();
    enhanceVariantPicker();
    enhanceGallery();
  });
})();
