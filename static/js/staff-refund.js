// The staff refund form: the amount follows the units (and shipping) chosen,
// capped at what is refundable. The server computes the same figure; this only
// shows it and fills the amount while staff have not typed one themselves.
(function () {
  var form = document.querySelector("[data-refund-form]");
  if (!form) return;
  var amount = form.querySelector("input[name=amount]");
  var total = form.querySelector("[data-refund-total]");
  var cap = parseFloat(form.dataset.refundable);
  var typed = amount.value !== "";
  amount.addEventListener("input", function () { typed = amount.value !== ""; });

  function cents(text) { return Math.round(parseFloat(text) * 100); }

  function update() {
    var sum = 0;
    var chosen = false;
    form.querySelectorAll("[data-unit-price], [data-unit-prices]").forEach(function (input) {
      var units = input.type === "checkbox" ? (input.checked ? 1 : 0) : parseInt(input.value || "0", 10);
      units = Math.max(units || 0, 0);
      if (units > 0) chosen = true;
      if (input.dataset.unitPrices !== undefined) {
        // What each unit left was paid, in the order the server refunds them.
        input.dataset.unitPrices.split(",").slice(0, units).forEach(function (price) {
          sum += cents(price);
        });
      } else {
        sum += cents(input.dataset.unitPrice) * units;
      }
    });
    var value = (Math.min(sum, Math.round(cap * 100)) / 100).toFixed(2);
    total.textContent = chosen ? value + " " + form.dataset.currency : "—";
    if (!typed) amount.value = chosen ? value : "";
  }
  form.addEventListener("input", function (event) {
    if (event.target !== amount) update();
  });
  form.addEventListener("change", function (event) {
    if (event.target !== amount) update();
  });
  update();
})();
