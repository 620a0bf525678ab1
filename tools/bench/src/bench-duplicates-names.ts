// The names bench:duplicates builds its register from: the given names and surnames of the children
// who cross Mexico's southern border (Central American, Venezuelan, Haitian, indigenous
// Guatemalan), wider than platform-load's lists so that rare names are rare, each list drawn
// with the 1/rank skew of real registers. Invented combinations, no real person.

/** Central American and Mexican given names, most common first. */
export const GIVEN_F = [
  'María', 'Ana', 'Sofía', 'Daniela', 'Fernanda', 'Guadalupe', 'Karla', 'Dulce', 'Rosa', 'Wendy', 'Yeimi', 'Lesly', 'Glenda', 'Milagro',
  'Elvia', 'Ixchel', 'Alejandra', 'Gabriela', 'Valeria', 'Camila', 'Andrea', 'Paola', 'Jennifer', 'Kimberly', 'Yaritza', 'Dayana',
  'Esther', 'Marisol', 'Odalys', 'Nahomi', 'Fabiola', 'Keila', 'Brenda', 'Mayra', 'Heidy', 'Iris', 'Lucía', 'Jazmín', 'Yesenia',
  'Nayeli', 'Fátima', 'Estrella', 'Mariela', 'Yolanda', 'Ingrid', 'Lourdes', 'Melany', 'Ashley', 'Génesis', 'Nicole', 'Allison',
  'Yeimy', 'Jessica', 'Yesica', 'Yenifer', 'Joselin', 'Yoselin', 'Marleny', 'Sandra', 'Floridalma', 'Rosario', 'Carmen', 'Josefa',
  'Xiomara', 'Dania', 'Emely', 'Dilcia', 'Celeste', 'Abigail', 'Noemí', 'Rut', 'Sara', 'Zoila', 'Isabel', 'Mercedes', 'Aracely',
  'Leticia', 'Lizbeth', 'Ixmucané', 'Wendi', 'Lesli', 'Heidi', 'Dallana', 'Lisbeth',
];
export const GIVEN_M = [
  'José', 'Juan', 'Luis', 'Carlos', 'Jorge', 'Kevin', 'Brayan', 'Héctor', 'Marvin', 'Santos', 'Edwin', 'Oscar', 'Fernando', 'Byron',
  'Ángel', 'Cristian', 'Miguel', 'Jesús', 'David', 'Josué', 'Anderson', 'Wilmer', 'Elmer', 'Erick', 'Selvin', 'Jefferson', 'Darwin',
  'Yordi', 'Francisco', 'Antonio', 'Samuel', 'Mateo', 'Wilson', 'Nelson', 'Rigoberto', 'Alexander', 'Dennis', 'Melvin', 'Pedro',
  'Jhonatan', 'Jonathan', 'Yeferson', 'Kevyn', 'Brian', 'Elías', 'Abner', 'Gerson', 'Jairo', 'Alexis', 'Hugo', 'Walter', 'Rudy',
  'Mynor', 'Axel', 'Emerson', 'Noé', 'Eliseo', 'Baudilio', 'Tomás', 'Esvin', 'Bayron', 'Yonatan', 'Jhon', 'Erwin', 'Gilberto', 'Saúl',
  'Rony', 'Henry', 'Ismael', 'Abraham', 'Eduardo', 'Ricardo', 'Joel', 'Esdras', 'Misael', 'Kener', 'Lester', 'Christian', 'Marbin',
  'Jordi', 'Esbin', 'John',
];
export const FAMILY = [
  'López', 'García', 'Hernández', 'Pérez', 'Martínez', 'Ramírez', 'González', 'Rodríguez', 'Cruz', 'Gómez', 'Reyes', 'Flores',
  'Morales', 'Mejía', 'Castillo', 'Ortiz', 'Chávez', 'Juárez', 'Vásquez', 'Mendoza', 'Aguilar', 'Rivera', 'Méndez', 'Díaz', 'Sánchez',
  'Romero', 'Torres', 'Álvarez', 'Ramos', 'Velásquez', 'Escobar', 'Orellana', 'Portillo', 'Argueta', 'Alvarado', 'Rojas', 'Contreras',
  'Guerrero', 'Medina', 'Suárez', 'Acosta', 'Zelaya', 'Jiménez', 'Vargas', 'Salazar', 'Herrera', 'Ruiz', 'Estrada', 'Castro',
  'Sandoval', 'Montoya', 'Villatoro', 'Pineda', 'Paz', 'Lara', 'Barrios', 'Solís', 'Zúñiga', 'Fuentes', 'Cardona', 'Bautista',
  'Ventura', 'Carranza', 'Figueroa', 'Monterroso', 'Maldonado', 'Osorio', 'Bonilla', 'Funes', 'Amaya', 'Guzmán', 'Molina', 'Lemus',
  'Quintanilla', 'Umaña', 'Cáceres', 'Aguirre', 'Navarro', 'Rosales', 'Valle', 'Girón', 'Hernandes', 'Velázquez', 'Gonzales', 'Gomes',
];
/** Venezuelan given names and surnames (drawn for half of Venezuelan children's given names, a third of their surnames). */
export const GIVEN_F_VE = [
  'Wilmary', 'Yusmary', 'Yorbelis', 'Mariangel', 'Oriana', 'Yuleisy', 'Dayerlin', 'Yusleidy', 'Yelitza', 'Anyelis', 'Valentina',
  'Victoria', 'Scarleth', 'Yeniret', 'Nathaly', 'Arianna', 'Yanelis', 'Mariannys', 'Yuleisi', 'Daniela',
];
export const GIVEN_M_VE = [
  'Yorman', 'Deivis', 'Jeferson', 'Yonaiker', 'Leonel', 'Wuilmer', 'Yohandry', 'Jhoan', 'Eduar', 'Yeison', 'Keiber', 'Brayner',
  'Richard', 'Yender', 'Dilan', 'Santiago', 'Josmar', 'Jesús', 'Anderson', 'Luis',
];
export const FAMILY_VE = ['Rondón', 'Briceño', 'Colmenares', 'Zambrano', 'Peña', 'Marcano', 'Salas', 'Parra', 'Rivas', 'Urdaneta', 'Petit', 'Graterol', 'Gil', 'Nieves', 'Mora'];
/** Haitian given names and surnames (Haitian children draw only from these, mostly one surname). */
export const GIVEN_F_HT = [
  'Roselande', 'Nadège', 'Widline', 'Mirlande', 'Fabiola', 'Guerline', 'Jesula', 'Marie', 'Lovely', 'Darline', 'Esther', 'Sabine',
  'Naomie', 'Rose-Merline', 'Judith', 'Wislande', 'Nathalie', 'Bethanie', 'Christela', 'Youseline',
];
export const GIVEN_M_HT = [
  'Jean', 'Wilner', 'Jocelyn', 'Dieuseul', 'Wesner', 'Fritznel', 'Jean-Baptiste', 'Ricardo', 'Peterson', 'Mackenson', 'Ricot',
  'Frantz', 'Louvens', 'Jameson', 'Widson', 'Stevenson', 'Evens', 'Jean-Pierre', 'Kervens', 'Rodney',
];
export const FAMILY_HT = [
  'Jean-Baptiste', 'Pierre', 'Joseph', 'Louis', 'Charles', 'Jean', 'Dorvil', 'Saint-Fleur', 'Exantus', 'Désir', 'Étienne', 'Paul',
  'Augustin', 'Noël', 'François', 'Célestin', 'Toussaint', 'Alexandre', 'Michel', 'Petit-Frère', 'Fils-Aimé', 'Lafortune', 'Jeune',
  'Saintil', 'Délice',
];
/** Maya surnames (K'iche', Q'eqchi', Kaqchikel, Mam): over a third of Guatemalan children's surnames. */
export const FAMILY_MAYA = [
  'Xol', 'Coj', 'Tum', 'Caal', 'Pop', 'Tzul', 'Ajú', 'Cac', 'Ixcoy', 'Choc', 'Batz', 'Quej', 'Tiul', 'Chub', 'Maquín', 'Cuc', 'Ical',
  'Tzoc', 'Sicán', 'Ajanel', 'Chen', 'Tzunún', 'Xicará', 'Cumes', 'Saquic', 'Xoy', 'Yat', 'Sam', 'Bin', 'Chiquin', 'Cuxil', 'Boror',
  'Ixquiac', 'Chumil', 'Tuyuc', 'Sajché', 'Calel', 'Guarcas', 'Tecún', 'Us',
];

/** Nationalities declared, out of 100. */
export const NATIONALITY_MIX: ReadonlyArray<readonly [string, number]> = [
  ['GT', 30], ['HN', 25], ['VE', 12], ['SV', 10], ['HT', 8], ['NI', 3], ['CU', 3], ['EC', 3], ['CO', 3], ['MX', 3],
];

/**
 * Spellings officers really write for the same name, both ways: phonetic (Yeimi/Yeimy,
 * Jefferson/Yeferson, Jhonatan/Jonathan), accents (Josué/Josue) and a few the phonetic code does
 * not join (Brayan/Brian, Bayron/Byron), which then rest on trigram similarity.
 */
export const SPELLING_VARIANTS: ReadonlyArray<readonly [string, string]> = [
  ['Yeimi', 'Yeimy'], ['Jefferson', 'Yeferson'], ['Jeferson', 'Jefferson'], ['Josué', 'Josue'], ['Jhonatan', 'Jonathan'], ['Yonatan', 'Jhonatan'],
  ['Jennifer', 'Yenifer'], ['Kevin', 'Kevyn'], ['Wendy', 'Wendi'], ['Lesly', 'Lesli'], ['Yoselin', 'Joselin'], ['Jessica', 'Yesica'],
  ['Heidy', 'Heidi'], ['Brayan', 'Brian'], ['Yordi', 'Jordi'], ['Marvin', 'Marbin'], ['Hernández', 'Hernandes'], ['Vásquez', 'Vasques'],
  ['Velásquez', 'Velázquez'], ['González', 'Gonzales'], ['Gómez', 'Gomes'], ['Cristian', 'Christian'], ['Wilmer', 'Wuilmer'],
  ['Jhon', 'John'], ['Jazmín', 'Yasmín'], ['Dayana', 'Dallana'], ['Lizbeth', 'Lisbeth'], ['Esvin', 'Esbin'], ['Bayron', 'Byron'],
  ['Yuleisy', 'Yuleisi'], ['Ixchel', 'Ishel'], ['Jesús', 'Jesus'], ['Yesenia', 'Llesenia'], ['Xiomara', 'Siomara'],
];
