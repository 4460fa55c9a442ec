// Anonymised presenting (issue 13): with the switch on, the engine names clients, managers,
// departments and files by pseudonyms ("Клиент 3", "Менеджер B") in the report it returns, so the
// page, the charts, print, meeting mode and the exports all show only those. What the user picks on
// screen (a client to take away in the what-if, a mark, a merge) is a pseudonym: it is mapped back
// to the real name here, in memory only, before it is sent to the engine or stored with the marks.
// The map comes from the engine (Session.pseudonyms(): clients by revenue rank over the whole
// file), so a pseudonym stays the same across periods, rules and what-ifs.

const anonState = {
  on: false,
  toReal: new Map(), // pseudonym → real name
  toShown: new Map(), // real name → pseudonym
};

/** Is the report on screen anonymised? */
export function isAnon() {
  return anonState.on;
}

/** Switches anonymising on or off; off forgets the map (the next report names everyone). */
export function setAnon(on) {
  anonState.on = Boolean(on);
  if (!anonState.on) {
    anonState.toReal = new Map();
    anonState.toShown = new Map();
  }
}

/** Takes the engine's `[[pseudonym, realName], …]`. */
export function setPseudonyms(pairs) {
  anonState.toReal = new Map();
  anonState.toShown = new Map();
  if (!Array.isArray(pairs)) return;
  for (const p of pairs) {
    if (!Array.isArray(p) || typeof p[0] !== 'string' || typeof p[1] !== 'string') continue;
    anonState.toReal.set(p[0], p[1]);
    anonState.toShown.set(p[1], p[0]);
  }
}

/** The real name behind a name on screen (itself when it is not a pseudonym). */
export function realName(name) {
  return anonState.on && anonState.toReal.has(name) ? anonState.toReal.get(name) : name;
}

/** The name to show for a real name (itself when anonymising is off or it has no pseudonym). */
export function shownName(name) {
  return anonState.on && anonState.toShown.has(name) ? anonState.toShown.get(name) : name;
}
