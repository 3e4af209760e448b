/**
 * What an erasure did, said from the contact's dossier read just before it (PrivacyService.erase:
 * personal data removed, addresses kept on the suppression list as keyed hashes, anonymous facts
 * kept so that reports still add up). Pure.
 */
type Row = Record<string, unknown>;

export interface DossierBefore {
  contact?: Row;
  purchases?: Row[];
  consents?: Row[];
  messages?: { messages?: Row[]; responses?: Row[]; events?: Row[] };
  complaints?: Row[];
  segments?: { scores?: Row | null; feedback?: Row | null };
}

function count(rows: unknown[] | undefined): number {
  return rows?.length ?? 0;
}

function plural(n: number, one: string, many: string): string {
  return `${String(n)} ${n === 1 ? one : many}`;
}

export function erasureView(before: DossierBefore) {
  const contact = before.contact ?? {};
  const externalId = typeof contact.external_id === 'string' ? contact.external_id : '';
  const email = typeof contact.email === 'string' && contact.email ? contact.email : null;
  const phone = typeof contact.phone === 'string' && contact.phone ? contact.phone : null;
  const erased = [
    "L'identité (civilité, prénom, nom, société, fonction), l'adresse postale, l'e-mail, le téléphone, la date de naissance, les dates de carte et de contrat, la langue, le fuseau et les attributs du contact.",
    `Les preuves de consentement (adresse IP, navigateur, source, pièces) de ${plural(count(before.consents), 'événement', 'événements')} du registre ; la décision et sa date restent, anonymes.`,
    `Les données de fusion de ${plural(count(before.messages?.messages), 'message', 'messages')}, le texte libre de ${plural(count(before.messages?.responses), 'réponse', 'réponses')} et le détail de ${plural(count(before.messages?.events), 'événement', 'événements')}.`,
    `Le texte de ${plural(count(before.complaints), 'réclamation', 'réclamations')} (objet, description, échanges).`,
    before.segments?.scores || before.segments?.feedback
      ? 'Les scores (RFM, cycle de vie, niveau de valeur) et les indicateurs de satisfaction.'
      : null,
  ].filter((line): line is string => line !== null);
  const suppressed = [
    email ? "L'adresse e-mail (liste d'opposition e-mail)" : null,
    phone ? "Le numéro de téléphone (listes d'opposition SMS et téléphone)" : null,
  ].filter((line): line is string => line !== null);
  return {
    externalId,
    erased,
    suppressed,
    kept: [
      `${plural(count(before.purchases), 'achat', 'achats')} et ${plural(count(before.messages?.messages), 'message', 'messages')}, rattachés à un contact anonyme : les bilans des campagnes restent justes.`,
    ],
  };
}
