import { createAppContext } from './src/app/bootstrap';
import { ProgrammeKpisService } from './src/reports/programme-kpis.service';
import { ProgrammeKpiSeries } from './src/reports/programme-kpi-series';
import { AutomationUpcoming } from './src/automations/automation-upcoming';
import { AutomationsService } from './src/automations/automations.service';
import { CampaignsService } from './src/campaigns/campaigns.service';
import { ComplaintQueriesService } from './src/complaints/complaint-queries.service';
(async () => {
  const app = await createAppContext({ role: { http: false, workers: false, scheduler: false }, schema: 'check', defaultLogLevel: 'warn' } as never);
  const time = async (label: string, f: () => Promise<unknown>) => { const t = performance.now(); await f(); return `${label} ${(performance.now() - t).toFixed(0)}`; };
  for (let i = 0; i < 4; i++) {
    const out = [];
    out.push(await time('report', () => app.get(ProgrammeKpisService).report({ from: '2026-10-01', to: '2026-10-31' })));
    out.push(await time('series', () => app.get(ProgrammeKpiSeries).monthly({ to: '2026-10-31' })));
    out.push(await time('campaigns', async () => { for (const c of (await app.get(CampaignsService).list()).filter((c) => c.status === 'running')) await app.get(CampaignsService).progress(String(c.id)); }));
    out.push(await time('autolist', () => app.get(AutomationsService).list()));
    const [a] = await app.get(AutomationsService).list();
    out.push(await time('upcoming', () => app.get(AutomationUpcoming).list(a.id, { days: 7 })));
    out.push(await time('due', () => app.get(ComplaintQueriesService).due()));
    console.log(out.join(' | '));
  }
  await app.close();
})();
