// The print page's button opens the browser's print dialogue.
document.querySelectorAll("[data-app-print]").forEach(function (button) {
  button.addEventListener("click", function () { window.print(); });
});
