import { Registry } from 'prom-client';

/** The service's Prometheus registry; libs add their metrics (e.g. gauges with `collect`) to it. */
export class MetricsRegistry extends Registry {}
