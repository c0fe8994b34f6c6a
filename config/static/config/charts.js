// Draws the small charts of a page with Apache ECharts (served from the site's own static
// files). The figures come from a json_script element: [{key, title, chart, labels, values}];
// each is drawn into the element with data-figure="key". No inline script, so the page keeps
// its Content-Security-Policy.
document.addEventListener("DOMContentLoaded", () => {
  const source = document.getElementById("figure-data");
  if (!source || !window.echarts) {
    return;
  }
  const palette = ["#b71c1c", "#e57373", "#ffb300", "#8e1414", "#f4a261", "#6d4c41", "#90a4ae"];
  const charts = [];
  for (const figure of JSON.parse(source.textContent)) {
    const element = document.querySelector(`[data-figure="${figure.key}"]`);
    if (!element) {
      continue;
    }
    const chart = window.echarts.init(element, null, { renderer: "canvas" });
    const base = { color: palette, tooltip: { trigger: figure.chart === "pie" ? "item" : "axis" } };
    if (figure.chart === "pie") {
      chart.setOption({
        ...base,
        legend: { bottom: 0, type: "scroll" },
        series: [{
          type: "pie",
          radius: ["35%", "65%"],
          center: ["50%", "45%"],
          // The legend names the slices; the counts sit on them, never cut off by the card.
          label: { position: "inside", formatter: "{c}", color: "#fff", fontWeight: "bold" },
          data: figure.labels.map((name, i) => ({ name, value: figure.values[i] })),
        }],
      });
    } else {
      // Chinese labels (branch names, stages, grades) read best beside horizontal bars.
      const categories = { type: "category", data: figure.labels, inverse: true,
        axisLabel: { interval: 0, width: 150, overflow: "truncate" } };
      const counts = { type: "value", minInterval: 1 };
      chart.setOption({
        ...base,
        grid: { left: 8, right: 32, top: 8, bottom: 8, containLabel: true },
        xAxis: counts,
        yAxis: categories,
        series: [{ type: "bar", data: figure.values, barMaxWidth: 18,
          label: { show: true, position: "right" } }],
      });
    }
    charts.push(chart);
  }
  window.addEventListener("resize", () => charts.forEach((chart) => chart.resize()));
});
