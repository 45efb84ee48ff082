// What an incremental model's rows depend on besides the records it reads: a row derived under other
// rules is derived again (each model's rules_fingerprint column).

/** FNV-1a (32 bits) of a text, in hex. */
function fnv1a(text) {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return hash.toString(16).padStart(8, "0");
}

/** The catalog (services, path prefixes, teams, settings) and the overrides. */
function rules() {
  return fnv1a(JSON.stringify([catalog.services, catalog.settings, overrides.lists]));
}

module.exports = { fnv1a, rules };
