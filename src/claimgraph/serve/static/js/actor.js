// The actor page's graph: who acts on whom in this actor's events (Cytoscape.js), from
// /api/v1/actors/{id}/graph. A node opens the events of that actor, an edge the events where
// its source acts on its target. No inline script or style: the CSP forbids both.
(function () {
  "use strict";
  var box = document.getElementById("actor-graph");
  if (!box || typeof cytoscape !== "function") return;

  function eventsLink(params) {
    return "/events?" + new URLSearchParams(params).toString();
  }

  fetch(box.dataset.graphUrl, { headers: { accept: "application/json" } })
    .then(function (r) { if (!r.ok) throw new Error("HTTP " + r.status); return r.json(); })
    .then(function (graph) {
      if (!graph.edges.length) {
        box.classList.add("empty");
        box.textContent = "No event of this actor has both an actor and a recipient.";
        return;
      }
      var filters = {};
      var maxEdge = 1, maxNode = 1;
      graph.edges.forEach(function (e) { maxEdge = Math.max(maxEdge, e.events); });
      graph.nodes.forEach(function (n) { filters[n.id] = n.filter; maxNode = Math.max(maxNode, n.events); });
      var elements = graph.nodes.map(function (n) {
        return { data: { id: n.id, label: n.name, events: n.events, size: 18 + 30 * Math.sqrt(n.events / maxNode) },
                 classes: n.focus ? "focus" : "" };
      }).concat(graph.edges.map(function (e, i) {
        return { data: { id: "e" + i, source: e.source, target: e.target, events: e.events,
                         width: 1 + 7 * Math.sqrt(e.events / maxEdge), label: String(e.events) } };
      }));
      var cy = cytoscape({
        container: box,
        elements: elements,
        wheelSensitivity: 0.3,
        style: [
          { selector: "node", style: { "background-color": "#8aa4c2", "label": "data(label)", "width": "data(size)",
            "height": "data(size)", "font-size": 11, "text-valign": "bottom", "text-margin-y": 3, "color": "#1d232b",
            "text-wrap": "ellipsis", "text-max-width": 140 } },
          { selector: "node.focus", style: { "background-color": "#1f5fa8", "font-weight": "bold" } },
          { selector: "edge", style: { "width": "data(width)", "line-color": "#b0b8c2", "target-arrow-color": "#b0b8c2",
            "target-arrow-shape": "triangle", "curve-style": "bezier", "label": "data(label)", "font-size": 10,
            "color": "#5d6773", "text-background-color": "#fbfcfd", "text-background-opacity": 1 } },
          { selector: "node:active, node.hover", style: { "background-color": "#d62728" } },
          { selector: "edge.hover", style: { "line-color": "#d62728", "target-arrow-color": "#d62728" } }
        ],
        layout: { name: graph.nodes.length > 25 ? "cose" : "concentric", animate: false, padding: 20,
                  concentric: function (n) { return n.hasClass("focus") ? 2 : 1; }, levelWidth: function () { return 1; } }
      });
      cy.on("mouseover", "node, edge", function (ev) { ev.target.addClass("hover"); });
      cy.on("mouseout", "node, edge", function (ev) { ev.target.removeClass("hover"); });
      cy.on("tap", "node", function (ev) {
        window.location.href = eventsLink({ actor: filters[ev.target.id()] });
      });
      cy.on("tap", "edge", function (ev) {
        var d = ev.target.data();
        window.location.href = eventsLink({ actor: filters[d.source], recipient: filters[d.target] });
      });
      box.dataset.ready = "1";  // for the browser tests
      window.claimgraphActorGraph = cy;
    })
    .catch(function (err) {
      box.classList.add("empty");
      box.textContent = "The graph could not be loaded (" + err.message + ").";
    });
})();
