import { gatewayTests } from './helpers/gateway-tests';
import { nginx } from './helpers/gateways';

/** Real nginx (Debian's nginx-light) running examples/nginx/consentry.conf: auth_request to Consentry. */
gatewayTests(nginx);
