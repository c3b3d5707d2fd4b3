// On a phone the main menu folds behind a "Menu" button; without JavaScript it stays open.
(function () {
    var button = document.querySelector(".nav-toggle");
    var nav = document.getElementById("main-nav");
    if (!button || !nav) return;
    var small = window.matchMedia("(max-width: 47.99rem)");
    function apply() {
        button.hidden = !small.matches;
        var open = !small.matches || button.getAttribute("aria-expanded") === "true";
        nav.classList.toggle("is-collapsed", !open);
    }
    button.addEventListener("click", function () {
        var open = button.getAttribute("aria-expanded") !== "true";
        button.setAttribute("aria-expanded", String(open));
        apply();
    });
    small.addEventListener("change", apply);
    apply();
})();
