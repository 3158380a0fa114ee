import { gatewayTests } from './helpers/gateway-tests';
import { caddy } from './helpers/gateways';

/** Real Caddy (Debian's caddy) running examples/caddy/Caddyfile: forward_auth to Consentry. */
gatewayTests(caddy);
