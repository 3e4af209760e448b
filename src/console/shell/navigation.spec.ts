import { navigation } from './navigation';

describe('console navigation', () => {
  it('lists the pages in order, the outbox only when messages go to files, Paramètres only for admins', () => {
    const labels = (outbox: boolean, role: 'admin' | 'marketer' | 'manager') =>
      navigation({ path: '/', role, outbox }).map((item) => item.label);
    expect(labels(true, 'admin')).toEqual([
      'Tableau de bord',
      'Campagnes',
      'Automatisations',
      'Segments',
      'Modèles',
      'Contacts',
      'Réclamations',
      'Appels',
      'Coupons',
      "Boîte d'envoi",
      'Paramètres',
    ]);
    expect(labels(false, 'admin')).not.toContain("Boîte d'envoi");
    expect(labels(true, 'manager')).not.toContain('Paramètres');
    expect(labels(true, 'marketer')).not.toContain('Paramètres');
  });

  it('marks the current entry, including the pages below it', () => {
    const current = (path: string) =>
      navigation({ path, role: 'admin', outbox: true })
        .filter((item) => item.current)
        .map((item) => item.href);
    expect(current('/')).toEqual(['/']);
    expect(current('/campagnes/123')).toEqual(['/campagnes']);
    expect(current('/campagnes-x')).toEqual([]);
  });
});
