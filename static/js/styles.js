// Applies data-style="property: value; ..." through the CSSOM. The Content-Security-Policy
// allows no inline style attributes, yet a bar's width or a share comes with each page; the
// projector and dashboards swap such elements in live, so added ones are styled as they come.
(function () {
  "use strict";
  function apply(element) {
    var declarations = (element.getAttribute("data-style") || "").split(";");
    declarations.forEach(function (declaration) {
      var colon = declaration.indexOf(":");
      if (colon > 0) {
        element.style.setProperty(
          declaration.slice(0, colon).trim(),
          declaration.slice(colon + 1).trim()
        );
      }
    });
  }
  function styleTree(node) {
    if (node.nodeType !== 1) return;
    if (node.hasAttribute("data-style")) apply(node);
    node.querySelectorAll("[data-style]").forEach(apply);
  }
  styleTree(document.documentElement);
  new MutationObserver(function (records) {
    records.forEach(function (record) {
      if (record.type === "attributes") apply(record.target);
      else record.addedNodes.forEach(styleTree);
    });
  }).observe(document.documentElement, {
    childList: true,
    subtree: true,
    attributes: true,
    attributeFilter: ["data-style"],
  });
})();
