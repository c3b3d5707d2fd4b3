// "Copy" buttons for calendar addresses. Without JavaScript the field is still selectable.
document.querySelectorAll("[data-copy]").forEach(function (button) {
    var field = document.querySelector(button.getAttribute("data-copy"));
    var status = button.closest(".field").querySelector("[role=status]");
    if (!field || !navigator.clipboard) return;
    button.hidden = false;
    button.addEventListener("click", function () {
        navigator.clipboard.writeText(field.value).then(function () {
            status.textContent = button.getAttribute("data-copied") || "✓";
        });
    });
});
