/** Reference lists for the demo base: common French and Moroccan names, real cities and postal codes. */
export const FRENCH_FIRST_NAMES = {
  female: ['Marie', 'Camille', 'Léa', 'Chloé', 'Manon', 'Inès', 'Sophie', 'Nathalie', 'Isabelle', 'Élodie', 'Céline', 'Hélène', 'Agnès', 'Zoé', 'Françoise', 'Anaïs', 'Juliette', 'Margaux'],
  male: ['Jean', 'Pierre', 'Nicolas', 'Julien', 'Thomas', 'Lucas', 'Hugo', 'François', 'Stéphane', 'Jérôme', 'Benoît', 'Gaël', 'Théo', 'Mathis', 'Loïc', 'André', 'Rémi', 'Olivier'],
};
export const FRENCH_LAST_NAMES = ['Martin', 'Bernard', 'Dubois', 'Thomas', 'Robert', 'Richard', 'Petit', 'Durand', 'Leroy', 'Moreau', 'Simon', 'Laurent', 'Lefèvre', 'Michel', 'Garcia', 'Bonnet', 'Gérard', 'Rousseau', 'Mercier', 'Faure', 'Chevalier', 'Lemaître', 'Bœuf', 'Noël'];
export const MOROCCAN_FIRST_NAMES = {
  female: ['Fatima', 'Khadija', 'Amina', 'Salma', 'Meryem', 'Nadia', 'Zineb', 'Hajar', 'Samira', 'Imane', 'Ghita', 'Houda', 'Loubna', 'Sanae', 'Yasmine', 'Kenza'],
  male: ['Mohamed', 'Youssef', 'Ahmed', 'Omar', 'Hamza', 'Karim', 'Mehdi', 'Rachid', 'Said', 'Adil', 'Hicham', 'Anas', 'Amine', 'Othmane', 'Ilyas', 'Driss'],
};
export const MOROCCAN_LAST_NAMES = ['Alaoui', 'Bennani', 'El Idrissi', 'Benjelloun', 'Tazi', 'Berrada', 'Chraibi', 'El Amrani', 'Fassi Fihri', 'Lahlou', 'Ouazzani', 'Sqalli', 'Kettani', 'Benkirane', 'Naciri', 'Bouzid', 'El Khatib', 'Ziani'];

export interface DemoCity {
  city: string;
  postalCode: string;
  region: string;
  country: 'FR' | 'MA';
}

export const MOROCCAN_CITIES: DemoCity[] = [
  { city: 'Casablanca', postalCode: '20250', region: 'Casablanca-Settat', country: 'MA' },
  { city: 'Casablanca', postalCode: '20100', region: 'Casablanca-Settat', country: 'MA' },
  { city: 'Rabat', postalCode: '10000', region: 'Rabat-Salé-Kénitra', country: 'MA' },
  { city: 'Salé', postalCode: '11000', region: 'Rabat-Salé-Kénitra', country: 'MA' },
  { city: 'Marrakech', postalCode: '40000', region: 'Marrakech-Safi', country: 'MA' },
  { city: 'Fès', postalCode: '30000', region: 'Fès-Meknès', country: 'MA' },
  { city: 'Meknès', postalCode: '50000', region: 'Fès-Meknès', country: 'MA' },
  { city: 'Tanger', postalCode: '90000', region: 'Tanger-Tétouan-Al Hoceïma', country: 'MA' },
  { city: 'Agadir', postalCode: '80000', region: 'Souss-Massa', country: 'MA' },
  { city: 'Oujda', postalCode: '60000', region: "L'Oriental", country: 'MA' },
];

export const FRENCH_CITIES: DemoCity[] = [
  { city: 'Paris', postalCode: '75011', region: 'Île-de-France', country: 'FR' },
  { city: 'Paris', postalCode: '75015', region: 'Île-de-France', country: 'FR' },
  { city: 'Boulogne-Billancourt', postalCode: '92100', region: 'Île-de-France', country: 'FR' },
  { city: 'Lyon', postalCode: '69003', region: 'Auvergne-Rhône-Alpes', country: 'FR' },
  { city: 'Grenoble', postalCode: '38000', region: 'Auvergne-Rhône-Alpes', country: 'FR' },
  { city: 'Marseille', postalCode: '13008', region: "Provence-Alpes-Côte d'Azur", country: 'FR' },
  { city: 'Nice', postalCode: '06000', region: "Provence-Alpes-Côte d'Azur", country: 'FR' },
  { city: 'Toulouse', postalCode: '31000', region: 'Occitanie', country: 'FR' },
  { city: 'Montpellier', postalCode: '34000', region: 'Occitanie', country: 'FR' },
  { city: 'Bordeaux', postalCode: '33000', region: 'Nouvelle-Aquitaine', country: 'FR' },
  { city: 'Lille', postalCode: '59000', region: 'Hauts-de-France', country: 'FR' },
  { city: 'Nantes', postalCode: '44000', region: 'Pays de la Loire', country: 'FR' },
  { city: 'Strasbourg', postalCode: '67000', region: 'Grand Est', country: 'FR' },
  { city: 'Bourg-en-Bresse', postalCode: '01000', region: 'Auvergne-Rhône-Alpes', country: 'FR' },
];

export const STREETS = {
  FR: ['rue de la République', 'avenue Jean Jaurès', 'boulevard Voltaire', 'rue des Écoles', 'place du Marché', 'rue Pasteur', 'chemin des Vignes', 'allée des Tilleuls'],
  MA: ['boulevard Mohammed V', 'avenue Hassan II', 'rue Ibn Battouta', 'boulevard Zerktouni', 'avenue des FAR', 'rue Allal Ben Abdellah', 'boulevard Anfa', 'avenue Moulay Youssef'],
};

export const COMPANY_NAMES = {
  FR: ['Boulangerie Dupain', 'Cabinet Lefèvre & Associés', 'Garage du Centre', 'Hôtel Les Tilleuls', 'Imprimerie Moderne', 'Pharmacie de la Gare', 'Atelier Bois & Déco', 'Restaurant Le Gourmet', 'Clinique Saint-Éloi', 'Transports Mercier'],
  MA: ['Riad Dar Salam', 'Atlas Distribution SARL', 'Café Hafa', 'Clinique Al Amal', 'Société Marocaine de Textile', 'Pharmacie Anfa', 'Menuiserie Zerktouni', 'Agence Sahara Voyages', 'Imprimerie Al Maghrib', 'Restaurant Dar Zitoun'],
};

export const JOB_TITLES = ['Gérant', 'Gérante', 'Directrice des achats', 'Directeur administratif', 'Responsable des services généraux', 'Office manager', 'Chef de cuisine', 'Pharmacienne titulaire'];

export const EMAIL_DOMAINS = { FR: ['gmail.com', 'orange.fr', 'free.fr', 'laposte.net', 'outlook.fr', 'sfr.fr'], MA: ['gmail.com', 'menara.ma', 'hotmail.com', 'yahoo.fr', 'iam.ma'] };

export const ACQUISITION_CHANNELS = ['magasin', 'site web', 'salon', 'parrainage', 'réseaux sociaux'];
