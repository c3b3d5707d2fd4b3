// Buttons that need a line of script, bound here so that the Content-Security-Policy can forbid
// inline handlers (script-src 'self'). Without JavaScript each still works as a plain button or
// field: the browser's own print menu, a form sent without the question, a selectable field.
(function () {
    // <button data-print>: print the page (ticket, poster).
    document.querySelectorAll("[data-print]").forEach(function (button) {
        button.addEventListener("click", function () {
            window.print();
        });
    });
    // <button data-confirm="Question?">: ask before the form is sent (withdrawing a request).
    document.querySelectorAll("button[data-confirm]").forEach(function (button) {
        button.addEventListener("click", function (event) {
            if (!window.confirm(button.getAttribute("data-confirm"))) {
                event.preventDefault();
            }
        });
    });
    // <input data-select-on-focus>: the whole address selected, ready to copy (feeds).
    document.querySelectorAll("[data-select-on-focus]").forEach(function (field) {
        field.addEventListener("focus", function () {
            field.select();
        });
    });
})();
