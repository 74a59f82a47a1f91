// The network picture of a question page: fetch the congruence or conflict network the server computed
// (stancemap.mapping.networks), lay it out the same way on every load, and draw it with sigma.
import Graph from "graphology";
import { circular } from "graphology-layout";
import forceAtlas2 from "graphology-layout-forceatlas2";
import Sigma from "sigma";

const STANCES = ["support", "oppose", "neutral", "mixed", "conditional"];

// One palette for the page and the picture: the colours come from style.css's custom properties.
function palette() {
  const style = getComputedStyle(document.documentElement);
  const colours = {};
  for (const stance of STANCES) colours[stance] = style.getPropertyValue(`--${stance}`).trim() || "#6b7280";
  return colours;
}

function build(data, colours) {
  const graph = new Graph({ type: "undirected" });
  graph.import(data);
  let heaviest = 0;
  graph.forEachEdge((_, a) => {
    heaviest = Math.max(heaviest, a.weight);
  });
  let busiest = 0;
  graph.forEachNode((_, a) => {
    busiest = Math.max(busiest, a.size);
  });
  graph.forEachNode((node, a) => {
    const stance = a.conditional && (a.stance === "support" || a.stance === "oppose") ? "conditional" : a.stance;
    graph.mergeNodeAttributes(node, {
      statements: a.size,
      group: stance,
      color: colours[stance] || colours.neutral,
      size: 5 + 11 * Math.sqrt(busiest ? a.size / busiest : 0),
    });
  });
  graph.forEachEdge((edge, a) => {
    graph.mergeEdgeAttributes(edge, {
      size: 0.5 + 4.5 * (heaviest ? a.weight / heaviest : 0),
      color: a.kind === "conflict" ? "#e8b4ae" : "#b4c8e2",
    });
  });
  // Deterministic: a circle in the server's (sorted) node order, then a fixed number of ForceAtlas2 steps.
  circular.assign(graph);
  if (graph.order > 1) {
    const settings = forceAtlas2.inferSettings(graph);
    forceAtlas2.assign(graph, {
      iterations: 300,
      getEdgeWeight: "weight",
      settings: { ...settings, linLogMode: true, gravity: 1, scalingRatio: 10, adjustSizes: true },
    });
  }
  return graph;
}

function describe(graph, node) {
  const a = graph.getNodeAttributes(node);
  const n = a.statements;
  return `${a.label}: ${a.group}, ${a.kind}, ${n} sided statement${n === 1 ? "" : "s"}, ${graph.degree(node)} tie${
    graph.degree(node) === 1 ? "" : "s"
  }`;
}

async function draw(section, renderer) {
  const container = section.querySelector(".network-canvas");
  const info = section.querySelector(".network-info");
  const kind = section.querySelector("select[name=network-kind]").value;
  const normalization = section.querySelector("select[name=network-normalization]").value;
  if (renderer) renderer.kill();
  const url = new URL(section.dataset.src, window.location.href);
  url.searchParams.set("kind", kind);
  url.searchParams.set("normalization", normalization);
  const response = await fetch(url, { headers: { Accept: "application/json" } });
  if (!response.ok) throw new Error(`the network could not be loaded (${response.status})`);
  const graph = build(await response.json(), palette());
  const ties = graph.size;
  info.textContent = `${graph.order} actors, ${ties} ${kind} tie${ties === 1 ? "" : "s"}. Point at an actor to see it.`;
  const drawn = new Sigma(graph, container, {
    labelRenderedSizeThreshold: 9,
    labelFont: "system-ui, sans-serif",
    labelSize: 13,
    zIndex: true,
    defaultEdgeType: "line",
  });
  drawn.on("enterNode", ({ node }) => {
    info.textContent = describe(graph, node);
  });
  container.dataset.rendered = String(graph.order);
  // The drawn picture, for the browser tests (and anyone curious at the console).
  section.sigma = drawn;
  return drawn;
}

function start() {
  const section = document.getElementById("network");
  if (!section) return;
  section.classList.add("network-live");
  const info = section.querySelector(".network-info");
  let renderer = null;
  const redraw = () =>
    draw(section, renderer).then(
      (drawn) => {
        renderer = drawn;
      },
      (error) => {
        info.textContent = `No picture: ${error.message}`;
      },
    );
  for (const select of section.querySelectorAll("select")) select.addEventListener("change", redraw);
  redraw();
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
else start();
