// Problems live on the ground floor (src/problem.ts); this name stays for the modules that still
// import it from here.
export * from '../problem.js';
