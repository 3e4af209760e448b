import { DeliveryState, NOT_HANDED_OVER, TRANSITIONS, sqlState, sqlStates, transitionGuard } from './delivery-state';

/*
 * The statements of `DeliveriesRepository`, which alone runs them (the tests and the send bench
 * print their plans). The state names come from the state machine; every state-changing UPDATE
 * is guarded by `transitionGuard`, built when this module loads, so a statement that would make
 * a move the machine does not allow fails at start-up.
 */
const { Planned, Claimed, Sending, Sent, Delivered, Bounced, Failed, Unknown, Suppressed, Expired } = DeliveryState;

/**
 * The claim query: due rows of a step in id order, read along `deliveries_claim_idx` (step, id)
 * and stopped at the limit: no sort, no OFFSET. The ORDER BY names the table's column: the
 * output column `id` is text, and ordering by it would sort every due row of the step as text.
 * The send bench prints this query's plan.
 */
export const LOCK_DUE_SQL = `SELECT id::text, campaign_id, step_id, contact_id::text, channel, purpose, response_code, message_id, attempts, created_at, data
  FROM deliveries
  WHERE step_id = $1 AND state = ${sqlState(Planned)} AND next_attempt_at <= now()
  ORDER BY deliveries.id
  LIMIT $2
  FOR UPDATE SKIP LOCKED`;

/** planned → claimed ($1 ids, $2 worker, $3 lease seconds); the claim counts an attempt. */
export const MARK_CLAIMED_SQL = `UPDATE deliveries SET state = ${sqlState(Claimed)}, claimed_by = $2, claimed_until = now() + make_interval(secs => $3),
              attempts = attempts + 1, updated_at = now()
       WHERE id = ANY($1::bigint[]) AND ${transitionGuard('state', [Planned], [Claimed])}`;

/** planned | claimed → suppressed, each with its reason ($1 ids, $2 reasons). */
export const MARK_SUPPRESSED_SQL = `UPDATE deliveries d SET state = ${sqlState(Suppressed)}, reason = v.reason, claimed_by = NULL, claimed_until = NULL, updated_at = now()
       FROM unnest($1::bigint[], $2::text[]) AS v(id, reason)
       WHERE d.id = v.id AND ${transitionGuard('d.state', [Planned, Claimed], [Suppressed])}`;

/**
 * A delivery by its id alone, read along the primary key (`id` the SQL of the wanted id): the
 * `OFFSET 0` keeps the caller's conditions on the state out of the scan. Given `state =
 * 'claimed'` or `'sending'` beside the id, the planner reads the rows through
 * `deliveries_contact_in_flight_idx` (partial on those states, keyed on the contact, tiny in
 * the statistics of a campaign analysed when planned), filtering by id every row in flight and
 * every version of one since the last VACUUM, for each id: 20 ms a statement rising to 230 ms
 * over a 10,000-message send (bench send, auto_explain), where the probes take 1–2 ms.
 */
function deliveryById(id: string): string {
  return `(SELECT d.id, d.state, d.claimed_by, d.contact_id FROM deliveries d WHERE d.id = ${id} OFFSET 0)`;
}

/**
 * Handing over, first statement: claimed → sending ($1 ids, $2 worker, $3 lease seconds).
 * Driven by the ids, one primary-key probe each (the LATERAL with its LIMIT is not flattened,
 * and `deliveryById` keeps the state out of the probe): left to itself the planner may AND in
 * the leases index or read the in-flight one, which also hold every row version claimed or
 * sent since the last VACUUM. The update joins on nothing but the id.
 */
export const BEGIN_SENDING_SQL = `WITH handed AS (
    SELECT d.id FROM unnest($1::bigint[]) AS wanted (id)
    CROSS JOIN LATERAL (
      SELECT d.id FROM ${deliveryById('wanted.id')} d
      WHERE ${transitionGuard('d.state', [Claimed], [Sending])} AND d.claimed_by = $2
      LIMIT 1 FOR UPDATE
    ) d
  )
  UPDATE deliveries d SET state = ${sqlState(Sending)}, reason = NULL, claimed_until = now() + make_interval(secs => $3), updated_at = now()
  FROM handed WHERE d.id = handed.id
  RETURNING d.id::text AS id, d.purpose`;

/**
 * Handing over, second statement, once the first has committed: consent and suppression checked
 * again (`reachability`, its per-row form) for the marketing rows just put in `sending`
 * ($1 ids, $2 worker); those refused become `suppressed` with the reason, before any reaches a
 * transport. Run after the commit, its snapshot sees every withdrawal committed before the rows
 * were marked: a withdrawal it misses committed after they were, when the messages were already
 * on their way. (Checked in the same statement as the marking, a withdrawal committing while the
 * statement waited for a row lock went unseen: its snapshot was older.)
 */
export function refuseSendingSql(reachability: string): string {
  return `WITH checked AS (
      SELECT d.id, ${reachability} AS refusal
      FROM unnest($1::bigint[]) AS wanted (id)
      CROSS JOIN LATERAL (SELECT d.id, d.contact_id FROM deliveries d WHERE d.id = wanted.id LIMIT 1) d
      JOIN contacts c ON c.id = d.contact_id
    ), refused AS (
      SELECT d.id, checked.refusal FROM checked
      CROSS JOIN LATERAL (
        SELECT d.id FROM ${deliveryById('checked.id')} d WHERE ${REFUSE_SENDING_GUARD} AND d.claimed_by = $2 LIMIT 1 FOR UPDATE
      ) d
      WHERE checked.refusal IS NOT NULL
    )
    UPDATE deliveries d SET state = ${sqlState(Suppressed)}, reason = refused.refusal, claimed_by = NULL, claimed_until = NULL, updated_at = now()
    FROM refused WHERE d.id = refused.id
    RETURNING d.id::text AS id`;
}
const REFUSE_SENDING_GUARD = transitionGuard('d.state', [Sending], [Suppressed]);

/** sending → the outcome's state, from a JSON array of outcomes ($1); each row locked by its id alone (`deliveryById`). */
export const RECORD_OUTCOMES_SQL = `WITH recorded AS (
         SELECT v.* FROM json_to_recordset($1::json) AS v(id bigint, state text, reason text, provider_id text, next_attempt_at timestamptz, message_id text, cost numeric, uncount boolean)
         CROSS JOIN LATERAL (
           SELECT d.id FROM ${deliveryById('v.id')} d WHERE ${transitionGuard('d.state', [Sending], TRANSITIONS.sending)} LIMIT 1 FOR UPDATE
         ) d
       )
       UPDATE deliveries d SET
         state = v.state,
         reason = v.reason,
         last_error = CASE WHEN v.state IN (${sqlStates([Sent, Delivered])}) THEN d.last_error ELSE coalesce(v.reason, d.last_error) END,
         provider_id = coalesce(v.provider_id, d.provider_id),
         message_id = coalesce(v.message_id, d.message_id),
         next_attempt_at = coalesce(v.next_attempt_at, d.next_attempt_at),
         sent_at = CASE WHEN v.state IN (${sqlStates([Sent, Delivered, Bounced, Failed, Unknown])}) THEN coalesce(d.sent_at, now()) ELSE d.sent_at END,
         delivered_at = CASE WHEN v.state = ${sqlState(Delivered)} THEN now() ELSE d.delivered_at END,
         cost = coalesce(v.cost, d.cost),
         attempts = CASE WHEN v.uncount THEN greatest(d.attempts - 1, 0) ELSE d.attempts END,
         claimed_by = NULL, claimed_until = NULL, updated_at = now()
       FROM recorded v WHERE d.id = v.id`;

/** claimed → planned, the claim given back ($1 ids, $2 worker, $3 due again at, or unchanged). */
export const RELEASE_SQL = `UPDATE deliveries SET state = ${sqlState(Planned)}, claimed_by = NULL, claimed_until = NULL, attempts = greatest(attempts - 1, 0),
              next_attempt_at = coalesce($3::timestamptz, next_attempt_at), updated_at = now()
       WHERE id = ANY($1::bigint[]) AND ${transitionGuard('state', [Claimed], [Planned])} AND claimed_by = $2`;

/** Leases past their end after a crash: claims go back, rows in `sending` end unknown (or retried once, service messages). */
export const RECOVER_EXPIRED_LEASES_SQL = `
      WITH released AS (
        UPDATE deliveries SET state = ${sqlState(Planned)}, claimed_by = NULL, claimed_until = NULL, attempts = greatest(attempts - 1, 0), updated_at = now()
        WHERE ${transitionGuard('state', [Claimed], [Planned])} AND claimed_until < now() RETURNING 1
      ), unknown AS (
        UPDATE deliveries SET state = ${sqlState(Unknown)}, reason = 'the worker stopped while sending: not re-sent (at most once)',
               sent_at = now(), claimed_by = NULL, claimed_until = NULL, updated_at = now()
        WHERE ${transitionGuard('state', [Sending], [Unknown])} AND claimed_until < now() AND (purpose = 'marketing' OR attempts >= 2) RETURNING 1
      ), retried AS (
        UPDATE deliveries SET state = ${sqlState(Planned)}, reason = 'the worker stopped while sending: retried once with the same Message-ID',
               claimed_by = NULL, claimed_until = NULL, updated_at = now()
        WHERE ${transitionGuard('state', [Sending], [Planned])} AND claimed_until < now() AND purpose = 'service' AND attempts < 2 RETURNING 1
      )
      SELECT (SELECT count(*) FROM released)::int AS released, (SELECT count(*) FROM unknown)::int AS unknown, (SELECT count(*) FROM retried)::int AS retried`;

/** A cancelled campaign: what was not handed over expires ($1 campaign, $2 reason). */
export const EXPIRE_NOT_HANDED_OVER_SQL = `UPDATE deliveries SET state = ${sqlState(Expired)}, reason = $2, claimed_by = NULL, claimed_until = NULL, updated_at = now() WHERE campaign_id = $1 AND ${transitionGuard('state', NOT_HANDED_OVER, [Expired])}`;

/**
 * Held by the pressure rules at claim time (`release` and `reason`: SQL over `d` and `c`, the
 * rows' delivery and contact; $1 ids): due again later with the reason, or expired past their
 * expiry. The rows are the claim's, locked and `planned`.
 */
export function postponeHeldSql(release: string, reason: string): string {
  return `WITH h AS (
         SELECT d.id, ${release} AS release, ${reason} AS reason
         FROM deliveries d JOIN contacts c ON c.id = d.contact_id WHERE d.id = ANY($1::bigint[])
       )
       UPDATE deliveries d SET next_attempt_at = h.release, reason = 'postponed: ' || h.reason, updated_at = now(),
              state = CASE WHEN d.expires_at IS NOT NULL AND h.release > d.expires_at THEN ${sqlState(Expired)} ELSE d.state END
       FROM h WHERE d.id = h.id AND h.release > now() + interval '1 second' AND ${POSTPONE_GUARD}
       RETURNING d.id::text AS id`;
}
const POSTPONE_GUARD = transitionGuard('d.state', [Planned], [Expired]);

/**
 * A provider's event applied ($1 id, $2 expected state, $3 new state, $4 reason, $5 when): the
 * caller checked the move with `eventTransition`.
 */
export const APPLY_EVENT_SQL = `UPDATE deliveries SET state = $3, reason = coalesce($4, reason),
                last_error = CASE WHEN $3 IN (${sqlStates([Bounced, Failed])}) THEN coalesce($4, last_error) ELSE last_error END,
                delivered_at = CASE WHEN $3 = ${sqlState(Delivered)} THEN coalesce(delivered_at, $5) ELSE delivered_at END,
                sent_at = coalesce(sent_at, $5), updated_at = now()
         WHERE id = $1 AND state = $2`;

/**
 * The planned rows of a step for the contacts `candidates` (SQL selecting `contact_id`, over $1
 * the campaign and $2 the step), one response code each ($3); $4 channel, $5 purpose, $6 due,
 * $7 expiry. A (step, contact) already planned, or a code already drawn, is skipped.
 */
export function planStepSql(candidates: string): string {
  return `WITH candidates AS (SELECT contact_id, row_number() OVER (ORDER BY contact_id) AS rn FROM (${candidates}) x),
         added AS (
           INSERT INTO deliveries (campaign_id, step_id, contact_id, channel, purpose, response_code, next_attempt_at, expires_at)
           SELECT $1, $2, c.contact_id, $4, $5, codes.code, $6, $7
           FROM candidates c JOIN unnest($3::text[]) WITH ORDINALITY AS codes(code, rn) ON codes.rn = c.rn
           ON CONFLICT DO NOTHING RETURNING 1
         ) SELECT count(*)::int AS n FROM added`;
}

/** One service message ($1 campaign, $2 step, $3 contact, $4 occurrence, $5 channel, $6 code, $7 data, $8 due or now). */
export const ADD_SERVICE_MESSAGE_SQL = `INSERT INTO deliveries (campaign_id, step_id, contact_id, occurrence, channel, purpose, response_code, data, next_attempt_at)
         VALUES ($1, $2, $3, $4, $5, 'service', $6, $7, coalesce($8::timestamptz, now()))
         ON CONFLICT (step_id, contact_id, occurrence) DO NOTHING RETURNING id::text`;

/**
 * The messages of an automation's due occurrences, held by the pressure rules at planning time
 * (`release` and `reason`: SQL over `v` and `c`, the occurrence and its contact). $1 campaign,
 * $2 step, $3 channel, $4–$7 and $10 the occurrences (contact, occurrence, code, due, data),
 * $8 the tick's instant, $9 the days before they expire.
 */
export function addAutomationMessagesSql(release: string, reason: string): string {
  return `INSERT INTO deliveries (campaign_id, step_id, contact_id, occurrence, channel, purpose, response_code, data, next_attempt_at, expires_at, reason)
       SELECT $1, $2, v.contact_id, v.occurrence, $3, 'marketing', v.code, v.data || jsonb_build_object('occurrence', v.occurrence, 'due_at', v.due),
              CASE WHEN h.release > $8::timestamptz THEN h.release ELSE now() END,
              v.due + make_interval(days => $9), CASE WHEN h.reason IS NOT NULL THEN 'postponed: ' || h.reason END
       FROM unnest($4::bigint[], $5::text[], $6::text[], $7::timestamptz[], $10::jsonb[]) AS v(contact_id, occurrence, code, due, data)
       JOIN contacts c ON c.id = v.contact_id
       CROSS JOIN LATERAL (SELECT ${release} AS release, ${reason} AS reason) h
       ON CONFLICT (step_id, contact_id, occurrence) DO NOTHING
       RETURNING id::text, occurrence, contact_id::text`;
}

/** A call list's scripts kept on their deliveries, from a JSON array of `{ id, script }` ($1). */
export const ATTACH_CALL_SCRIPTS_SQL = `UPDATE deliveries d SET data = coalesce(d.data, '{}'::jsonb) || jsonb_build_object('script', v.script)
           FROM json_to_recordset($1::json) AS v(id bigint, script jsonb) WHERE d.id = v.id`;

/** Erasure: a contact's merge data and errors go; the anonymous fact of each message stays ($1 contact). */
export const ERASE_PERSONAL_DATA_SQL = `UPDATE deliveries SET data = NULL, last_error = NULL WHERE contact_id = $1`;
