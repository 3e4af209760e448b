import type { ComplaintDashboard } from './complaint-dashboard';

type Moment = string | Date;

/** What is printed of a complaint document (ComplaintQueriesService.get), which is typed as a plain record. */
interface PrintedComplaint {
  reference: string;
  status: string;
  overdue?: boolean;
  subject: string;
  received_at: Moment;
  channel: string;
  due_at: Moment;
  due_rule: string;
  cause?: string | null;
  category?: string | null;
  type?: string | null;
  owner?: string | null;
  client?: { external_id?: string; prospect?: boolean; value_tier?: string | null; previous_complaints?: unknown[] };
  messages?: Array<{ at: Moment; direction: string; channel?: string | null; body: unknown }>;
  compensations?: Array<{ kind: string; amount: number; currency: string; granted_on: Moment }>;
}

/** What is printed of the dashboard, beyond its typed months (the reports layer computes the rest). */
interface PrintedDashboard {
  from: string;
  to: string;
  currency: string;
  handling_delay_days: { mean: number | null; median: number | null; p90: number | null };
  sla: { breached: number; received: number; breach_rate: number | null; overdue_open: number };
  registered_letters: number;
  rates: {
    complaint_rate: number | null;
    complaints: number;
    orders: number;
    loss_rate: number | null;
    compensation_costs: number;
    revenue: number;
  };
  top_causes: {
    last_week: Array<{ cause: string; count: number }>;
    last_month: Array<{ cause: string; count: number }>;
  };
  unhappy_clients: unknown[];
}

/** Human renderings of complaint commands (with --json the documents are printed as they are). */
export function humanComplaint(document: Record<string, unknown>): string {
  const c = document as unknown as PrintedComplaint;
  const client = c.client ?? {};
  return [
    `${c.reference}  ${c.status}${c.overdue ? ' (OVERDUE)' : ''}  — ${c.subject}`,
    `  received ${new Date(c.received_at).toISOString()} by ${c.channel}; answer due ${new Date(c.due_at).toISOString()} (${c.due_rule})`,
    `  client ${client.external_id}${client.prospect ? ' (prospect)' : ''}, value tier ${client.value_tier ?? '–'}, ${client.previous_complaints?.length ?? 0} previous complaints`,
    `  cause ${c.cause ?? '–'}, category ${c.category ?? '–'}, type ${c.type ?? '–'}, owner ${c.owner ?? '–'}`,
    ...(c.messages ?? []).map(
      (m) =>
        `  [${new Date(m.at).toISOString().slice(0, 16)}] ${m.direction}${m.channel ? `/${m.channel}` : ''}: ${String(m.body).slice(0, 120)}`,
    ),
    ...(c.compensations ?? []).map(
      (p) => `  compensation ${p.kind} ${p.amount} ${p.currency} (on ${String(p.granted_on)})`,
    ),
  ].join('\n');
}

export function humanDashboard(dashboard: ComplaintDashboard): string {
  const d = dashboard as ComplaintDashboard & PrintedDashboard;
  const lines = [`Complaints ${d.from} → ${d.to}`];
  for (const month of d.months)
    lines.push(
      `  ${month.month}  ${String(month.received).padStart(5)} received, ${String(month.cumulative_received).padStart(5)} cumulated`,
    );
  lines.push(
    `  handling delay (days): mean ${d.handling_delay_days.mean ?? '–'}, median ${d.handling_delay_days.median ?? '–'}, p90 ${d.handling_delay_days.p90 ?? '–'}`,
    `  SLA: ${d.sla.breached} breached of ${d.sla.received} (${d.sla.breach_rate ?? '–'} %), ${d.sla.overdue_open} still overdue; registered letters ${d.registered_letters}`,
    `  complaint rate ${d.rates.complaint_rate ?? '–'} % (${d.rates.complaints}/${d.rates.orders} orders); loss rate ${d.rates.loss_rate ?? '–'} % (${d.rates.compensation_costs}/${d.rates.revenue} ${d.currency})`,
    `  top causes last week: ${d.top_causes.last_week.map((c) => `${c.cause} ${c.count}`).join(', ') || '–'}`,
    `  top causes last month: ${d.top_causes.last_month.map((c) => `${c.cause} ${c.count}`).join(', ') || '–'}`,
    `  unhappy clients: ${d.unhappy_clients.length}`,
  );
  return lines.join('\n');
}
