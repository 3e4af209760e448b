import { createAppContext } from './src/app/bootstrap';
import { ProgrammeKpiSeries } from './src/reports/programme-kpi-series';
import { monthsEnding } from './src/reports/calendar-periods';
(async () => {
  const app = await createAppContext({ role: { http: false, workers: false, scheduler: false }, schema: 'check', defaultLogLevel: 'warn' } as never);
  const s = app.get(ProgrammeKpiSeries) as any;
  const periods = monthsEnding('2026-10-31', 12, 'Europe/Paris');
  const bounds = [periods.map((p) => p.start), periods.map((p) => p.end)];
  for (let i = 0; i < 4; i++) {
    const out = [];
    for (const [label, f] of [['commerce', () => s.commerce(bounds)], ['complaints', () => s.complaints(bounds)], ['retention', () => s.retention(periods)], ['scores', () => s.scores(bounds)]] as const) {
      const t = performance.now(); await f(); out.push(`${label} ${(performance.now() - t).toFixed(1)}`);
    }
    console.log(out.join(' | '));
  }
  await app.close();
})();
