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

    // Filter forms that apply as soon as a choice changes: <form data-autosubmit>. Without
    // JavaScript the form's own Apply button does the same.
    document.querySelectorAll("form[data-autosubmit]").forEach(function (form) {
        form.addEventListener("change", function (event) {
            if (event.target instanceof HTMLSelectElement || (event.target instanceof HTMLInputElement && event.target.type === "date")) {
                form.requestSubmit();
            }
        });
    });
})();
