// Starts Swagger UI on the API's OpenAPI document (a file, so the page needs no inline script).
window.addEventListener("load", () => {
  const root = document.getElementById("swagger-ui");
  window.SwaggerUIBundle({ url: root.dataset.openapi, dom_id: "#swagger-ui", deepLinking: true });
});
