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
})();
