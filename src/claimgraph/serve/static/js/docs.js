// The interactive API docs (Swagger UI, vendored): started from a file, as the CSP allows.
"use strict";
(function () {
  var el = document.getElementById("swagger");
  window.SwaggerUIBundle({ url: el.getAttribute("data-spec"), domNode: el, deepLinking: true });
})();
