// The scrubber and masking live on the ground floor (src/secrets.ts); this name stays for the
// modules that still import it from here.
export * from '../secrets.js';
