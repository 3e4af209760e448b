import type { DataSource } from 'typeorm';

export const FRENCH_SENDER = {
  name: 'Maison Atlas',
  email: 'contact@maison-atlas.example',
  postal_address: '8, place Bellecour, 69002 Lyon',
  place: 'Lyon',
  country: 'FR',
  signatory_name: 'Éloïse Dumézil',
  signatory_title: 'Responsable de la relation client',
};

/** `count` persons with addresses in France (postal codes spread out), purchases for some. */
export async function insertContacts(db: DataSource, count: number, prefix = 'L'): Promise<void> {
  await db.query(
    `INSERT INTO contacts (external_id, type, civility, first_name, last_name, email, phone, address_line1, postal_code, city, country, timezone, attributes)
     SELECT $1 || lpad(i::text, 5, '0'), 'person', CASE WHEN i % 2 = 0 THEN 'Mme' ELSE 'M.' END,
            (ARRAY['Hélène', 'Gaël', 'Zoé', 'François', 'Anaïs'])[1 + i % 5], 'Lefèvre-' || i,
            'c' || i || '@exemple.fr', '+3361234' || lpad(i::text, 4, '0'),
            i || ', rue de l''Église', lpad(((i * 7919) % 95000 + 1000)::text, 5, '0'), 'Saint-Étienne', 'FR', 'Europe/Paris',
            jsonb_build_object('points_fidelite', i * 10)
     FROM generate_series(1, $2) AS i`,
    [prefix, count],
  );
}
