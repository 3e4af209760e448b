/** The complaint codes in French, for the console's pages. An unknown code shows as itself. */

export const STATUS_LABELS: Record<string, string> = {
  received: 'Reçue',
  acknowledged: 'Accusé de réception envoyé',
  qualified: 'Qualifiée',
  in_resolution: 'En traitement',
  answered: 'Répondue',
  closed: 'Close',
};

export const CHANNEL_LABELS: Record<string, string> = {
  email: 'E-mail',
  phone: 'Téléphone',
  letter: 'Courrier',
  web: 'Site web',
  coupon: 'Coupon-réponse',
  survey: 'Enquête',
  counter: 'Au comptoir',
};

export const CAUSE_LABELS: Record<string, string> = {
  delivery_delay: 'Retard de livraison',
  product_defect: 'Produit défectueux',
  billing_error: 'Erreur de facturation',
  reception: 'Accueil',
  after_sales: 'Service après-vente',
  missing_information: 'Information manquante',
  other: 'Autre',
  unqualified: 'Non qualifiée',
};

export const TYPE_LABELS: Record<string, string> = {
  good_faith: 'Bonne foi (garantie)',
  bad_faith: 'Mauvaise foi (mauvaise utilisation)',
  seller_fault: 'Faute du vendeur (information manquante)',
};

export const CONDITION_LABELS: Record<string, string> = {
  client_satisfied: 'Client satisfait',
  gesture_accepted: 'Geste commercial accepté',
  unfounded: 'Réclamation non fondée',
};

export const COMPENSATION_LABELS: Record<string, string> = {
  refund: 'Remboursement',
  credit_note: 'Avoir',
  voucher: "Bon d'achat",
  free_service: 'Prestation gratuite',
  discount: 'Remise',
};

/** Colour and words: the colour alone says nothing to some readers. */
export const DUE_STATE_LABELS: Record<string, string> = {
  late: 'En retard',
  today: "Échéance aujourd'hui",
  on_time: 'À temps',
  answered_on_time: 'Répondue à temps',
  answered_late: 'Répondue en retard',
};

export const DUE_RULE_LABELS: Record<string, string> = {
  urgent_and_important: 'urgente et importante : 24 heures ouvrées',
  requested_delay: 'urgente ou importante : le délai demandé par le client',
  within_the_week: 'ni urgente ni importante : dans la semaine',
  maximum: 'au plus tard 5 jours ouvrés après réception',
};

export function label(labels: Record<string, string>, code: string | null | undefined): string {
  if (code === null || code === undefined || code === '') return '–';
  return Object.hasOwn(labels, code) ? labels[code] : code;
}

/** `[{ value, label, selected }]` for a `<select>`. */
export function options(codes: readonly string[], labels: Record<string, string>, selected?: string | null) {
  return codes.map((value) => ({ value, label: label(labels, value), selected: value === selected }));
}
