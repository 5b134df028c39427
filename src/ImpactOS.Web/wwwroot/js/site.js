// Small progressive enhancements; every page works without them.
(function () {
    "use strict";

    // Forms that ask before doing something weighty: <form data-confirm="Are you sure?">.
    document.addEventListener("submit", function (event) {
        var form = event.target;
        if (form instanceof HTMLFormElement && form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
            event.preventDefault();
        }
    });

    // A form that came back with errors: its summary (which names and links each field) is
    // brought into view and focused, so a phone shows it even when the form is far down the page.
    // The same for an answer shown in place of a flash (<div data-reveal tabindex="-1">).
    var formErrors = document.querySelector(".form-errors, [data-reveal]");
    if (formErrors) {
        formErrors.scrollIntoView({ block: "center" });
        formErrors.focus({ preventScroll: true });
    }

    // Filter forms that apply as soon as a choice changes: <form data-autosubmit>. Without
    // JavaScript the form's own Apply button does the same.
    document.querySelectorAll("form[data-autosubmit]").forEach(function (form) {
        form.addEventListener("change", function (event) {
            if (event.target instanceof HTMLSelectElement || (event.target instanceof HTMLInputElement && event.target.type === "date")) {
                form.requestSubmit();
            }
        });
    });

    // File inputs with a size limit: <input type="file" data-max-bytes="…" data-max-message="…">.
    // An oversized file is named beside the field and the form is not sent; the server checks
    // the same limit, so without JavaScript the form comes back with the same message.
    function checkFileSize(input) {
        var max = Number(input.dataset.maxBytes);
        var tooBig = Array.prototype.some.call(input.files || [], function (file) { return file.size > max; });
        var feedback = document.getElementById(input.id + "-error");
        input.classList.toggle("is-invalid", tooBig);
        input.setAttribute("aria-invalid", tooBig ? "true" : "false");
        if (feedback) {
            feedback.textContent = tooBig ? input.dataset.maxMessage : "";
        }
        return !tooBig;
    }

    document.addEventListener("change", function (event) {
        if (event.target instanceof HTMLInputElement && event.target.type === "file" && event.target.dataset.maxBytes) {
            checkFileSize(event.target);
        }
    });

    document.addEventListener("submit", function (event) {
        var form = event.target;
        if (!(form instanceof HTMLFormElement)) {
            return;
        }

        form.querySelectorAll("input[type=file][data-max-bytes]").forEach(function (input) {
            if (!checkFileSize(input)) {
                event.preventDefault();
                input.focus();
            }
        });
    });
})();
