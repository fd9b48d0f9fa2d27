// Stands in for got's cacheable-request dependency in the bundle: edu-flow never sets got's
// `cache` option, the only path that constructs it. Any use fails loudly instead of silently.
export class CacheError extends Error {}
export default class CacheableRequest {
  constructor() {
    throw new Error('edu-flow is built without got response caching (scripts/unused-by-edu-flow)');
  }
}
