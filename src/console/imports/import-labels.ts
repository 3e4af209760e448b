import type { ColumnProblem } from '../../imports/column-mapping';

/** What each kind of file is, in the console's words, in the order `relance import` lists them. */
export const KIND_LABELS: Record<string, string> = {
  contacts: 'Contacts (clients et prospects)',
  purchases: 'Achats',
  consents: 'Consentements',
  suppressions: 'Adresses et numéros exclus (suppressions)',
  'do-not-call': 'Liste d’opposition au démarchage téléphonique',
};

/** The standard fields in French; the canonical name follows in the select, as the CLI's --map takes it. */
export const FIELD_LABELS: Record<string, string> = {
  external_id: 'Identifiant client',
  type: 'Type (personne ou société)',
  civility: 'Civilité',
  first_name: 'Prénom',
  last_name: 'Nom',
  company_name: 'Société',
  job_title: 'Fonction',
  email: 'E-mail',
  phone: 'Téléphone',
  address_line1: 'Adresse',
  address_line2: 'Complément d’adresse',
  postal_code: 'Code postal',
  city: 'Ville',
  region: 'Région',
  country: 'Pays',
  birth_date: 'Date de naissance',
  locale: 'Langue',
  timezone: 'Fuseau horaire',
  loyalty_card_expires_on: 'Fin de la carte de fidélité',
  contract_renews_on: 'Renouvellement du contrat',
  order_id: 'N° de commande',
  ordered_at: 'Date de commande',
  amount: 'Montant',
  currency: 'Devise',
  response_code: 'Code réponse',
  channel: 'Canal',
  status: 'Statut',
  method: 'Mode de recueil',
  legal_basis: 'Base légale',
  source: 'Source',
  collected_at: 'Date de recueil',
  wording: 'Libellé affiché',
  ip: 'Adresse IP',
  user_agent: 'Navigateur',
  address: 'Adresse e-mail ou numéro',
  reason: 'Motif',
};

export function fieldLabel(field: string): string {
  return FIELD_LABELS[field] ? `${FIELD_LABELS[field]} (${field})` : field;
}

/** A header or mapping problem, in French, naming the column (and its position) it concerns. */
export function columnProblemText(problem: ColumnProblem): string {
  switch (problem.code) {
    case 'override':
      return `Correspondance refusée : ${problem.message}`;
    case 'empty_header':
      return `La colonne ${problem.column} n’a pas d’en-tête : choisissez « Ignorer » ou un champ pour elle.`;
    case 'unknown_column':
      return `Colonne ${problem.column} « ${problem.header} » : relance ne la connaît pas pour ce type de fichier ; choisissez un champ ou « Ignorer ».`;
    case 'unused_override':
      return `Aucune colonne « ${problem.key} » dans la ligne d’en-tête.`;
    case 'duplicate_target':
      return `Les colonnes « ${problem.first} » et « ${problem.second} » alimentent toutes deux ${fieldLabel(problem.target)} : n’en gardez qu’une.`;
    case 'too_many_attributes':
      return `${problem.count} colonnes deviendraient des attributs personnalisés : ${problem.max} au plus par contact ; ignorez les autres.`;
    case 'missing_required':
      return `Champ obligatoire absent : ${fieldLabel(problem.field)}. Choisissez la colonne qui le contient.`;
  }
}

/** A refused file or form, in French: what is wrong and, when known, where. */
export function uploadErrorText(code: string, details: Record<string, unknown> | undefined): string {
  switch (code) {
    case 'imports.too_large':
      return `Le fichier dépasse la taille maximale acceptée (${Number(details?.max_bytes ?? 0).toLocaleString('fr-FR')} octets).`;
    case 'imports.no_file':
      return 'Aucun fichier reçu : choisissez un fichier CSV.';
    case 'imports.one_file':
      return 'Un seul fichier à la fois, dans le champ « Fichier CSV ».';
    case 'imports.unknown_kind':
      return 'Choisissez ce que contient le fichier (contacts, achats, consentements…).';
    case 'imports.empty_file':
      return 'Le fichier est vide : la première ligne doit nommer les colonnes.';
    case 'imports.no_rows':
      return 'Le fichier n’a qu’une ligne d’en-tête : aucune ligne de données à partir de la ligne 2.';
    case 'imports.utf16':
      return 'Le fichier est en UTF-16 (« texte Unicode ») : enregistrez-le en CSV UTF-8 ou Windows-1252 (« CSV séparateur point-virgule »).';
    case 'imports.not_csv':
      return `Ce n’est pas un fichier CSV : contenu binaire à l’octet ${Number(details?.byte ?? 1).toLocaleString('fr-FR')} (un classeur Excel ? enregistrez-le au format CSV).`;
    default:
      return 'Le formulaire envoyé est incomplet ou mal formé : rechargez la page et réessayez.';
  }
}
