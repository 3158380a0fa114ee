import { Injectable } from '@nestjs/common';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { HotCaches } from '../database/cache/hot-caches.service';

/**
 * Prometheus metrics, one registry per application (tests boot several in a process):
 * requests per route, token issuance and verification outcomes, cache hits, janitor deletions.
 */
@Injectable()
export class Metrics {
  readonly registry = new Registry();

  readonly requests = new Histogram({
    name: 'consentry_http_request_duration_seconds',
    help: 'HTTP requests by route, method and status',
    labelNames: ['route', 'method', 'status'],
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });

  readonly verifications = new Counter({
    name: 'consentry_auth_verifications_total',
    help: 'Gateway verifications by OAuth version and result (ok or the refusal key)',
    labelNames: ['oauth_version', 'result'],
    registers: [this.registry],
  });

  readonly tokens = new Counter({
    name: 'consentry_oauth2_tokens_issued_total',
    help: 'OAuth 2 token responses by grant type',
    labelNames: ['grant_type'],
    registers: [this.registry],
  });

  /** Read from the caches' own counts at each scrape: hits / (hits + misses) is the hit ratio. */
  readonly cacheLookups: Counter<'cache' | 'result'>;

  readonly janitor = new Counter({
    name: 'consentry_janitor_deleted_rows_total',
    help: 'Expired rows deleted by the janitor',
    labelNames: ['table'],
    registers: [this.registry],
  });

  constructor(caches: HotCaches) {
    collectDefaultMetrics({ register: this.registry, prefix: 'consentry_' });
    this.cacheLookups = new Counter({
      name: 'consentry_cache_lookups_total',
      help: 'Hot-path cache lookups by cache and result (hit or miss)',
      labelNames: ['cache', 'result'],
      registers: [this.registry],
      collect() {
        this.reset();
        for (const [cache, { hits, misses }] of caches.stats()) {
          this.inc({ cache, result: 'hit' }, hits);
          this.inc({ cache, result: 'miss' }, misses);
        }
      },
    });
  }
}
