import * as fs from 'node:fs';
import * as path from 'node:path';
import { chromium } from 'playwright-core';

export interface GrowthPoint {
  size: number;
  /** Messages per second (send) or milliseconds per count (segment). */
  value: number;
  /** The sending worker's peak RSS, for the send series. */
  rssMb?: number;
}

export interface Growth {
  send: GrowthPoint[];
  segment: GrowthPoint[];
}

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHART_JS = path.join(__dirname, '..', '..', '..', 'node_modules', 'chart.js', 'dist', 'chart.umd.min.js');

function config(title: string, points: GrowthPoint[], datasets: Array<Record<string, unknown>>, scales: object) {
  return {
    type: 'line',
    data: { labels: points.map((p) => p.size.toLocaleString('en-US')), datasets },
    options: {
      animation: false,
      responsive: false,
      plugins: { title: { display: true, text: title }, legend: { position: 'bottom' } },
      scales,
    },
  };
}

/** The two charts of docs/performance.md: cost against volume for sending and for counting a segment. */
function charts(growth: Growth) {
  const axis = (text: string, position = 'left') => ({ position, beginAtZero: true, title: { display: true, text } });
  return [
    config(
      'Sending: throughput and worker memory against campaign size',
      growth.send,
      [
        { label: 'messages per second', data: growth.send.map((p) => p.value), borderColor: '#1f5f8b', yAxisID: 'y' },
        { label: 'worker peak RSS (MB)', data: growth.send.map((p) => p.rssMb), borderColor: '#b3541e', yAxisID: 'y1' },
      ],
      { y: axis('messages per second'), y1: axis('MB', 'right'), x: { title: { display: true, text: 'messages' } } },
    ),
    config(
      'Segment count against base size',
      growth.segment,
      [{ label: 'ms per count (median)', data: growth.segment.map((p) => p.value), borderColor: '#1f5f8b' }],
      { y: axis('ms'), x: { title: { display: true, text: 'contacts' } } },
    ),
  ];
}

/**
 * Draws the growth charts with Chart.js in Debian's Chromium and saves them as one PNG. Without
 * Chromium, says so and returns false: the figures are in the results file either way.
 */
export async function drawGrowthChart(growth: Growth, file: string): Promise<boolean> {
  if (!fs.existsSync(CHROMIUM)) {
    process.stderr.write(`bench: no Chromium at ${CHROMIUM} (apt-get install chromium): growth chart skipped\n`);
    return false;
  }
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1000, height: 820 } });
    await page.setContent(
      '<body style="margin:0;background:#fff"><canvas id="a" width="1000" height="400"></canvas><canvas id="b" width="1000" height="400"></canvas></body>',
    );
    await page.addScriptTag({ path: CHART_JS });
    await page.evaluate((configs) => {
      const Chart = (globalThis as unknown as { Chart: new (el: unknown, config: unknown) => unknown }).Chart;
      const doc = (globalThis as unknown as { document: { getElementById(id: string): unknown } }).document;
      new Chart(doc.getElementById('a'), configs[0]);
      new Chart(doc.getElementById('b'), configs[1]);
    }, charts(growth));
    fs.mkdirSync(path.dirname(file), { recursive: true });
    await page.screenshot({ path: file, fullPage: true });
    return true;
  } finally {
    await browser.close();
  }
}
