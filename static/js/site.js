// Per-visitor bits of otherwise identical, cacheable pages: the cart count, flash
// messages and the CSRF token of forms rendered for someone else. Without JavaScript
// the cart link still works and forms fall back to a friendly CSRF confirm page.
(function () {
  "use strict";
  document.documentElement.classList.remove("no-js");

  function readCookie(name) {
    var match = document.cookie.match(new RegExp("(?:^|; )" + name + "=([^;]*)"));
    return match ? decodeURIComponent(match[1]) : "";
  }

  function fillCsrfTokens() {
    var token = readCookie("csrftoken");
    if (!token) return;
    document.querySelectorAll("input[name=csrfmiddlewaretoken]").forEach(function (input) {
      input.value = token;
    });
  }

  // Reader-text forms (comments, reviews) on cached pages: when the form was handed out
  // to this visitor, signed by the server (home/user_content.py).
  function fillStartedTokens(token) {
    if (!token) return;
    document.querySelectorAll("input[name=form_started]").forEach(function (input) {
      if (!input.value) input.value = token;
    });
  }

  function showCartCount(count) {
    document.querySelectorAll("[data-cart-count]").forEach(function (badge) {
      badge.textContent = count;
      badge.hidden = !count;
      badge.setAttribute("aria-label", count + (count === 1 ? " item" : " items") + " in cart");
    });
  }

  function showAccountLink(account) {
    if (!account) return;
    document.querySelectorAll("[data-account-link]").forEach(function (link) {
      link.textContent = account.label;
      link.href = account.url;
    });
  }

  function showMessages(messages) {
    var flash = document.getElementById("flash");
    if (!flash || !messages.length || flash.querySelector(".messages")) return;
    var wrapper = document.createElement("div");
    wrapper.className = "container";
    var list = document.createElement("ul");
    list.className = "messages";
    messages.forEach(function (message) {
      var item = document.createElement("li");
      item.className = "message message--" + (message.level || "info");
      item.textContent = message.text;
      list.appendChild(item);
    });
    wrapper.appendChild(list);
    flash.appendChild(wrapper);
  }

  window.unknot = window.unknot || {};
  window.unknot.showCartCount = showCartCount;
  window.unknot.refreshVisitorState = function () {
    return fetch("/visitor.json", { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (state) {
        if (!state) return;
        showCartCount(state.cart_count);
        showAccountLink(state.account);
        showMessages(state.messages || []);
        fillCsrfTokens();
        fillStartedTokens(state.form_started);
      })
      .catch(function () { /* the page still works without the visitor state */ });
  };

  document.addEventListener("DOMContentLoaded", function () {
    fillCsrfTokens();
    window.unknot.refreshVisitorState();
  });
})();
