// The gap report's "Print or save as PDF" button: the browser's own print dialog.
document.querySelectorAll("[data-print]").forEach(function (button) {
  button.addEventListener("click", function () { window.print(); });
});
