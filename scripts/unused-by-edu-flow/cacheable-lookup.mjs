// Stands in for got's cacheable-lookup dependency in the bundle: edu-flow never sets got's
// `dnsCache` option, the only path that constructs it. Any use fails loudly instead of silently.
export default class CacheableLookup {
  constructor() {
    throw new Error('edu-flow is built without got DNS caching (scripts/unused-by-edu-flow)');
  }
}
