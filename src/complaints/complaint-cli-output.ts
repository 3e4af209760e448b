/** Human renderings of complaint commands (with --json the documents are printed as they are). */
export function humanComplaint(c: Record<string, any>): string {
  const client = c.client ?? {};
  return [
    `${c.reference}  ${c.status}${c.overdue ? ' (OVERDUE)' : ''}  — ${c.subject}`,
    `  received ${new Date(c.received_at).toISOString()} by ${c.channel}; answer due ${new Date(c.due_at).toISOString()} (${c.due_rule})`,
    `  client ${client.external_id}${client.prospect ? ' (prospect)' : ''}, value tier ${client.value_tier ?? '–'}, ${client.previous_complaints?.length ?? 0} previous complaints`,
    `  cause ${c.cause ?? '–'}, category ${c.category ?? '–'}, type ${c.type ?? '–'}, owner ${c.owner ?? '–'}`,
    ...(c.messages ?? []).map((m: Record<string, any>) => `  [${new Date(m.at).toISOString().slice(0, 16)}] ${m.direction}${m.channel ? `/${m.channel}` : ''}: ${String(m.body).slice(0, 120)}`),
    ...(c.compensations ?? []).map((p: Record<string, any>) => `  compensation ${p.kind} ${p.amount} ${p.currency} (on ${p.granted_on})`),
  ].join('\n');
}

export function humanDashboard(d: Record<string, any>): string {
  const lines = [`Complaints ${d.from} → ${d.to}`];
  for (const month of d.months) lines.push(`  ${month.month}  ${String(month.received).padStart(5)} received, ${String(month.cumulative_received).padStart(5)} cumulated`);
  lines.push(
    `  handling delay (days): mean ${d.handling_delay_days.mean ?? '–'}, median ${d.handling_delay_days.median ?? '–'}, p90 ${d.handling_delay_days.p90 ?? '–'}`,
    `  SLA: ${d.sla.breached} breached of ${d.sla.received} (${d.sla.breach_rate ?? '–'} %), ${d.sla.overdue_open} still overdue; registered letters ${d.registered_letters}`,
    `  complaint rate ${d.rates.complaint_rate ?? '–'} % (${d.rates.complaints}/${d.rates.orders} orders); loss rate ${d.rates.loss_rate ?? '–'} % (${d.rates.compensation_costs}/${d.rates.revenue} ${d.currency})`,
    `  top causes last week: ${d.top_causes.last_week.map((c: { cause: string; count: number }) => `${c.cause} ${c.count}`).join(', ') || '–'}`,
    `  top causes last month: ${d.top_causes.last_month.map((c: { cause: string; count: number }) => `${c.cause} ${c.count}`).join(', ') || '–'}`,
    `  unhappy clients: ${d.unhappy_clients.length}`,
  );
  return lines.join('\n');
}
