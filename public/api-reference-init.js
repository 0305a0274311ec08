// Starts Swagger UI on the reference page. A file, not an inline script: the
// page's CSP runs scripts only from our origin with the request's nonce.
window.addEventListener("DOMContentLoaded", function () {
  window.SwaggerUIBundle({ url: "/api/v1/openapi.json", dom_id: "#swagger-ui", deepLinking: true });
});
