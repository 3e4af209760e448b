/**
 * A client base generated in SQL (set-based, generate_series): contacts in French and Moroccan
 * regions, purchases with per-client habits (occasional, regular, frequent buyers; a quarter of
 * them gone quiet), consent states and a few suppressions. Deterministic: values come from
 * hashes of the row number, not from random().
 */

const FRENCH_REGIONS: Array<[string, number]> = [
  ['Île-de-France', 18],
  ['Auvergne-Rhône-Alpes', 13],
  ['Nouvelle-Aquitaine', 10],
  ['Occitanie', 9],
  ['Hauts-de-France', 8],
  ["Provence-Alpes-Côte d'Azur", 8],
  ['Grand Est', 7],
  ['Pays de la Loire', 6],
  ['Bretagne', 6],
  ['Normandie', 5],
  ['Bourgogne-Franche-Comté', 4],
  ['Centre-Val de Loire', 3],
  ['Corse', 3],
];
const MOROCCAN_REGIONS: Array<[string, number]> = [
  ['Casablanca-Settat', 30],
  ['Rabat-Salé-Kénitra', 20],
  ['Marrakech-Safi', 15],
  ['Fès-Meknès', 15],
  ['Tanger-Tétouan-Al Hoceïma', 10],
  ['Souss-Massa', 10],
];

/** A CASE picking a region by cumulative weight from `h` in 0–99 (names are constants of this file). */
function weighted(regions: Array<[string, number]>, h: string): string {
  let cumulative = 0;
  const branches = regions
    .slice(0, -1)
    .map(([name, weight]) => `WHEN ${h} < ${(cumulative += weight)} THEN '${name.replace(/'/g, "''")}'`);
  return `CASE ${branches.join(' ')} ELSE '${regions[regions.length - 1][0].replace(/'/g, "''")}' END`;
}

export function contactsSql(count: number): string {
  return `
    INSERT INTO contacts (external_id, type, civility, first_name, last_name, email, email_hash, phone, address_line1, postal_code, city, region, country, birth_date, attributes, erased_at)
    SELECT 'C' || i, CASE WHEN i % 9 = 0 THEN 'company' ELSE 'person' END, CASE WHEN i % 2 = 0 THEN 'Mme' ELSE 'M.' END,
           (ARRAY['Hélène', 'Jean', 'Fatima', 'Youssef', 'Zoé', 'Karim', 'Inès', 'Louis'])[1 + i % 8],
           (ARRAY['Lefèvre', 'Bennani', 'Dupont', 'El Idrissi', 'Martin', 'Alaoui'])[1 + (i / 8) % 6],
           'client' || i || '@exemple.fr', sha256(convert_to('client' || i || '@exemple.fr', 'UTF8')),
           '+336' || lpad((i % 100000000)::text, 8, '0'), (i % 200) || ' rue de la République', lpad((10000 + i % 89999)::text, 5, '0'),
           CASE WHEN i % 3 = 0 THEN 'Casablanca' ELSE 'Lyon' END,
           CASE WHEN i % 3 = 0 THEN ${weighted(MOROCCAN_REGIONS, 'h')} ELSE ${weighted(FRENCH_REGIONS, 'h')} END,
           CASE WHEN i % 3 = 0 THEN 'MA' ELSE 'FR' END,
           DATE '1950-01-01' + (abs(hashint4(i + 77)) % 18000),
           jsonb_build_object('points', i % 500, 'canal', CASE WHEN i % 4 = 0 THEN 'web' ELSE 'magasin' END),
           CASE WHEN i % 200 = 0 THEN now() END
    FROM (SELECT i, abs(hashint4(i + 13)) % 100 AS h FROM generate_series(1, ${count}) i) g`;
}

/**
 * Per client: 30 % prospects; occasional (1–3 orders every 60–400 days), regular (4–11 every
 * 30–90 days), frequent (13–25 every 15–40 days); a quarter stopped buying 150–700 days ago.
 * About 5.05 orders per contact. Moroccan clients pay in MAD, the others in EUR.
 */
export const PURCHASES_SQL = `
  INSERT INTO purchases (contact_id, order_id, ordered_at, amount, currency)
  SELECT p.id, 'B' || p.id || '-' || g,
         now() - make_interval(days => p.last_days + (g - 1) * p.interval_days, secs => abs(hashint4((p.id * 31 + g)::int)) % 86400),
         round(p.basket * (0.5 + (abs(hashint4((p.id * 17 + g)::int)) % 1000) / 1000.0) * CASE WHEN p.country = 'MA' THEN 10 ELSE 1 END, 2),
         CASE WHEN p.country = 'MA' THEN 'MAD' ELSE 'EUR' END
  FROM (
    SELECT id, country,
           CASE WHEN cls < 30 THEN 0 WHEN cls < 65 THEN 1 + h1 % 3 WHEN cls < 85 THEN 4 + h1 % 8 ELSE 13 + h1 % 13 END AS orders,
           CASE WHEN cls < 65 THEN 60 + h2 % 340 WHEN cls < 85 THEN 30 + h2 % 60 ELSE 15 + h2 % 25 END AS interval_days,
           CASE WHEN h3 % 4 = 0 THEN 150 + h3 % 550 ELSE h3 % 120 END AS last_days,
           20 + h2 % 280 AS basket
    FROM (SELECT id, country, abs(hashint4(id::int)) % 100 AS cls, abs(hashint4(id::int + 1000003)) AS h1,
                 abs(hashint4(id::int + 2000003)) AS h2, abs(hashint4(id::int + 3000017)) AS h3 FROM contacts) h
  ) p CROSS JOIN LATERAL generate_series(1, p.orders) g`;

/** E-mail: 63 % granted by checkbox, 7 % "granted" by accepting terms (no consent), 10 % withdrawn; SMS: 40 % granted. */
export const CONSENT_SQL = [
  `INSERT INTO consent_states (contact_id, channel, status, legal_basis, method, collected_at, event_id)
   SELECT id, 'email', CASE WHEN h < 70 THEN 'granted' ELSE 'withdrawn' END, CASE WHEN h < 70 THEN 'consent' ELSE 'objection' END,
          CASE WHEN h < 63 THEN 'checkbox' WHEN h < 70 THEN 'terms_acceptance' ELSE 'unsubscribe_link' END, now() - interval '200 days', 0
   FROM (SELECT id, abs(hashint4(id::int + 555)) % 100 AS h FROM contacts) x WHERE h < 80`,
  `INSERT INTO consent_states (contact_id, channel, status, legal_basis, method, collected_at, event_id)
   SELECT id, 'sms', 'granted', 'consent', 'double_opt_in', now() - interval '100 days', 0
   FROM contacts WHERE abs(hashint4(id::int + 999)) % 100 < 40`,
  `INSERT INTO suppressions (channel, value_hash, reason) SELECT 'email', email_hash, 'hard_bounce' FROM contacts WHERE id % 100 = 7`,
];
