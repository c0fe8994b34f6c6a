// The exhibition-hall screen: fetches the latest snapshot (/screen/data/) on load and every
// few minutes, and updates the tiles and charts in place (setOption), so a refresh never
// blanks the page. No inline script: the labels come from a json_script element.
(() => {
  const root = document.querySelector(".screen");
  const labels = JSON.parse(document.getElementById("screen-labels").textContent);
  const palette = ["#ffd54f", "#ef5350", "#4dd0e1", "#81c784", "#ba68c8", "#ff8a65", "#90a4ae",
    "#f06292", "#aed581", "#7986cb"];
  const text = { color: "#e8ecf8" };
  const charts = {};

  const rem = () => parseFloat(getComputedStyle(document.documentElement).fontSize);
  const percent = (rate) => (rate === null || rate === undefined ? "—" : `${(rate * 100).toFixed(1)}%`);

  function chart(key) {
    if (!charts[key]) {
      const element = document.querySelector(`[data-chart="${key}"]`);
      charts[key] = window.echarts.init(element, null, { renderer: "canvas" });
    }
    return charts[key];
  }

  function bars(key, rows) {
    const size = rem();
    chart(key).setOption({
      color: palette,
      textStyle: { fontSize: size },
      grid: { left: 8, right: size * 3, top: 4, bottom: 4, containLabel: true },
      xAxis: { type: "value", minInterval: 1, axisLabel: { ...text, fontSize: size * 0.8 },
        splitLine: { lineStyle: { color: "#23315f" } } },
      yAxis: { type: "category", inverse: true, data: rows.map((r) => r[0]),
        axisLabel: { ...text, fontSize: size * 0.85, width: size * 10, overflow: "truncate" } },
      series: [{ type: "bar", data: rows.map((r) => r[1]), barMaxWidth: size,
        label: { show: true, position: "right", ...text, fontSize: size * 0.85 } }],
    });
  }

  function funnel(rows) {
    // A funnel by position, narrowing stage by stage; the label carries the count, since the
    // stages' counts need not shrink (a year's conversions may outnumber today's applicants).
    const size = rem();
    chart("development").setOption({
      color: palette,
      series: [{ type: "funnel", sort: "none", left: "8%", right: "8%", top: 4, bottom: 4,
        min: 0, max: rows.length, minSize: "30%", gap: 3,
        label: { position: "inside", color: "#0a0f24", fontWeight: "bold", fontSize: size,
          formatter: (item) => `${item.name}  ${item.data.count}` },
        data: rows.map((r, i) => ({ name: labels.development[r[0]], value: rows.length - i, count: r[1] })) }],
    });
  }

  function statusPie(rows) {
    const size = rem();
    const data = rows.filter((r) => r[1] > 0).map((r) => ({ name: labels.status[r[0]], value: r[1] }));
    chart("cases_by_status").setOption({
      color: palette,
      legend: { orient: "vertical", right: 0, top: "middle", textStyle: { ...text, fontSize: size * 0.85 } },
      series: [{ type: "pie", radius: ["40%", "75%"], center: ["35%", "50%"],
        label: { position: "inside", formatter: "{c}", color: "#0a0f24", fontWeight: "bold", fontSize: size },
        data }],
    });
  }

  function trend(rows) {
    const size = rem();
    const axis = { ...text, fontSize: size * 0.8 };
    chart("cases_trend").setOption({
      color: palette,
      legend: { top: 0, textStyle: { ...text, fontSize: size * 0.85 } },
      grid: { left: 8, right: 16, top: size * 2, bottom: 4, containLabel: true },
      xAxis: { type: "category", data: rows.map((r) => r[0].slice(2)), axisLabel: axis },
      yAxis: { type: "value", minInterval: 1, axisLabel: axis, splitLine: { lineStyle: { color: "#23315f" } } },
      series: [
        { name: labels.registered, type: "line", symbolSize: size * 0.5, data: rows.map((r) => r[1]) },
        { name: labels.closed, type: "bar", barMaxWidth: size, data: rows.map((r) => r[2]) },
      ],
    });
  }

  function ticker(rows) {
    const list = document.getElementById("ticker");
    const items = rows.map(([enterprise, title]) => {
      const item = document.createElement("li");
      const who = document.createElement("span");
      who.className = "enterprise";
      who.textContent = enterprise;
      const what = document.createElement("span");
      what.className = "title";
      what.textContent = title;
      item.append(who, what);
      return item;
    });
    const box = list.parentElement;
    list.replaceChildren(...items);
    // Scroll only when the list overflows; a second copy makes the loop seamless.
    const moving = list.scrollHeight > box.clientHeight;
    if (moving) {
      list.append(...items.map((item) => item.cloneNode(true)));
      box.style.setProperty("--ticker-seconds", `${rows.length * 3}s`);
    }
    box.classList.toggle("moving", moving);
  }

  function summary(key, lines) {
    // A pending panel whose figures exist: its lines in place of 暂无数据.
    const box = document.querySelector(`.pending [data-panel="${key}"] p`);
    if (!box || !lines) {
      return;
    }
    box.classList.remove("no-data");
    box.classList.add("summary");
    box.replaceChildren(...lines.map((line) => {
      const item = document.createElement("span");
      item.textContent = line;
      return item;
    }));
  }

  function render(snapshot) {
    document.getElementById("snapshot-at").textContent = snapshot.at
      ? snapshot.at.slice(0, 16).replace("T", " ") : labels.no_data;
    const panels = snapshot.panels || {};
    const data = (key) => (panels[key] && panels[key].available ? panels[key].data : null);
    const plaques = data("plaques");
    const totals = { ...((panels.totals && panels.totals.data) || {}),
      ...(plaques === null ? {} : { plaques }) };
    document.querySelectorAll("[data-total]").forEach((tile) => {
      const value = tile.dataset.total in totals ? totals[tile.dataset.total] : null;
      tile.classList.toggle("no-data", value === null);
      tile.querySelector(".value").textContent = value === null ? labels.no_data : value.toLocaleString("zh-CN");
    });
    bars("members_by_branch", data("members_by_branch") || []);
    funnel(data("development") || []);
    const cases = data("cases") || { by_status: [], trend: [] };
    statusPie(cases.by_status);
    trend(cases.trend);
    document.querySelectorAll("[data-rate]").forEach((el) => {
      el.textContent = percent(cases[el.dataset.rate]);
    });
    ticker(data("ticker") || []);
    const dues = data("dues_by_branch");
    // The month, then the three branches furthest behind.
    summary("dues_by_branch", dues && [dues.month, ...[...dues.rows]
      .sort((a, b) => Number(a[3]) - Number(b[3])).slice(0, 3).map((r) => `${r[0]} ${r[3]}%`)]);
    const sales = data("member_streamer_sales");
    summary("member_streamer_sales", sales && sales.slice(-3).map((r) =>
      `${r[0]} ${Number(r[1]).toLocaleString("zh-CN")} ${labels.yuan}`));
    const meetings = data("meetings_this_quarter");
    // Branch-periods that held each meeting, of those owed so far this quarter.
    summary("meetings_this_quarter", meetings && [meetings.quarter, ...meetings.rows.map((r) =>
      `${labels.meetings[r[0]]} ${r[1]}/${r[2]}`)]);
    const training = data("training_attendance");
    summary("training_attendance", training && [String(training.year),
      `${labels.training_sessions} ${training.sessions.toLocaleString("zh-CN")}`,
      `${labels.training_attendances} ${training.attendances.toLocaleString("zh-CN")}`,
      `${labels.training_hours} ${training.hours.toLocaleString("zh-CN")}`]);
  }

  async function refresh() {
    try {
      const response = await fetch(root.dataset.source, { credentials: "same-origin",
        headers: { Accept: "application/json" } });
      if (response.ok) {
        render(await response.json());
      }
    } catch (error) {
      // Offline for a moment: keep showing the last figures and try again next time.
    }
  }

  document.addEventListener("DOMContentLoaded", () => {
    refresh();
    setInterval(refresh, Number(root.dataset.refresh) * 1000);
    window.addEventListener("resize", () => Object.values(charts).forEach((c) => c.resize()));
  });
})();
