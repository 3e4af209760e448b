import type { FieldProblem } from '../../core/errors/domain-error';
import { FORM_INPUTS } from './automation-form';

/** A problem of the definition, said in French next to the input it comes from (`input` null: the form as a whole). */
export interface FormProblem {
  input: string | null;
  label: string;
  reason: string;
}

const CHANNEL_NAMES: Record<string, string> = { email: 'e-mail', sms: 'SMS', letter: 'courrier', phone: 'téléphone' };

/** Each path of the automation's JSON the form fills: its input, its label and what it must be, in French. */
const INPUTS: Array<[path: RegExp, input: (match: RegExpMatchArray) => string, label: string, reason: string]> = [
  [/^name$/, () => 'nom', 'Nom', 'donnez un nom, sur une ligne, de 200 caractères au plus'],
  [/^trigger(\.type)?$/, () => 'declencheur', 'Déclencheur', 'choisissez quand le message part'],
  [
    /^trigger\.local_time$/,
    () => 'heure',
    "Heure d'envoi",
    "une heure de la journée, de 00:00 à 23:59 (par exemple 09:30), à l'heure du client",
  ],
  [
    /^trigger\.field$/,
    () => 'date_suivie',
    'Date suivie',
    'choisissez une date de la fiche client (pour un attribut, son nom en minuscules, chiffres et « _ »)',
  ],
  [
    /^trigger\.offset_days$/,
    () => 'jours_avant',
    'Jours avant ou après la date',
    'des nombres entiers de jours, séparés par des virgules (par exemple 30, 7), chacun une seule fois',
  ],
  [/^trigger\.every_months$/, () => 'tous_les_mois', 'Répéter tous les', 'un nombre entier de mois entre 1 et 120'],
  [/^trigger\.attempts$/, () => 'tentatives', 'Nombre de relances', 'un nombre entier entre 1 et 5'],
  [/^trigger\.retry_after_days$/, () => 'intervalle', 'Jours entre deux relances', 'un nombre entier entre 1 et 365'],
  [/^trigger\.delay_days$/, () => 'delai', 'Délai', 'un nombre entier de jours entre 0 et 365'],
  [/^trigger\.month$/, () => 'mois', 'Mois', 'choisissez un mois'],
  [/^trigger\.day$/, () => 'jour', 'Jour', 'un jour qui existe dans le mois choisi (1 à 31)'],
  [
    /^trigger\.name$/,
    () => 'evenement',
    "Nom de l'événement",
    'un nom en minuscules sans espace, par exemple referral_succeeded',
  ],
  [/^segment(_id)?$/, () => 'audience', 'Audience', 'choisissez un segment enregistré, ou toute la base'],
  [/^holdout_percent$/, () => 'groupe_temoin', 'Groupe témoin', 'un pourcentage entre 0 et 99'],
  [/^sender\.name$/, () => 'expediteur_nom', "Nom de l'expéditeur", 'donnez le nom qui signe les messages'],
  [
    /^sender\.email$/,
    () => 'expediteur_email',
    "Adresse e-mail de l'expéditeur",
    'une adresse e-mail, nécessaire dès qu’une étape envoie un e-mail',
  ],
  [/^steps$/, () => 'etape1_modele', 'Étape 1', 'choisissez au moins le canal et le modèle de la première étape'],
  [/^steps\[(\d+)\]\.channel$/, (m) => `etape${Number(m[1]) + 1}_canal`, 'Canal', 'choisissez un canal'],
  [
    /^steps\[(\d+)\]\.template$/,
    (m) => `etape${Number(m[1]) + 1}_modele`,
    'Modèle',
    'choisissez un modèle du canal de l’étape',
  ],
  [
    /^steps\[(\d+)\]\.delay_days$/,
    (m) => `etape${Number(m[1]) + 1}_delai`,
    'Délai après l’étape précédente',
    'un nombre entier de jours entre 0 et 3650',
  ],
  [/^costs\.fixed$/, () => 'cout_fixe', 'Coût fixe', 'un montant positif, par exemple 1 500 ou 0,35'],
  [/^costs\.per_message\.(\w+)$/, (m) => `cout_${m[1]}`, 'Coût par message', 'un montant positif, par exemple 0,35'],
];

/** What a service refusal says, in French, when the form cannot say it from the path alone. */
function reasonOf(problem: FieldProblem, fallback: string): string {
  if (problem.reason.startsWith('an automation is already named')) return 'une automatisation porte déjà ce nom';
  if (/ is a (\w+) template, the step is /.test(problem.reason)) {
    const [, template, step] = / is a (\w+) template, the step is (\w+)/.exec(problem.reason)!;
    return `ce modèle est un modèle ${CHANNEL_NAMES[template] ?? template}, l'étape est en ${CHANNEL_NAMES[step] ?? step}`;
  }
  if (/needs \{\{/.test(problem.reason) || /not found|no template|no library/i.test(problem.reason))
    return `${fallback} (${problem.reason})`;
  return fallback;
}

/** The definition's problems in French, each on its input when the form has one. */
export function formProblems(problems: FieldProblem[]): FormProblem[] {
  return problems.map((problem) => {
    for (const [path, input, label, reason] of INPUTS) {
      const match = path.exec(problem.field);
      if (!match) continue;
      const name = input(match);
      const step = /^etape(\d)/.exec(name);
      return {
        input: FORM_INPUTS.includes(name) ? name : null,
        label: step ? `Étape ${step[1]} : ${label.toLowerCase()}` : label,
        reason: reasonOf(problem, reason),
      };
    }
    return { input: null, label: problem.field, reason: problem.reason };
  });
}

/** Every input's message (empty when it has none), for the page's strict template. */
export function errorsByInput(problems: FormProblem[]): Record<string, string> {
  const errors: Record<string, string> = Object.fromEntries(FORM_INPUTS.map((input) => [input, '']));
  for (const problem of problems)
    if (problem.input && !errors[problem.input]) errors[problem.input] = `${problem.label} : ${problem.reason}`;
  return errors;
}
